package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/internal/worklock"
	"github.com/policyqa/policyqa/solve"
	"github.com/policyqa/policyqa/submit"
)

// stuckSolver answers "ok" at once, except for the problems in stuck,
// which it never finishes (ignoring ctx) until release is closed.
type stuckSolver struct {
	stuck   map[string]bool
	release chan struct{}
}

func (s stuckSolver) Solve(_ context.Context, p dataset.Problem) (solve.Answer, error) {
	if s.stuck[p.ProblemNo] {
		<-s.release
	}
	if p.Task() == dataset.TaskCollection {
		return solve.Answer{Value: "ok", Evidence: []solve.Evidence{}}, nil
	}
	return solve.Answer{Value: "ok"}, nil
}

func TestBoundedSolverAbandonsAndBoundsLeak(t *testing.T) {
	release := make(chan struct{})
	b := newBoundedSolver(stuckSolver{stuck: map[string]bool{"1": true, "2": true, "3": true}, release: release}, 20*time.Millisecond, 1)
	p := func(no string) dataset.Problem { return dataset.Problem{ProblemNo: no, TaskNo: "3"} }
	for _, no := range []string{"1", "2"} {
		ans, err := b.Solve(context.Background(), p(no))
		if !errors.Is(err, ErrProblemTimeout) || ans.Value != "" || !strings.Contains(err.Error(), "abandoned") {
			t.Fatalf("problem %s: %v, %v", no, ans, err)
		}
	}
	// Two solves still run (the limit of one overrun plus the slot of the
	// current problem): the third waits within its own limit and fails.
	if _, err := b.Solve(context.Background(), p("4")); !errors.Is(err, ErrProblemTimeout) || !strings.Contains(err.Error(), "overran") {
		t.Fatalf("problem 4: %v", err)
	}
	close(release)
	for i := 0; ; i++ {
		ans, err := b.Solve(context.Background(), p("5"))
		if err == nil {
			if ans.Value != "ok" {
				t.Fatalf("answer %v", ans)
			}
			break
		}
		if i > 1000 {
			t.Fatalf("abandoned solves never gave their slots back: %v", err)
		}
	}
	// A cancelled run is not a timeout.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := b.Solve(ctx, p("6")); !errors.Is(err, context.Canceled) || errors.Is(err, ErrProblemTimeout) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestRunEnforcesProblemTimeout: a solver that ignores its deadline costs
// that problem only; its empty answer is delivered and journaled as failed.
func TestRunEnforcesProblemTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var logs bytes.Buffer
	rec := &recorder{}
	sum, err := Run(context.Background(), Config{
		Dataset: "../examples/demo/dataset", WorkDir: t.TempDir(), TeamID: "t", Hash: "h", Sink: rec,
		Solver:         stuckSolver{stuck: map[string]bool{"003": true}, release: release},
		ProblemTimeout: 30 * time.Millisecond,
		Logger:         slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || !sum.EndSent || sum.Delivery.Failed != 1 || len(rec.got) != sum.Problems+1 {
		t.Fatalf("summary %+v, %d messages", sum, len(rec.got))
	}
	for _, m := range rec.got {
		if m.ProblemNo == "003" && string(m.Answer) == `"ok"` {
			t.Errorf("problem 003 answered by the abandoned solve: %s", m.Answer)
		}
	}
	if !strings.Contains(logs.String(), "problem time limit exceeded") || !strings.Contains(logs.String(), "problem_no=003") {
		t.Errorf("log does not give the reason:\n%s", logs.String())
	}
}

// TestRunUnwritableWork: the work folder cannot be created; the run says so
// before solving and still answers everything and ends the mission.
func TestRunUnwritableWork(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	var logs bytes.Buffer
	rec := &recorder{}
	sum, err := Run(context.Background(), Config{
		Dataset: "../examples/demo/dataset", WorkDir: filepath.Join(file, "work"), URL: "http://unused.test/", TeamID: "t", Hash: "h", Sink: rec,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.EndSent || len(rec.got) != sum.Problems+1 || sum.Journal != "" {
		t.Fatalf("summary %+v", sum)
	}
	notWritable := strings.Index(logs.String(), "not writable")
	opened := strings.Index(logs.String(), "dataset opened")
	if notWritable < 0 || opened < notWritable {
		t.Errorf("the log does not say the folder is unwritable before solving:\n%s", logs.String())
	}
	for _, m := range rec.got {
		if m.ProblemNo == "001" {
			var paras []map[string]string
			json.Unmarshal(m.Answer, &paras)
			if len(paras) != 3 {
				t.Errorf("problem 001 (index in a temporary folder): %s", m.Answer)
			}
		}
	}
}

func TestRunRefusesLockedWork(t *testing.T) {
	work := t.TempDir()
	l, err := worklock.Acquire(work)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	rec := &recorder{}
	_, err = Run(context.Background(), Config{Dataset: "../examples/demo/dataset", WorkDir: work, TeamID: "t", Hash: "h", Sink: rec,
		Solver: stuckSolver{}})
	if !errors.Is(err, worklock.ErrHeld) || len(rec.got) != 0 {
		t.Fatalf("err %v, %d messages sent", err, len(rec.got))
	}
}

// firstCounts is a loopback answer server that keeps the first answer per
// problem, like the grader.
type firstCounts struct {
	*httptest.Server
	mu     sync.Mutex
	stored map[string]int
	ends   int
	down   bool // 503 for everything
}

func newFirstCounts(t *testing.T) *firstCounts {
	f := &firstCounts{stored: map[string]int{}}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m submit.Message
		json.NewDecoder(r.Body).Decode(&m)
		f.mu.Lock()
		defer f.mu.Unlock()
		switch {
		case f.down:
			w.WriteHeader(http.StatusServiceUnavailable)
		case m.IsEnd():
			f.ends++
			io.WriteString(w, `{"status":"OK"}`)
		case f.stored[m.ProblemNo] > 0:
			io.WriteString(w, `{"status":"ERROR","msg":"duplicate"}`)
		default:
			f.stored[m.ProblemNo]++
			io.WriteString(w, `{"status":"OK"}`)
		}
	}))
	t.Cleanup(f.Close)
	return f
}

// TestRunJournalPerMission: an unfinished mission resumes without sending
// twice; a finished one is not run again; the same work folder with
// another answer URL or problem sheet is another mission.
func TestRunJournalPerMission(t *testing.T) {
	work := t.TempDir()
	ds := "../examples/demo/dataset"
	a := newFirstCounts(t)
	a.down = true
	cfg := Config{Dataset: ds, WorkDir: work, URL: a.URL, TeamID: "t", Hash: "h", Solver: stuckSolver{},
		DeliveryBudget: time.Minute, Clock: &stepClock{now: time.Unix(0, 0)}}
	sum, err := Run(context.Background(), cfg)
	var inc *IncompleteError
	if !errors.As(err, &inc) || len(inc.Undelivered) != sum.Problems || sum.EndSent {
		t.Fatalf("server down: %+v, %v", sum, err)
	}
	a.down = false
	sum, err = Run(context.Background(), cfg)
	if err != nil || !sum.EndSent || sum.Answered != sum.Problems || a.ends != 1 {
		t.Fatalf("resumed: %+v, %v", sum, err)
	}
	for no, n := range a.stored {
		if n != 1 {
			t.Errorf("problem %s stored %d times", no, n)
		}
	}
	sum, err = Run(context.Background(), cfg)
	if err != nil || !sum.AlreadyEnded || a.ends != 1 {
		t.Fatalf("finished mission run again: %+v, %v", sum, err)
	}
	// Another URL, same work folder: every answer goes to the new server.
	b := newFirstCounts(t)
	cfg.URL = b.URL
	sum, err = Run(context.Background(), cfg)
	if err != nil || b.ends != 1 || len(b.stored) != sum.Problems {
		t.Fatalf("other URL: %+v, %v, stored %d", sum, err, len(b.stored))
	}
	// Another problem sheet, same URL and folder: a new mission too.
	other := t.TempDir()
	testkit.CopyDir(t, ds, other)
	sheet, _ := os.ReadFile(filepath.Join(other, "problemsheet.json"))
	os.WriteFile(filepath.Join(other, "problemsheet.json"), append(sheet, '\n'), 0o644)
	cfg.Dataset = other
	b.stored = map[string]int{}
	sum, err = Run(context.Background(), cfg)
	if err != nil || b.ends != 2 || len(b.stored) != sum.Problems {
		t.Fatalf("other sheet: %+v, %v, stored %d", sum, err, len(b.stored))
	}
}

// stepClock is a delivery clock that advances only when slept on.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	time.Sleep(time.Millisecond)
	return nil
}
