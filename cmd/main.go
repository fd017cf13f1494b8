// Package cmd is the migrate command line. Its public entry points are Main
// (what main.go at the repository root calls) and Run (the same, in process, with
// given arguments and streams, returning the exit status), configured by Options
// such as WithMetadata. Inside, each command is one file in the shape of GitHub
// CLI's commands: an unexported options struct filled from the flags, a run
// function, and a constructor taking the run function tests inject.
package cmd

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/pprof"
	"sync/atomic"
	"syscall"

	"github.com/retortdb/migrate/lint"
	"github.com/retortdb/migrate/schema"
)

// Version is the tool's version: printed by `migrate version` and --version,
// written into the history table's tool_version and offline script headers.
// A release build sets it with
// -ldflags "-X github.com/retortdb/migrate/cmd.Version=v1.2.3"; left empty, it
// is filled at start-up from the module version Go records in the binary (what
// `go install github.com/retortdb/migrate@v1.2.3` builds), else "(devel)".
var Version string

// Commit is the source revision the binary was built from: set with -ldflags
// "-X github.com/retortdb/migrate/cmd.Commit=<hash>", else read from the VCS
// stamp Go records, else from a pseudo-version's hash; "" when none is known.
var Commit string

func init() {
	Version, Commit = buildVersion(Version, Commit, readBuildInfo)
}

// Option configures Main and Run: WithMetadata, WithGoSteps.
type Option func(*factory)

// WithMetadata hands the declared metadata to the CLI directly, for users who build
// their own binary: then `revision --autogenerate` and `check` need no Go toolchain
// at run time and ignore migrate.yaml's metadata section.
func WithMetadata(m *schema.MetaData) Option {
	return func(f *factory) { f.metadata = m }
}

// Main runs the command line with os.Args and exits with its status: 0 success, 1
// failure (check: 1 changes detected, 3 the check failed), 2 usage error,
// 130/143 when interrupted by SIGINT/SIGTERM.
func Main(opts ...Option) {
	ctx, cancel := context.WithCancel(context.Background())
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	go func() {
		s := <-sigs
		got.Store(s)
		cancel()
	}()
	opts = append(opts, func(f *factory) {
		f.signalName = func() string {
			if s, ok := got.Load().(os.Signal); ok && s == syscall.SIGTERM {
				return "terminated"
			}
			return "interrupt"
		}
	})
	stop := startCPUProfile(os.Getenv("MIGRATE_CPUPROFILE"), os.Stderr)
	code := Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, opts...)
	stop()
	cancel()
	os.Exit(code)
}

// startCPUProfile writes a CPU profile of the whole command to path (for
// contributors: MIGRATE_CPUPROFILE=cpu.out migrate check, then go tool pprof);
// "" does nothing. A file that cannot be created or a profile that cannot
// start is reported on w and the command runs unprofiled. The returned
// function stops the profile and closes the file.
func startCPUProfile(path string, w io.Writer) func() {
	if path == "" {
		return func() {}
	}
	file, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(w, "migrate: MIGRATE_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(file); err != nil {
		fmt.Fprintf(w, "migrate: MIGRATE_CPUPROFILE: %v\n", err)
		file.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		file.Close()
	}
}

// Run runs the command line with args and the given streams, and returns the exit
// status. It never calls os.Exit, so tests can call it.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, opts ...Option) int {
	f := &factory{IO: ioStreams{In: stdin, Out: stdout, ErrOut: stderr}, args: args, lintSources: []lint.Source{lint.Destructive}}
	for _, o := range opts {
		o(f)
	}
	root := newCmdRoot(f)
	root.SetArgs(moveNegativeRevs(root, args))
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	return exitCode(ctx, f, err)
}
