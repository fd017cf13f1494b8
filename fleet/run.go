package fleet

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// DefaultParallel is how many targets run at once when Options.Parallel is 0.
const DefaultParallel = 4

// Status is where a target ended up.
type Status string

// The statuses of a Result.
const (
	// Applied: the command changed the target (revisions ran, rows stamped).
	Applied Status = "applied"
	// Unchanged: the target was already at the goal; nothing was written.
	Unchanged Status = "unchanged"
	// OK: a command that only reads (current, check) succeeded.
	OK Status = "ok"
	// Changes: check found differences between the target and the metadata.
	Changes Status = "changes"
	// Failed: the command failed on the target; Error says why.
	Failed Status = "failed"
	// Skipped: the target was not started (a canary failed, --fail-fast, or
	// the run was interrupted); Error says why.
	Skipped Status = "skipped"
)

// Outcome is what the function Run calls returns for one target.
type Outcome struct {
	// From and To are the target's version rows before and after.
	From, To []string
	// Status is Applied, Unchanged, OK or Changes; Run sets Failed when Err is
	// not nil and Status is "".
	Status Status
	// Err is the failure (or, with Changes, what was found).
	Err error
}

// Result is one target's line of the report (and its --format json object).
type Result struct {
	Target string   `json:"target"`
	From   []string `json:"from"`
	To     []string `json:"to"`
	Status Status   `json:"status"`
	// Error is the failure, one line ("" when none).
	Error string `json:"error"`
	// Duration is how long the target took, in seconds.
	Duration float64 `json:"duration"`
	// Err is the failure as an error.
	Err error `json:"-"`
}

// Options bound and order a Run.
type Options struct {
	// Parallel is how many targets run at once (0: DefaultParallel).
	Parallel int
	// Canary, when above 0, runs the first Canary targets first; if one of
	// them fails, the others are skipped.
	Canary int
	// FailFast skips the targets not started yet once one has failed; those
	// running finish.
	FailFast bool
	// Progress, when not nil, is told of every start and end (a terminal line).
	Progress *Progress
}

// Func runs the command on one target. It must be safe to call from several
// goroutines at once.
type Func func(ctx context.Context, t Target) Outcome

// Run calls do on every target, at most o.Parallel at a time (an
// errgroup.Group with a limit), and returns one Result per target in the
// targets' order. A failing target never stops the others, except as
// o.Canary and o.FailFast say; targets not started when ctx ends are Skipped.
func Run(ctx context.Context, targets []Target, o Options, do Func) []Result {
	res := make([]Result, len(targets))
	for i, t := range targets {
		res[i] = Result{Target: t.Name, From: []string{}, To: []string{}, Status: Skipped}
	}
	var mu sync.Mutex
	stop := ""
	if o.Progress != nil {
		o.Progress.Begin(len(targets))
		defer o.Progress.End()
	}
	batch := func(from, to int) {
		g := new(errgroup.Group)
		n := o.Parallel
		if n <= 0 {
			n = DefaultParallel
		}
		g.SetLimit(n)
		for i := from; i < to; i++ {
			// Go waits for a free slot; whether the target still runs is
			// decided when it gets one.
			g.Go(func() error {
				mu.Lock()
				why := stop
				mu.Unlock()
				if why == "" && ctx.Err() != nil {
					why = "not run: the run was interrupted"
				}
				if why != "" {
					res[i].Error = why
					if o.Progress != nil {
						o.Progress.Done(targets[i].Name, Skipped)
					}
					return nil
				}
				if o.Progress != nil {
					o.Progress.Start(targets[i].Name)
				}
				start := time.Now()
				out := do(ctx, targets[i])
				r := Result{Target: targets[i].Name, From: list(out.From), To: list(out.To), Status: out.Status, Err: out.Err, Duration: time.Since(start).Seconds()}
				if out.Err != nil {
					r.Error = out.Err.Error()
					if r.Status == "" {
						r.Status = Failed
					}
				}
				if r.Status == "" {
					r.Status = OK
				}
				res[i] = r
				if r.Status == Failed && o.FailFast {
					mu.Lock()
					if stop == "" {
						stop = fmt.Sprintf("not run: --fail-fast after %s failed", r.Target)
					}
					mu.Unlock()
				}
				if o.Progress != nil {
					o.Progress.Done(targets[i].Name, r.Status)
				}
				return nil
			})
		}
		_ = g.Wait()
	}
	first := 0
	if o.Canary > 0 && o.Canary < len(targets) {
		first = o.Canary
		batch(0, first)
		for _, r := range res[:first] {
			if r.Status == Failed {
				mu.Lock()
				if stop == "" {
					stop = fmt.Sprintf("not run: canary target %s failed", r.Target)
				}
				mu.Unlock()
				break
			}
		}
	}
	batch(first, len(targets))
	return res
}

func list(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// Count returns how many results have status s.
func Count(res []Result, s Status) int {
	n := 0
	for _, r := range res {
		if r.Status == s {
			n++
		}
	}
	return n
}
