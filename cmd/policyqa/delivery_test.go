package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/grade"
	"github.com/policyqa/policyqa/pipeline"
	"github.com/policyqa/policyqa/submit"
)

// child is a child policyqa process.
type child struct {
	cmd  *exec.Cmd
	out  bytes.Buffer
	done chan struct{}
	code int
}

func start(t *testing.T, args ...string) *child {
	t.Helper()
	a, _ := json.Marshal(args)
	p := &child{cmd: exec.Command(os.Args[0]), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), "POLICYQA_TEST_MAIN="+string(a), "OMP_THREAD_LIMIT=1", "REST_ANSWER_URL=", "POLICYQA_MODEL=none")
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.cmd.Wait()
		p.code = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			p.cmd.Process.Kill()
			<-p.done
		}
	})
	return p
}

func (p *child) wait() int { <-p.done; return p.code }

// gatedGrader is the real grader behind a loopback HTTP server, with a
// hook that sees every answer first.
type gatedGrader struct {
	*httptest.Server
	g       *grade.Grader
	n       int // problems on the sheet
	mu      sync.Mutex
	answers int
	// hook, when set, runs for the n-th answer since it was set; handled
	// means it replied.
	hook func(n int, m submit.Message, w http.ResponseWriter) (handled bool)
	// open is closed by release: requests wait for it, so that what the
	// test stored after starting a child happens before the hook runs.
	open chan struct{}
}

func (gg *gatedGrader) setHook(h func(int, submit.Message, http.ResponseWriter) bool) {
	gg.mu.Lock()
	defer gg.mu.Unlock()
	gg.hook = h
	gg.answers = 0
	gg.open = make(chan struct{})
}

func (gg *gatedGrader) release() {
	gg.mu.Lock()
	defer gg.mu.Unlock()
	close(gg.open)
}

func newGatedGrader(t *testing.T) *gatedGrader {
	gold, err := grade.LoadGold(demo + "/gold.json")
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dataset.Open(demo)
	if err != nil {
		t.Fatal(err)
	}
	var problems []dataset.Problem
	for _, e := range ds.Entries {
		problems = append(problems, e.Problem)
	}
	gg := &gatedGrader{g: grade.New(gold, problems), n: len(problems), open: make(chan struct{})}
	close(gg.open)
	inner := gg.g.Handler(nil, nil)
	gg.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var m submit.Message
		json.Unmarshal(body, &m)
		gg.mu.Lock()
		open := gg.open
		gg.mu.Unlock()
		<-open
		if !m.IsEnd() {
			gg.mu.Lock()
			gg.answers++
			n, hook := gg.answers, gg.hook
			gg.mu.Unlock()
			if hook != nil && hook(n, m, w) {
				return
			}
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(gg.Close)
	return gg
}

func runArgs(url, work string) []string {
	return []string{"run", "--dataset", demo, "--work", work, "--url", url, "--team", "demo", "--hash", "demo", "--model", "none"}
}

// TestInterruptedMission runs one mission through the ways a run can be
// cut short, each against the real grader on loopback:
//   - SIGTERM while the 4th answer is in flight: exit 143, no
//     end_of_mission, the answer in flight abandoned (the grader never
//     stores it);
//   - a second run on the same --work meanwhile: refused by the lock;
//   - SIGKILL after the grader stored an answer, before the reply was
//     journaled: the re-run sends that answer again (the protocol has no
//     idempotency key), the grader refuses the copy, and the run counts it
//     as a possible duplicate;
//   - the last re-run sends only what the grader has not judged and
//     end_of_mission once.
func TestInterruptedMission(t *testing.T) {
	if testing.Short() {
		t.Skip("runs policyqa four times")
	}
	work := t.TempDir()
	gg := newGatedGrader(t)
	var victimP, secondP atomic.Pointer[child]
	gg.setHook(func(n int, _ submit.Message, w http.ResponseWriter) bool {
		if n != 4 {
			return false
		}
		second := start(t, runArgs(gg.URL, work)...)
		second.wait()
		secondP.Store(second)
		victim := victimP.Load()
		victim.cmd.Process.Signal(syscall.SIGTERM)
		victim.wait()
		w.WriteHeader(http.StatusServiceUnavailable)
		return true
	})
	victim := start(t, runArgs(gg.URL, work)...)
	victimP.Store(victim)
	gg.release()
	victim.wait()
	t.Run("SIGTERM stops without end_of_mission", func(t *testing.T) {
		if victim.code != 128+int(syscall.SIGTERM) {
			t.Fatalf("exit %d, want 143\n%s", victim.code, victim.out.String())
		}
		if rep := gg.g.Report(); rep.Messages != 3 || rep.Ended {
			t.Fatalf("grader has %d messages, ended %v; want 3, false", rep.Messages, rep.Ended)
		}
	})
	t.Run("second run on the same work folder is refused", func(t *testing.T) {
		second := secondP.Load()
		if second == nil {
			t.Fatalf("the 4th answer never came\n%s", victim.out.String())
		}
		if second.code != exitError || !strings.Contains(second.out.String(), "is in use by another policyqa process (pid ") {
			t.Errorf("exit %d\n%s", second.code, second.out.String())
		}
	})

	gg.setHook(func(n int, m submit.Message, w http.ResponseWriter) bool {
		if n != 4 {
			return false
		}
		gg.g.Receive(m)
		victim := victimP.Load()
		victim.cmd.Process.Kill()
		victim.wait()
		return true
	})
	victim = start(t, runArgs(gg.URL, work)...)
	victimP.Store(victim)
	gg.release()
	victim.wait()
	t.Run("SIGKILL after the grader stored an answer", func(t *testing.T) {
		if st := victim.cmd.ProcessState.Sys().(syscall.WaitStatus); !st.Signaled() || st.Signal() != syscall.SIGKILL {
			t.Fatalf("not killed: %v\n%s", victim.cmd.ProcessState, victim.out.String())
		}
		if rep := gg.g.Report(); rep.Messages != 7 || rep.Ended {
			t.Fatalf("grader has %d messages, ended %v; want 7, false", rep.Messages, rep.Ended)
		}
	})

	gg.setHook(nil)
	resume := start(t, runArgs(gg.URL, work)...)
	gg.release()
	resume.wait()
	t.Run("re-run ends the mission once", func(t *testing.T) {
		if resume.code != 0 {
			t.Fatalf("exit %d\n%s", resume.code, resume.out.String())
		}
		rep := gg.g.Report()
		t.Logf("grader: messages %d, invalid %d, missing %d, end_of_mission %v (received %d)", rep.Messages, rep.Invalid, len(rep.Missing), rep.Ended, rep.Ends)
		// 3 + 4 before, then the n-7 other answers, the killed run's last
		// answer again (refused as a duplicate) and end_of_mission.
		if rep.Messages != gg.n+2 || rep.Invalid != 1 || len(rep.Missing) != 0 || rep.Ends != 1 {
			t.Errorf("want %d answers, one refused copy, end_of_mission once\n%s", gg.n, resume.out.String())
		}
		out := resume.out.String()
		if !strings.Contains(out, "delivered in earlier runs 6") || !strings.Contains(out, "maybe duplicates 1") {
			t.Errorf("summary: %s", out)
		}
	})
}

func TestExitCode(t *testing.T) {
	inc := &pipeline.IncompleteError{Undelivered: []string{"001"}, Err: errors.New("x")}
	tests := []struct {
		err  error
		sig  os.Signal
		want int
	}{
		{nil, nil, 0},
		{nil, syscall.SIGTERM, 0},
		{errUsage, nil, exitUsage},
		{inc, nil, exitIncomplete},
		{inc, syscall.SIGTERM, 143},
		{inc, os.Interrupt, 130},
		{errors.New("other"), nil, exitError},
	}
	for _, tt := range tests {
		if got := exitCode(tt.err, tt.sig); got != tt.want {
			t.Errorf("exitCode(%v, %v) = %d, want %d", tt.err, tt.sig, got, tt.want)
		}
	}
}
