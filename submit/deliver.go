package submit

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Defaults for zero Deliverer fields.
const (
	// DefaultBudget is how long, once every answer is handed over, delivery
	// goes on while no message gets through: outages of minutes are ridden
	// out, a server gone for good ends the run with the answers undelivered
	// (and kept in the journal for a re-run).
	DefaultBudget     = 10 * time.Minute
	DefaultBackoff    = 500 * time.Millisecond
	DefaultMaxBackoff = 30 * time.Second
)

// Clock is time as the Deliverer sees it (tests inject a fake one).
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx is done (returning ctx.Err()).
	Sleep(ctx context.Context, d time.Duration) error
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }
func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Delivery is one answer handed to a Deliverer.
type Delivery struct {
	Message Message
	Made    Made
	Reason  string // why solving failed (Made == Failed)
}

// Report says what a Deliverer did.
type Report struct {
	// Accepted and Rejected count this run's verdicts; Failed counts the
	// accepted answers that were empty because solving failed.
	Accepted, Rejected, Failed int
	// MaybeDuplicate counts refusals that may be a second copy turned away.
	MaybeDuplicate int
	// Undelivered lists, sorted, the problems without a verdict: their
	// answers are in the journal, and a re-run of the mission sends them.
	Undelivered []string
	// EndAccepted: end_of_mission was accepted in this run.
	EndAccepted bool
	// EndErr says why end_of_mission was not sent or not accepted.
	EndErr error
}

// Deliverer sends a mission's messages, one at a time, in the order they
// are handed over, and ends the mission only when every answer has a
// verdict.
//
// Policy (the protocol has one answer per problem and no way to replace
// or withdraw one; our grader keeps the first):
//   - Each answer is written to the journal (with how it was made) before
//     it is sent, and its verdict after. An answer with a verdict is never
//     sent again for that mission.
//   - Connection failures, timeouts, 5xx, 408, 425 and 429 are retried with
//     exponential backoff (Backoff doubling to MaxBackoff, or the server's
//     Retry-After), for as long as answers are still being handed over and
//     then for Budget without any message getting through. Other failures
//     (4xx without a protocol reply, 303, too many redirects) leave that
//     answer undelivered and delivery goes on with the next.
//   - An ERROR reply is a verdict (the server read the answer and refused
//     it; sending it again cannot help). When an earlier attempt may have
//     reached the server (a timeout after the request was written, or a
//     process that died before journaling the reply) the refusal is marked
//     MaybeDuplicate.
//   - end_of_mission is sent last, once, and only when every problem
//     passed to Finish has a verdict; it is journaled when accepted.
//   - When the context given to Start is cancelled (a signal), delivery
//     stops at once: the request in flight is abandoned, nothing more is
//     sent, and end_of_mission is not sent.
type Deliverer struct {
	Sink Sink
	// Journal is required: its mission gives end_of_mission's team and
	// hash (NewMemoryJournal when nothing may be written).
	Copies  []Sink // every message handed over is also written here (the --out file)
	Journal *Journal
	Logger  *slog.Logger
	// Budget: see the type's doc (DefaultBudget when zero).
	Budget time.Duration
	// Backoff is the first wait between attempts; it doubles up to
	// MaxBackoff (defaults 500 ms and 30 s).
	Backoff, MaxBackoff time.Duration
	Clock               Clock

	mu        sync.Mutex
	ctx       context.Context
	queue     []queued
	wake      chan struct{}
	finishing bool
	finishAt  time.Time
	progress  time.Time
	gaveUp    bool
	undeliv   map[string]error
	handed    map[string]bool
	report    Report
	done      chan struct{}
	started   bool
}

// Start begins delivering in the background until Finish; cancelling ctx
// stops delivery at once.
func (d *Deliverer) Start(ctx context.Context) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.started {
		return
	}
	d.started = true
	if d.Clock == nil {
		d.Clock = realClock{}
	}
	if d.Budget <= 0 {
		d.Budget = DefaultBudget
	}
	if d.Backoff <= 0 {
		d.Backoff = DefaultBackoff
	}
	if d.MaxBackoff <= 0 {
		d.MaxBackoff = DefaultMaxBackoff
	}
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	d.ctx = ctx
	d.wake = make(chan struct{}, 1)
	d.done = make(chan struct{})
	d.undeliv = map[string]error{}
	d.handed = map[string]bool{}
	d.progress = d.Clock.Now()
	go d.loop()
}

// Delivered reports whether a problem already has a verdict (in this run
// or an earlier run of the mission).
func (d *Deliverer) Delivered(problemNo string) bool {
	_, ok := d.Journal.Verdict(problemNo)
	return ok
}

// Deliver journals an answer and queues it. It does not wait for the
// server. An answer whose problem already has a verdict is dropped (with a
// log line), since the protocol takes one answer per problem. The error
// reports a journal that could not be written (the answer is sent anyway).
func (d *Deliverer) Deliver(dl Delivery) error {
	no := dl.Message.ProblemNo
	if e, ok := d.Journal.Verdict(no); ok {
		d.Logger.Warn("problem already has the server's verdict; this answer is not sent", "problem_no", no, "outcome", e.Outcome)
		return nil
	}
	d.mu.Lock()
	dup := d.handed[no]
	d.handed[no] = true
	d.mu.Unlock()
	if dup {
		d.Logger.Warn("a second answer for the same problem is not sent (one answer per problem)", "problem_no", no)
		return nil
	}
	// An answer an earlier process handed over may have reached the server
	// before that process died.
	prior, _ := d.Journal.Answer(no)
	jerr := d.Journal.addAnswer(Entry{ProblemNo: no, Made: dl.Made, Reason: dl.Reason, Message: dl.Message})
	if jerr != nil {
		d.Logger.Error("journal write failed; a re-run may send this answer again", "problem_no", no, "err", jerr)
	}
	d.copy(dl.Message)
	d.mu.Lock()
	if d.gaveUp || d.ctx.Err() != nil {
		d.undeliv[no] = errors.New("not sent: delivery had stopped")
		d.mu.Unlock()
		return jerr
	}
	d.queue = append(d.queue, queued{Delivery: dl, earlier: prior.Earlier})
	d.mu.Unlock()
	d.poke()
	return jerr
}

func (d *Deliverer) copy(m Message) {
	for _, c := range d.Copies {
		if _, err := c.Send(d.ctx, m); err != nil {
			d.Logger.Error("copy of message failed", "err", err)
		}
	}
}

func (d *Deliverer) poke() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

func (d *Deliverer) loop() {
	defer close(d.done)
	for {
		d.mu.Lock()
		if d.ctx.Err() != nil || d.gaveUp {
			for _, q := range d.queue {
				d.undeliv[q.Message.ProblemNo] = errors.New("not sent: delivery stopped")
			}
			d.queue = nil
			d.mu.Unlock()
			return
		}
		if len(d.queue) == 0 {
			if d.finishing {
				d.mu.Unlock()
				return
			}
			d.mu.Unlock()
			select {
			case <-d.wake:
			case <-d.ctx.Done():
			}
			continue
		}
		dl := d.queue[0]
		d.queue = d.queue[1:]
		d.mu.Unlock()
		d.deliverAnswer(dl)
	}
}

// queued is a Delivery waiting to be sent.
type queued struct {
	Delivery
	earlier bool // an earlier process handed this problem's answer over
}

func (d *Deliverer) deliverAnswer(dl queued) {
	no := dl.Message.ProblemNo
	resp, maybe, err := d.send(dl.Message)
	if err != nil {
		d.mu.Lock()
		d.undeliv[no] = err
		d.mu.Unlock()
		if d.ctx.Err() == nil {
			d.Logger.Error("answer not delivered", "problem_no", no, "err", err)
		}
		return
	}
	e := Entry{ProblemNo: no, Status: resp.Status, Msg: resp.Msg}
	if resp.OK() {
		e.Outcome = Accepted
	} else {
		e.Outcome = Rejected
		e.MaybeDuplicate = maybe || dl.earlier
	}
	if jerr := d.Journal.addReply(e); jerr != nil {
		d.Logger.Error("journal write failed; a re-run may send this answer again", "problem_no", no, "err", jerr)
	}
	d.mu.Lock()
	delete(d.undeliv, no)
	switch {
	case e.Outcome == Accepted:
		d.report.Accepted++
		if dl.Made == Failed {
			d.report.Failed++
		}
	default:
		d.report.Rejected++
		if e.MaybeDuplicate {
			d.report.MaybeDuplicate++
		}
	}
	d.mu.Unlock()
	switch {
	case e.Outcome == Accepted:
		d.Logger.Debug("accepted", "problem_no", no, "made", dl.Made, "msg", resp.Msg)
	case e.MaybeDuplicate:
		d.Logger.Warn("server refused the answer; an earlier attempt may have delivered it already", "problem_no", no, "status", resp.Status, "msg", resp.Msg)
	default:
		d.Logger.Error("server refused the answer", "problem_no", no, "status", resp.Status, "msg", resp.Msg)
	}
}

// send delivers one message with retries. maybe reports that an attempt
// before the reply may have reached the server.
func (d *Deliverer) send(m Message) (resp Response, maybe bool, err error) {
	wait := d.Backoff
	for attempt := 1; ; attempt++ {
		resp, err := d.Sink.Send(d.ctx, m)
		if err == nil {
			d.mu.Lock()
			d.progress = d.Clock.Now()
			d.mu.Unlock()
			return resp, maybe, nil
		}
		if d.ctx.Err() != nil {
			return Response{}, maybe, fmt.Errorf("%s: interrupted: %w", describe(m), d.ctx.Err())
		}
		retry, after := true, time.Duration(0)
		var se *SendError
		if errors.As(err, &se) {
			retry, after = se.Retry, se.RetryAfter
			maybe = maybe || se.MaybeReceived
		}
		if !retry {
			return Response{}, maybe, fmt.Errorf("%s: not retried: %w", describe(m), err)
		}
		if out, since := d.outOfBudget(); out {
			d.mu.Lock()
			d.gaveUp = true
			d.mu.Unlock()
			return Response{}, maybe, fmt.Errorf("%s: gave up after %d attempts, nothing delivered for %s (budget %s): %w", describe(m), attempt, since.Round(time.Second), d.Budget, err)
		}
		w := max(wait, after)
		if attempt == 1 || attempt%10 == 0 {
			d.Logger.Warn("delivery failed; retrying", "what", describe(m), "attempt", attempt, "wait", w, "err", err)
		}
		if d.Clock.Sleep(d.ctx, w) != nil {
			return Response{}, maybe, fmt.Errorf("%s: interrupted: %w", describe(m), d.ctx.Err())
		}
		wait = min(wait*2, d.MaxBackoff)
	}
}

// outOfBudget reports whether Finish was called and nothing got through
// for Budget since then or since the last reply.
func (d *Deliverer) outOfBudget() (bool, time.Duration) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.finishing {
		return false, 0
	}
	from := d.finishAt
	if d.progress.After(from) {
		from = d.progress
	}
	since := d.Clock.Now().Sub(from)
	return since >= d.Budget, since
}

// Finish waits until every queued answer has a verdict, delivery gave up,
// or the Start context is cancelled. Then, if every problem in problems
// has a verdict (from this run or the journal), it sends end_of_mission.
// The report lists the problems left without a verdict.
func (d *Deliverer) Finish(problems []string) Report {
	d.mu.Lock()
	d.finishing = true
	d.finishAt = d.Clock.Now()
	d.mu.Unlock()
	d.poke()
	<-d.done

	d.mu.Lock()
	rep := d.report
	d.mu.Unlock()
	seen := map[string]bool{}
	for _, no := range problems {
		if seen[no] {
			continue
		}
		seen[no] = true
		if _, ok := d.Journal.Verdict(no); !ok {
			rep.Undelivered = append(rep.Undelivered, no)
		}
	}
	sort.Strings(rep.Undelivered)
	switch {
	case d.ctx.Err() != nil:
		rep.EndErr = fmt.Errorf("end_of_mission not sent: interrupted (%w)", d.ctx.Err())
	case len(rep.Undelivered) > 0:
		rep.EndErr = fmt.Errorf("end_of_mission not sent: %d answers undelivered (%v)", len(rep.Undelivered), rep.Undelivered)
	default:
		if e, ok := d.Journal.Ended(); ok {
			rep.EndErr = fmt.Errorf("end_of_mission not sent: the mission already ended at %s", e.At.Format(time.RFC3339))
			break
		}
		end := NewEnd(d.Journal.Mission().TeamID, d.Journal.Mission().Hash)
		d.copy(end)
		resp, _, err := d.send(end)
		switch {
		case err != nil:
			rep.EndErr = err
		case !resp.OK():
			rep.EndErr = fmt.Errorf("end_of_mission refused: status %q: %s", resp.Status, resp.Msg)
		default:
			rep.EndAccepted = true
			if jerr := d.Journal.addEnd(resp); jerr != nil {
				d.Logger.Error("journal write failed", "err", jerr)
			}
		}
	}
	return rep
}
