package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/solve"
)

// ProblemSolver answers one problem (solve.Solver; a fake in tests).
type ProblemSolver interface {
	Solve(ctx context.Context, p dataset.Problem) (solve.Answer, error)
}

// ErrProblemTimeout is returned (wrapped) for a problem that ran past its
// time limit.
var ErrProblemTimeout = errors.New("problem time limit exceeded")

// DefaultMaxOverrun is how many solves that overran their limit may still
// be running at once (see boundedSolver).
const DefaultMaxOverrun = 2

// boundedSolver enforces a time limit per problem. The solver gets a
// context with that deadline; a solver that does not return by then (some
// native code, e.g. OCR inside cgo, cannot be interrupted) is abandoned:
// its goroutine runs on until the solver returns and its answer is
// dropped. Leak bound: at most maxOverrun abandoned solves run at once;
// while that many are still running, the next problem waits for one of
// them to end, within its own time limit, and fails with
// ErrProblemTimeout if none does. So memory and CPU held by abandoned work
// never exceed maxOverrun solves' worth.
type boundedSolver struct {
	s       ProblemSolver
	timeout time.Duration
	slots   chan struct{} // one per running solve: the current one plus abandoned ones
}

func newBoundedSolver(s ProblemSolver, timeout time.Duration, maxOverrun int) *boundedSolver {
	if maxOverrun <= 0 {
		maxOverrun = DefaultMaxOverrun
	}
	return &boundedSolver{s: s, timeout: timeout, slots: make(chan struct{}, maxOverrun+1)}
}

// Solve answers p within the time limit. On timeout it returns the empty
// answer and an error wrapping ErrProblemTimeout; when ctx itself is done
// it returns ctx's error.
func (b *boundedSolver) Solve(ctx context.Context, p dataset.Problem) (solve.Answer, error) {
	pctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	select {
	case b.slots <- struct{}{}:
	case <-pctx.Done():
		if ctx.Err() != nil {
			return solve.Empty(p), ctx.Err()
		}
		return solve.Empty(p), fmt.Errorf("problem %s: %w (%s) waiting for %d earlier solves that overran their limit to end", p.ProblemNo, ErrProblemTimeout, b.timeout, cap(b.slots)-1)
	}
	type result struct {
		ans solve.Answer
		err error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-b.slots }()
		ans, err := b.s.Solve(pctx, p)
		done <- result{ans, err}
	}()
	select {
	case r := <-done:
		if r.err != nil && ctx.Err() == nil && errors.Is(r.err, context.DeadlineExceeded) {
			r.err = fmt.Errorf("problem %s: %w (%s): %w", p.ProblemNo, ErrProblemTimeout, b.timeout, r.err)
		}
		return r.ans, r.err
	case <-pctx.Done():
		if ctx.Err() != nil {
			return solve.Empty(p), ctx.Err()
		}
		return solve.Empty(p), fmt.Errorf("problem %s: %w (%s); the solver did not stop and was abandoned", p.ProblemNo, ErrProblemTimeout, b.timeout)
	}
}
