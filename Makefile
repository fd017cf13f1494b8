# Release builds; see CONTRIBUTING.md. VERSION and COMMIT default to git's.
.PHONY: release release-check

release: ## static binaries for linux/darwin/windows x amd64/arm64 and dist/SHA256SUMS
	scripts/release.sh dist

release-check: ## build one target and check the checksum file (what CI runs)
	scripts/release.sh check
