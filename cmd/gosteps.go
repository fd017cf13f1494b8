package cmd

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"syscall"

	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/internal/metaload"
)

// WithGoSteps hands the functions of the revisions' Go steps (go: {func: NAME})
// to the CLI directly, for users who build their own binary: upgrade and
// downgrade then run them in process, with no Go toolchain at run time, and
// ignore migrate.yaml's go_steps section.
func WithGoSteps(r gostep.Registry) Option {
	return func(f *factory) {
		if r == nil {
			r = gostep.Registry{}
		}
		f.goSteps = r
	}
}

// exitStatusError carries the exit status of the runner program a run was
// handed to; that program printed its own ERROR line.
type exitStatusError struct{ code int }

func (e *exitStatusError) Error() string { return "" }

// handOff runs the command in the runner program built from go_steps.package
// (metaload.BuildRunner) when migrate.yaml names that package and this binary
// has no registry (WithGoSteps); it reports whether it did, and the run's
// outcome. It reads no revision file: the runner reads them. The program gets the same arguments,
// streams and environment; SIGINT/SIGTERM received here are passed on, and its
// exit status becomes this one's.
func (f *factory) handOff(ctx context.Context) (bool, error) {
	if f.goSteps != nil {
		return false, nil
	}
	c, err := f.Config()
	if err != nil || c.GoStepsPackage == "" {
		return false, nil
	}
	built, err := metaload.BuildRunner(ctx, metaload.RunnerSpec{Dir: c.Dir, Package: c.GoStepsPackage, Symbol: c.GoStepsSymbol})
	if err != nil {
		return true, err
	}
	if built.Built && f.Verbose {
		f.Info("Built the Go step runner for %s", c.GoStepsPackage)
	}
	cmd := exec.Command(built.Path, f.args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = f.IO.In, f.IO.Out, f.IO.ErrOut
	if err := cmd.Start(); err != nil {
		return true, errors.New("starting the Go step runner " + built.Path + ": " + err.Error() + "; nothing was run: run again (a failed cache entry is rebuilt after you delete it)")
	}
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			sig := os.Signal(os.Interrupt)
			if f.signalName != nil && f.signalName() == "terminated" {
				sig = syscall.SIGTERM
			}
			_ = cmd.Process.Signal(sig)
		case <-done:
		}
	}()
	err = cmd.Wait()
	close(done)
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code := ee.ExitCode()
		if code < 0 {
			code = 1
		}
		return true, &exitStatusError{code: code}
	}
	if err != nil {
		return true, errors.New("running the Go step runner " + built.Path + ": " + err.Error())
	}
	return true, nil
}
