package runner

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"

	"github.com/retortdb/migrate/dialect"
	"github.com/retortdb/migrate/gostep"
	"github.com/retortdb/migrate/revision"
)

// GoStepError says that a Go step failed: the function returned an error or
// panicked. It comes wrapped in a *StatementError naming the revision and the
// statement number, as a failing SQL statement does.
type GoStepError struct {
	Func string
	Err  error
	// Panic is true when the function panicked (Err holds the value and the
	// first frames of its stack).
	Panic bool
}

func (e *GoStepError) Error() string {
	if e.Panic {
		return fmt.Sprintf("go step %s panicked: %v", e.Func, e.Err)
	}
	return fmt.Sprintf("go step %s: %v", e.Func, e.Err)
}

func (e *GoStepError) Unwrap() error { return e.Err }

// MissingGoStepsError says that revisions of a plan name Go steps the runner has
// no function for. Nothing was run.
type MissingGoStepsError struct {
	// Missing are "revision: func" pairs, in plan order.
	Missing []string
	// Registered are the names the registry has.
	Registered []string
}

func (e *MissingGoStepsError) Error() string {
	have := "none is registered"
	if len(e.Registered) > 0 {
		have = "registered: " + strings.Join(e.Registered, ", ")
	}
	return fmt.Sprintf("revision(s) name Go steps that are not registered (%s; %s): register each with gostep.Register(\"NAME\", fn) in the go_steps package of migrate.yaml (or pass them with cmd.WithGoSteps / migrator.WithGoSteps); nothing was run",
		strings.Join(e.Missing, "; "), have)
}

// checkGoSteps returns a *MissingGoStepsError when a statement of p is a Go
// step reg has no function for.
func checkGoSteps(p *Plan, reg gostep.Registry) error {
	var missing []string
	for i := range p.Steps {
		st := &p.Steps[i]
		for _, s := range st.Statements {
			if s.Go == "" {
				continue
			}
			if f, ok := reg[s.Go]; !ok || f.Run == nil {
				missing = append(missing, fmt.Sprintf("%s of %s: %s", st.Direction, revLabel(st.Revision), s.Go))
			}
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &MissingGoStepsError{Missing: missing, Registered: reg.Names()}
}

// runGo calls the Go step s of st with x, the revision's transaction or
// connection. A panic is recovered into a *GoStepError (the transaction is
// then rolled back like for any failing statement).
func (r *Runner) runGo(ctx context.Context, x execer, st *Step, s dialect.Statement) (err error) {
	f, ok := r.GoSteps[s.Go]
	if !ok || f.Run == nil {
		return &GoStepError{Func: s.Go, Err: fmt.Errorf("not registered")}
	}
	x = r.traced(x)
	sess := &gostep.Session{
		DB:        x,
		Dialect:   r.Dialect.Name(),
		X:         r.X,
		Log:       r.goLogger().With("revision", st.Revision.ID, "go", s.Go),
		Revision:  st.Revision.ID,
		Downgrade: st.Direction == revision.Down,
	}
	if sess.X == nil {
		sess.X = map[string]string{}
	}
	defer func() {
		if v := recover(); v != nil {
			stack := string(debug.Stack())
			err = &GoStepError{Func: s.Go, Panic: true, Err: fmt.Errorf("%v (%s)", v, panicFrame(stack))}
		}
	}()
	if err := f.Run(ctx, sess); err != nil {
		return &GoStepError{Func: s.Go, Err: err}
	}
	return nil
}

// panicFrame returns the first frame of stack that is not the runtime's or
// this file's: where the Go step panicked.
func panicFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 1; i+1 < len(lines); i += 2 {
		fn, loc := strings.TrimSpace(lines[i]), strings.TrimSpace(lines[i+1])
		if strings.HasPrefix(fn, "runtime") || strings.HasPrefix(fn, "panic(") || strings.Contains(fn, "migrate/runner.") {
			continue
		}
		if j := strings.LastIndex(loc, " +0x"); j >= 0 {
			loc = loc[:j]
		}
		return "at " + loc
	}
	return "stack unknown"
}

// goLogger is Logger, or a logger whose records go to Log as "msg key=value"
// lines.
func (r *Runner) goLogger() *slog.Logger {
	if r.Logger != nil {
		return r.Logger
	}
	return slog.New(&logHandler{log: r.log})
}

// logHandler formats records as one line ("msg key=value …") for Runner.Log.
type logHandler struct {
	log   func(string)
	attrs []slog.Attr
}

func (h *logHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *logHandler) Handle(_ context.Context, rec slog.Record) error {
	var b strings.Builder
	if rec.Level >= slog.LevelWarn {
		b.WriteString(rec.Level.String() + ": ")
	}
	b.WriteString(rec.Message)
	add := func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value.Resolve())
		return true
	}
	for _, a := range h.attrs {
		add(a)
	}
	rec.Attrs(add)
	h.log(b.String())
	return nil
}

func (h *logHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &logHandler{log: h.log, attrs: append(append([]slog.Attr(nil), h.attrs...), as...)}
}

func (h *logHandler) WithGroup(string) slog.Handler { return h }

// OfflineGoError says that an offline (--sql) plan holds a Go step whose
// function gives no offline SQL, or whose offline SQL failed.
type OfflineGoError struct {
	Revision  string
	Direction string
	Func      string
	Err       error
}

func (e *OfflineGoError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("the %s of revision %s runs Go step %s, whose offline SQL failed: %v; no script was written", e.Direction, e.Revision, e.Func, e.Err)
	}
	return fmt.Sprintf("the %s of revision %s runs Go step %s, and an SQL script cannot run Go: no script was written; run it online (without --sql), or register the step with gostep.WithOfflineSQL giving the SQL the script prints instead", e.Direction, e.Revision, e.Func)
}

func (e *OfflineGoError) Unwrap() error { return e.Err }

// ResolveGo replaces every Go step of an offline plan by the SQL its
// registered offline function returns for the plan's dialect and x (see
// gostep.WithOfflineSQL). A Go step whose function is not in reg, or has no
// offline SQL, is an *OfflineGoError naming the revision and the function;
// the plan is then unchanged.
func (p *Plan) ResolveGo(reg gostep.Registry, x map[string]string) error {
	if x == nil {
		x = map[string]string{}
	}
	out := make([][]dialect.Statement, len(p.Steps))
	for i := range p.Steps {
		st := &p.Steps[i]
		for _, s := range st.Statements {
			if s.Go == "" {
				out[i] = append(out[i], s)
				continue
			}
			f, ok := reg[s.Go]
			if !ok || f.Offline == nil {
				return &OfflineGoError{Revision: revLabel(st.Revision), Direction: st.Direction.String(), Func: s.Go}
			}
			sqls, err := f.Offline(p.Dialect.Name(), x)
			if err != nil {
				return &OfflineGoError{Revision: revLabel(st.Revision), Direction: st.Direction.String(), Func: s.Go, Err: err}
			}
			for _, q := range sqls {
				out[i] = append(out[i], dialect.Statement{SQL: q, Op: s.Op})
			}
		}
	}
	for i := range p.Steps {
		p.Steps[i].Statements = out[i]
	}
	return nil
}

// firstGo returns the first Go statement of p and its step, or nil.
func (p *Plan) firstGo() (*Step, string) {
	for i := range p.Steps {
		for _, s := range p.Steps[i].Statements {
			if s.Go != "" {
				return &p.Steps[i], s.Go
			}
		}
	}
	return nil, ""
}
