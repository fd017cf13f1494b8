package fleet

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// WriteTable writes results as a table, one row per target (TARGET, STATUS,
// FROM, TO, SECONDS, ERROR), then one line counting the statuses, such as
// "50 targets: 49 applied, 1 failed".
func WriteTable(w io.Writer, res []Result) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TARGET\tSTATUS\tFROM\tTO\tSECONDS\tERROR")
	for _, r := range res {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.2f\t%s\n", r.Target, r.Status, revs(r.From), revs(r.To), r.Duration, r.Error)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, Summary(res))
	return err
}

func revs(s []string) string {
	if len(s) == 0 {
		return "base"
	}
	return strings.Join(s, ",")
}

// Summary is one line counting res by status, in a fixed order:
// "3 targets: 2 applied, 1 failed".
func Summary(res []Result) string {
	parts := []string{}
	for _, s := range []Status{Applied, Unchanged, OK, Changes, Failed, Skipped} {
		if n := Count(res, s); n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, s))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("%d targets", len(res))
	}
	return fmt.Sprintf("%d targets: %s", len(res), strings.Join(parts, ", "))
}

// WriteJSON writes results as a JSON array of {target, from, to, status,
// error, duration} objects (duration in seconds; lists are never null).
func WriteJSON(w io.Writer, res []Result) error {
	if res == nil {
		res = []Result{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(res)
}

// Progress draws one line on a terminal while a fleet runs: targets done,
// failed, running and waiting, and the running target that started first
// (the slowest so far), redrawn in place every Interval.
type Progress struct {
	// W is the terminal.
	W io.Writer
	// Interval is how often the line is redrawn (0: 200ms).
	Interval time.Duration

	mu                   sync.Mutex
	wmu                  sync.Mutex // one write to W at a time
	total, done, failed  int
	running              map[string]time.Time
	stopTick, tickerDone chan struct{}
}

// Begin draws the line for total targets, none started, and keeps redrawing
// it until End.
func (p *Progress) Begin(total int) {
	p.mu.Lock()
	p.total, p.done, p.failed = total, 0, 0
	p.running = map[string]time.Time{}
	p.stopTick, p.tickerDone = make(chan struct{}), make(chan struct{})
	p.mu.Unlock()
	p.draw()
	iv := p.Interval
	if iv <= 0 {
		iv = 200 * time.Millisecond
	}
	go func() {
		defer close(p.tickerDone)
		t := time.NewTicker(iv)
		defer t.Stop()
		for {
			select {
			case <-p.stopTick:
				return
			case <-t.C:
				p.draw()
			}
		}
	}()
}

// Start records that target name began.
func (p *Progress) Start(name string) {
	p.mu.Lock()
	p.running[name] = time.Now()
	p.mu.Unlock()
}

// Done records that target name ended with status s.
func (p *Progress) Done(name string, s Status) {
	p.mu.Lock()
	delete(p.running, name)
	p.done++
	if s == Failed {
		p.failed++
	}
	p.mu.Unlock()
}

// Line is the progress line's text (without the terminal's control codes).
func (p *Progress) Line() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	waiting := p.total - p.done - len(p.running)
	s := fmt.Sprintf("%d/%d done, %d failed, %d running, %d waiting", p.done, p.total, p.failed, len(p.running), waiting)
	slowest, since := "", time.Time{}
	for name, t := range p.running {
		if slowest == "" || t.Before(since) || (t.Equal(since) && name < slowest) {
			slowest, since = name, t
		}
	}
	if slowest != "" {
		s += fmt.Sprintf("; slowest: %s (%s)", slowest, time.Since(since).Round(100*time.Millisecond))
	}
	return s
}

func (p *Progress) draw() {
	line := p.Line()
	p.wmu.Lock()
	defer p.wmu.Unlock()
	fmt.Fprint(p.W, "\r\x1b[K"+line)
}

// End stops drawing and clears the line.
func (p *Progress) End() {
	close(p.stopTick)
	<-p.tickerDone
	p.wmu.Lock()
	defer p.wmu.Unlock()
	fmt.Fprint(p.W, "\r\x1b[K")
}
