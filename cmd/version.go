package cmd

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/retortdb/migrate/cmd/internal/cmdutil"
	"github.com/retortdb/migrate/internal/drivers"
	"github.com/spf13/cobra"
)

// develVersion is the version of a build that carries no version at all (go run,
// go build in a checkout without VCS stamping).
const develVersion = "(devel)"

// readBuildInfo is debug.ReadBuildInfo; tests call buildVersion with their own.
var readBuildInfo = debug.ReadBuildInfo

// buildVersion returns the version and commit the binary reports. A non-empty
// ldVersion or ldCommit (set with -ldflags -X) wins. Otherwise the version is
// the main module's version from the build information (v1.2.3 for `go install
// …@v1.2.3`, a pseudo-version for a commit, a VCS-derived version for a build
// in a tagged checkout), or "(devel)"; the commit is the vcs.revision setting
// (with "-dirty" when vcs.modified is true), else the 12-hex-digit hash at the
// end of a pseudo-version, else "".
func buildVersion(ldVersion, ldCommit string, read func() (*debug.BuildInfo, bool)) (version, commit string) {
	version, commit = ldVersion, ldCommit
	info, ok := read()
	if version == "" {
		version = develVersion
		if ok && info.Main.Version != "" {
			version = info.Main.Version
		}
	}
	if commit == "" && ok {
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				commit = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if commit != "" && modified {
			commit += "-dirty"
		}
		if commit == "" {
			commit = pseudoVersionHash(info.Main.Version)
		}
	}
	return version, commit
}

// pseudoVersionHash returns the commit hash a pseudo-version ends with
// (v0.0.0-20260102150405-abcdef123456, v1.2.4-0.20260102150405-abcdef123456,
// with an optional +incompatible or +dirty), or "" when v is not one.
func pseudoVersionHash(v string) string {
	if i := strings.IndexByte(v, '+'); i >= 0 {
		v = v[:i]
	}
	i := strings.LastIndexByte(v, '-')
	if i < 0 || len(v)-i-1 != 12 {
		return ""
	}
	hash, stamp := v[i+1:], v[:i]
	for _, c := range hash {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return ""
		}
	}
	// The 14-digit UTC timestamp before the hash (after "-" or ".").
	if len(stamp) < 15 || (stamp[len(stamp)-15] != '-' && stamp[len(stamp)-15] != '.') {
		return ""
	}
	for _, c := range stamp[len(stamp)-14:] {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return hash
}

// historyToolVersionMax is the width of the history table's tool_version
// column (varchar(40)).
const historyToolVersionMax = 40

// historyVersion is v as the history table's tool_version holds it: v itself,
// or, when longer than the column (a pseudo-version with +dirty), its first 40
// bytes, so a long version never makes the history INSERT fail.
func historyVersion(v string) string {
	if len(v) > historyToolVersionMax {
		return v[:historyToolVersionMax]
	}
	return v
}

// versionOptions are the options of `migrate version`.
type versionOptions struct {
	F      *factory
	Format string
}

// versionInfo is the --format json shape of `migrate version`.
type versionInfo struct {
	// Version is Version; Commit is Commit ("" when unknown).
	Version string `json:"version"`
	Commit  string `json:"commit"`
	// GoVersion is the Go toolchain that built the binary (runtime.Version()).
	GoVersion string `json:"go_version"`
	// Dialects are the databases compiled in, by dialect name.
	Dialects []string `json:"dialects"`
}

// newCmdVersion is `migrate version`; runF (nil: runVersion) runs it.
func newCmdVersion(f *factory, runF func(*versionOptions) error) *cobra.Command {
	o := &versionOptions{F: f}
	c := &cobra.Command{
		Use:   "version",
		Short: "Print migrate's version, commit, Go version and compiled-in dialects",
		Args:  cmdutil.NoArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if err := formatFlagCheck(o.Format); err != nil {
				return err
			}
			if runF != nil {
				return runF(o)
			}
			return runVersion(o)
		},
	}
	c.Flags().StringVar(&o.Format, "format", "text", "output format: text or json")
	return c
}

func currentVersionInfo() versionInfo {
	v := versionInfo{Version: Version, Commit: Commit, GoVersion: runtime.Version(), Dialects: []string{}}
	for _, d := range drivers.All() {
		v.Dialects = append(v.Dialects, d.Dialect.Name())
	}
	return v
}

func runVersion(o *versionOptions) error {
	v := currentVersionInfo()
	if o.Format == "json" {
		return writeJSON(o.F.IO.Out, v)
	}
	commit := v.Commit
	if commit == "" {
		commit = "unknown"
	}
	_, err := fmt.Fprintf(o.F.IO.Out, "migrate %s\ncommit: %s\ngo: %s\ndialects: %s\n", v.Version, commit, v.GoVersion, strings.Join(v.Dialects, ", "))
	return err
}
