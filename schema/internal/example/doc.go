// Package models is DESIGN.md's "Declared metadata" example. models.go holds it
// verbatim, so the contract is compiled and tested with every change, and
// internal/scratch serves the same file to tests that need it as a user's source.
package models
