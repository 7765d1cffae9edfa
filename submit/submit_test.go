package submit

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAnswerJSONKeepsEmptyAnswer(t *testing.T) {
	m, _ := NewAnswer("t", "h", "001", "3", "", nil)
	b, _ := json.Marshal(m)
	if !strings.Contains(string(b), `"answer":""`) || strings.Contains(string(b), "evidence") {
		t.Errorf("json = %s", b)
	}
	b, _ = json.Marshal(NewEnd("t", "h"))
	if string(b) != `{"team_id":"t","hash":"h","end_of_mission":"true"}` {
		t.Errorf("end json = %s", b)
	}
}

func TestResponseOK(t *testing.T) {
	for status, want := range map[string]bool{"OK": true, "ok": true, " Ok ": true, "ERROR": false, "error": false, "": false, "success": false, "OKAY": false} {
		if got := (Response{Status: status}).OK(); got != want {
			t.Errorf("Response{%q}.OK() = %v, want %v", status, got, want)
		}
	}
}

// TestHTTPSinkReplies checks which replies are acceptance, refusal, or a
// failure worth retrying, against a real loopback server.
func TestHTTPSinkReplies(t *testing.T) {
	type want struct {
		accepted, rejected bool // else an error
		retry, maybe       bool
		retryAfter         time.Duration
		finalPosts         int // POSTs carrying the answer that reached /final
	}
	ok := func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"status":"OK","msg":"saved"}`) }
	redirect := func(code int) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/final", code) }
	}
	tests := []struct {
		name  string
		first http.HandlerFunc
		final http.HandlerFunc
		want  want
	}{
		{"200 OK", ok, nil, want{accepted: true}},
		{"200 ok in lower case", func(w http.ResponseWriter, _ *http.Request) {
			io.WriteString(w, `{"status":"ok","msg":"POST success"}`)
		}, nil, want{accepted: true}},
		{"201 OK", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(201); io.WriteString(w, `{"status":"OK"}`) }, nil, want{accepted: true}},
		{"200 ERROR is a refusal", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"status":"ERROR","msg":"bad"}`) }, nil, want{rejected: true}},
		{"400 ERROR is a refusal", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(400)
			io.WriteString(w, `{"status":"ERROR","msg":"bad"}`)
		}, nil, want{rejected: true}},
		{"200 without status", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"msg":"x"}`) }, nil, want{retry: true, maybe: true}},
		{"200 html", func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `<html>proxy</html>`) }, nil, want{retry: true, maybe: true}},
		{"500 even with OK", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(500); io.WriteString(w, `{"status":"OK"}`) }, nil, want{retry: true}},
		{"503 Retry-After", func(w http.ResponseWriter, _ *http.Request) { w.Header().Set("Retry-After", "7"); w.WriteHeader(503) }, nil, want{retry: true, retryAfter: 7 * time.Second}},
		{"429", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(429) }, nil, want{retry: true}},
		{"404 plain", http.NotFound, nil, want{}},
		{"400 OK is not acceptance", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(400); io.WriteString(w, `{"status":"OK"}`) }, nil, want{}},
		{"307 to OK", redirect(307), ok, want{accepted: true, finalPosts: 1}},
		{"308 to OK", redirect(308), ok, want{accepted: true, finalPosts: 1}},
		{"301 re-POSTs the answer", redirect(301), ok, want{accepted: true, finalPosts: 1}},
		{"302 re-POSTs the answer", redirect(302), ok, want{accepted: true, finalPosts: 1}},
		{"303 is not acceptance", redirect(303), ok, want{maybe: true}},
		{"307 to ERROR", redirect(307), func(w http.ResponseWriter, _ *http.Request) { io.WriteString(w, `{"status":"ERROR"}`) }, want{rejected: true, finalPosts: 1}},
		{"redirect loop", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/", 307) }, nil, want{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var mu sync.Mutex
			finalPosts := 0
			mux := http.NewServeMux()
			check := func(r *http.Request) bool {
				var m Message
				err := json.NewDecoder(r.Body).Decode(&m)
				return r.Method == http.MethodPost && err == nil && m.ProblemNo == "001"
			}
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
				if !check(r) {
					t.Errorf("first request: %s without the answer", r.Method)
				}
				tt.first(w, r)
			})
			mux.HandleFunc("/final", func(w http.ResponseWriter, r *http.Request) {
				if !check(r) {
					t.Errorf("redirected request: %s without the answer", r.Method)
				} else {
					mu.Lock()
					finalPosts++
					mu.Unlock()
				}
				if tt.final != nil {
					tt.final(w, r)
				}
			})
			srv := httptest.NewServer(mux)
			defer srv.Close()
			m, _ := NewAnswer("t", "h", "001", "3", "42", nil)
			resp, err := NewHTTPSink(srv.URL+"/", nil).Send(context.Background(), m)
			var se *SendError
			switch {
			case tt.want.accepted:
				if err != nil || !resp.OK() {
					t.Fatalf("want acceptance, got %+v, %v", resp, err)
				}
			case tt.want.rejected:
				if err != nil || resp.OK() || resp.Status == "" {
					t.Fatalf("want refusal, got %+v, %v", resp, err)
				}
			default:
				if !errors.As(err, &se) {
					t.Fatalf("want *SendError, got %+v, %v", resp, err)
				}
				if se.Retry != tt.want.retry || se.MaybeReceived != tt.want.maybe || se.RetryAfter != tt.want.retryAfter {
					t.Errorf("retry %v maybe %v after %v, want %v %v %v (%v)", se.Retry, se.MaybeReceived, se.RetryAfter, tt.want.retry, tt.want.maybe, tt.want.retryAfter, err)
				}
			}
			if finalPosts != tt.want.finalPosts {
				t.Errorf("%d POSTs with the answer reached the redirect target, want %d", finalPosts, tt.want.finalPosts)
			}
		})
	}
}

func TestHTTPSinkHungServer(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := NewHTTPSink(srv.URL, nil)
	s.RequestTimeout = 50 * time.Millisecond
	_, err := s.Send(context.Background(), NewEnd("t", "h"))
	var se *SendError
	if !errors.As(err, &se) || !se.Retry || !se.MaybeReceived {
		t.Fatalf("err = %#v", err)
	}
}

func TestHTTPSinkConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	_, err := NewHTTPSink(url, nil).Send(context.Background(), NewEnd("t", "h"))
	var se *SendError
	if !errors.As(err, &se) || !se.Retry || se.MaybeReceived || !strings.Contains(err.Error(), "end_of_mission") {
		t.Fatalf("err = %#v", err)
	}
}

// fakeClock advances only when slept on.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2022, 11, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	runtime.Gosched()
	return nil
}

// answerServer is a loopback answer server that keeps the first answer per
// problem (a second gets ERROR, as our grader does) and lets a test decide
// how each request fails.
type answerServer struct {
	*httptest.Server
	mu     sync.Mutex
	stored map[string]int // answers stored per problem (must end at 1)
	posts  map[string]int // POSTs per problem ("end" for end_of_mission)
	ends   int
	// fail, when it returns true, has written the reply itself; store
	// reports whether the answer was stored before failing.
	fail func(w http.ResponseWriter, r *http.Request, m Message, n int) (handled, store bool)
}

func newAnswerServer(t *testing.T) *answerServer {
	a := &answerServer{stored: map[string]int{}, posts: map[string]int{}}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m Message
		if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
			t.Errorf("bad body: %v", err)
			w.WriteHeader(400)
			return
		}
		key := m.ProblemNo
		if m.IsEnd() {
			key = "end"
		}
		a.mu.Lock()
		a.posts[key]++
		n := a.posts[key]
		a.mu.Unlock()
		if a.fail != nil {
			if handled, store := a.fail(w, r, m, n); handled {
				if store {
					a.mu.Lock()
					a.stored[key]++
					a.mu.Unlock()
				}
				return
			}
		}
		a.mu.Lock()
		defer a.mu.Unlock()
		if m.IsEnd() {
			a.ends++
			io.WriteString(w, `{"status":"OK","msg":"end of mission received"}`)
			return
		}
		if a.stored[key] > 0 {
			io.WriteString(w, `{"status":"ERROR","msg":"duplicate answer"}`)
			return
		}
		a.stored[key]++
		io.WriteString(w, `{"status":"OK","msg":"received"}`)
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *answerServer) counts() (stored map[string]int, posts map[string]int, ends int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	s, p := map[string]int{}, map[string]int{}
	for k, v := range a.stored {
		s[k] = v
	}
	for k, v := range a.posts {
		p[k] = v
	}
	return s, p, a.ends
}

var testMission = Mission{URL: "http://answer.test/", TeamID: "t", Hash: "h", Sheet: "sheet1"}

type runOpts struct {
	dir       string // journal folder ("" = memory)
	mission   Mission
	budget    time.Duration
	timeout   time.Duration
	ctx       context.Context
	problems  []string
	handOver  []string // default problems
	failedSet map[string]bool
}

// deliverAll hands over one answer per problem and finishes.
func deliverAll(t *testing.T, a *answerServer, clock Clock, o runOpts) Report {
	t.Helper()
	if o.mission == (Mission{}) {
		o.mission = testMission
	}
	j := NewMemoryJournal(o.mission)
	if o.dir != "" {
		var err error
		if j, err = OpenJournal(o.dir, o.mission); err != nil {
			t.Fatal(err)
		}
	}
	defer j.Close()
	sink := NewHTTPSink(a.URL, nil)
	if o.timeout > 0 {
		sink.RequestTimeout = o.timeout
	}
	d := &Deliverer{Sink: sink, Journal: j, Clock: clock, Budget: o.budget}
	if o.ctx == nil {
		o.ctx = context.Background()
	}
	d.Start(o.ctx)
	if o.handOver == nil {
		o.handOver = o.problems
	}
	for _, no := range o.handOver {
		if d.Delivered(no) {
			continue
		}
		made := Solved
		if o.failedSet[no] {
			made = Failed
		}
		m, _ := NewAnswer(o.mission.TeamID, o.mission.Hash, no, "3", "answer "+no, nil)
		d.Deliver(Delivery{Message: m, Made: made})
	}
	return d.Finish(o.problems)
}

// TestDelivererRidesOutOutage: 5xx for three minutes of (fake) time, then
// every answer once and end_of_mission once.
func TestDelivererRidesOutOutage(t *testing.T) {
	clock := newFakeClock()
	until := clock.Now().Add(3 * time.Minute)
	a := newAnswerServer(t)
	a.fail = func(w http.ResponseWriter, _ *http.Request, _ Message, _ int) (bool, bool) {
		if clock.Now().Before(until) {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true, false
		}
		return false, false
	}
	rep := deliverAll(t, a, clock, runOpts{problems: []string{"001", "002", "003"}})
	stored, _, ends := a.counts()
	if !rep.EndAccepted || len(rep.Undelivered) != 0 || rep.Accepted != 3 || ends != 1 {
		t.Fatalf("report %+v, ends %d", rep, ends)
	}
	for _, no := range []string{"001", "002", "003"} {
		if stored[no] != 1 {
			t.Errorf("problem %s stored %d times", no, stored[no])
		}
	}
}

// TestDelivererGivesUpAfterBudget: a server that never recovers; the run
// ends without end_of_mission and names what was not delivered.
func TestDelivererGivesUpAfterBudget(t *testing.T) {
	a := newAnswerServer(t)
	a.fail = func(w http.ResponseWriter, _ *http.Request, _ Message, _ int) (bool, bool) {
		w.WriteHeader(http.StatusBadGateway)
		return true, false
	}
	dir := t.TempDir()
	rep := deliverAll(t, a, newFakeClock(), runOpts{dir: dir, budget: 2 * time.Minute, problems: []string{"001", "002"}})
	_, posts, _ := a.counts()
	if rep.EndAccepted || strings.Join(rep.Undelivered, ",") != "001,002" || posts["end"] != 0 {
		t.Fatalf("report %+v, posts %v", rep, posts)
	}
	if rep.EndErr == nil || !strings.Contains(rep.EndErr.Error(), "undelivered") {
		t.Errorf("EndErr = %v", rep.EndErr)
	}
	// The answers wait in the journal for a re-run.
	j, err := OpenJournal(dir, testMission)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	for _, no := range []string{"001", "002"} {
		if e, ok := j.Answer(no); !ok || !e.Earlier || e.Message.Hash != "h" {
			t.Errorf("problem %s: journal answer %+v %v", no, e, ok)
		}
		if _, ok := j.Verdict(no); ok {
			t.Errorf("problem %s has a verdict", no)
		}
	}
}

// TestDelivererErrorReplyIsVerdict: ERROR is not retried and does not
// block end_of_mission.
func TestDelivererErrorReplyIsVerdict(t *testing.T) {
	a := newAnswerServer(t)
	a.fail = func(w http.ResponseWriter, _ *http.Request, m Message, _ int) (bool, bool) {
		if m.ProblemNo == "002" {
			io.WriteString(w, `{"status":"ERROR","msg":"task_no mismatch"}`)
			return true, false
		}
		return false, false
	}
	rep := deliverAll(t, a, newFakeClock(), runOpts{problems: []string{"001", "002", "003"}})
	_, posts, ends := a.counts()
	if posts["002"] != 1 || rep.Rejected != 1 || rep.Accepted != 2 || !rep.EndAccepted || ends != 1 || rep.MaybeDuplicate != 0 {
		t.Fatalf("report %+v posts %v", rep, posts)
	}
}

// TestDelivererHungServer: the first attempt of every answer hangs; in one
// case the server stored the answer before hanging (the reply was lost).
func TestDelivererHungServer(t *testing.T) {
	for _, storedFirst := range []bool{false, true} {
		t.Run(fmt.Sprintf("stored before hanging %v", storedFirst), func(t *testing.T) {
			a := newAnswerServer(t)
			a.fail = func(w http.ResponseWriter, r *http.Request, m Message, n int) (bool, bool) {
				if n == 1 && !m.IsEnd() {
					<-r.Context().Done()
					return true, storedFirst
				}
				return false, false
			}
			rep := deliverAll(t, a, newFakeClock(), runOpts{timeout: 100 * time.Millisecond, problems: []string{"001", "002"}})
			stored, posts, ends := a.counts()
			if !rep.EndAccepted || ends != 1 || len(rep.Undelivered) != 0 {
				t.Fatalf("report %+v", rep)
			}
			for _, no := range []string{"001", "002"} {
				if stored[no] != 1 || posts[no] != 2 {
					t.Errorf("problem %s: stored %d, posted %d; want 1, 2", no, stored[no], posts[no])
				}
			}
			if storedFirst && (rep.MaybeDuplicate != 2 || rep.Rejected != 2) {
				t.Errorf("lost replies: report %+v, want 2 refusals marked maybe-duplicate", rep)
			}
			if !storedFirst && rep.Accepted != 2 {
				t.Errorf("report %+v", rep)
			}
		})
	}
}

// TestDelivererStopsWhenCancelled: a signal while a request hangs stops
// delivery; no end_of_mission.
func TestDelivererStopsWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	a := newAnswerServer(t)
	a.fail = func(w http.ResponseWriter, r *http.Request, m Message, _ int) (bool, bool) {
		if m.ProblemNo == "002" {
			cancel()
			<-r.Context().Done()
			return true, false
		}
		return false, false
	}
	rep := deliverAll(t, a, newFakeClock(), runOpts{ctx: ctx, problems: []string{"001", "002", "003"}})
	_, posts, ends := a.counts()
	if rep.EndAccepted || ends != 0 || posts["end"] != 0 || posts["003"] != 0 {
		t.Fatalf("report %+v posts %v", rep, posts)
	}
	if strings.Join(rep.Undelivered, ",") != "002,003" || !strings.Contains(rep.EndErr.Error(), "interrupted") {
		t.Errorf("report %+v", rep)
	}
}

// TestJournalResumesOneMission: an unfinished mission resumes (answers
// with a verdict are not sent again, failed answers are marked), a
// finished one is recognised, another mission in the same folder starts
// from nothing.
func TestJournalResumesOneMission(t *testing.T) {
	dir := t.TempDir()
	a := newAnswerServer(t)
	a.fail = func(w http.ResponseWriter, _ *http.Request, m Message, _ int) (bool, bool) {
		if m.ProblemNo == "003" {
			http.NotFound(w, nil) // not retried: undelivered
			return true, false
		}
		return false, false
	}
	all := []string{"001", "002", "003"}
	rep := deliverAll(t, a, newFakeClock(), runOpts{dir: dir, problems: all, failedSet: map[string]bool{"002": true}})
	if rep.EndAccepted || strings.Join(rep.Undelivered, ",") != "003" || rep.Failed != 1 {
		t.Fatalf("first run: %+v", rep)
	}
	a.fail = nil
	rep = deliverAll(t, a, newFakeClock(), runOpts{dir: dir, problems: all})
	stored, posts, ends := a.counts()
	if !rep.EndAccepted || rep.Accepted != 1 || ends != 1 {
		t.Fatalf("second run: %+v", rep)
	}
	for _, no := range all {
		if stored[no] != 1 {
			t.Errorf("problem %s stored %d times (posts %d)", no, stored[no], posts[no])
		}
	}
	j, err := OpenJournal(dir, testMission)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := j.Ended(); !ok {
		t.Error("journal does not know the mission ended")
	}
	if e, _ := j.Verdict("002"); e.Made != Failed || e.Outcome != Accepted {
		t.Errorf("problem 002 verdict %+v, want an accepted failed answer", e)
	}
	j.Close()
	// A finished mission is not ended twice.
	rep = deliverAll(t, a, newFakeClock(), runOpts{dir: dir, problems: all})
	if _, _, ends := a.counts(); rep.EndAccepted || ends != 1 || rep.EndErr == nil {
		t.Errorf("finished mission: %+v, ends %d", rep, ends)
	}
	// Another sheet or URL with the same folder is another mission.
	for _, m := range []Mission{{URL: testMission.URL, TeamID: "t", Hash: "h", Sheet: "sheet2"}, {URL: "http://other.test/", TeamID: "t", Hash: "h", Sheet: "sheet1"}} {
		b := newAnswerServer(t)
		rep = deliverAll(t, b, newFakeClock(), runOpts{dir: dir, mission: m, problems: all})
		stored, _, ends := b.counts()
		if !rep.EndAccepted || ends != 1 || len(stored) != 3 {
			t.Errorf("mission %+v: %+v, stored %v", m, rep, stored)
		}
	}
}

func TestJournalSkipsTornLineAndSecret(t *testing.T) {
	dir := t.TempDir()
	j, err := OpenJournal(dir, testMission)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := NewAnswer("t", "h", "001", "3", "x", nil)
	if err := j.addAnswer(Entry{ProblemNo: "001", Made: Solved, Message: m}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	f, _ := os.OpenFile(JournalPath(dir, testMission), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"type":"reply","problem_no":"001","outc`)
	f.Close()
	j, err = OpenJournal(dir, testMission)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if j.Skipped() != 1 {
		t.Errorf("skipped %d lines, want 1", j.Skipped())
	}
	if _, ok := j.Verdict("001"); ok {
		t.Error("torn reply line read as a verdict")
	}
	if e, ok := j.Answer("001"); !ok || e.Message.Hash != "h" {
		t.Errorf("answer %+v", e)
	}
	data, _ := os.ReadFile(JournalPath(dir, testMission))
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	for sc.Scan() {
		if strings.Contains(sc.Text(), `"hash"`) {
			t.Errorf("journal line holds the hash: %s", sc.Text())
		}
	}
	if filepath.Dir(j.Path()) != dir {
		t.Errorf("path %s", j.Path())
	}
}

// FuzzClassifyReply: any reply is an acceptance only when it is 2xx with
// status OK, and classifying never panics.
func FuzzClassifyReply(f *testing.F) {
	f.Add(200, "", []byte(`{"status":"OK","msg":"x"}`))
	f.Add(200, "", []byte(`{"status":"ERROR"}`))
	f.Add(503, "7", []byte(`<html>`))
	f.Add(400, "", []byte(`{"status":"ok"}`))
	f.Add(201, "", []byte(`{"status":"ok","msg":null}`))
	f.Fuzz(func(t *testing.T, code int, retryAfter string, body []byte) {
		r, err := classifyReply(code, retryAfter, body)
		if err == nil && r.OK() && (code < 200 || code >= 300) {
			t.Errorf("HTTP %d accepted: %+v", code, r)
		}
		if err == nil && r.Status == "" {
			t.Errorf("HTTP %d: a reply without status", code)
		}
		var se *SendError
		if err != nil && !errors.As(err, &se) {
			t.Errorf("error is not a *SendError: %v", err)
		}
	})
}

// FuzzJournalLoad: whatever follows a journal's header is loaded without
// panicking, and an answer read back has the mission's team and hash.
func FuzzJournalLoad(f *testing.F) {
	f.Add([]byte(`{"type":"answer","problem_no":"001","made":"solved","message":{"task_no":"3","answer":"x"}}` + "\n" + `{"type":"reply","problem_no":"001","outcome":"accepted"}`))
	f.Add([]byte(`{"type":"end","outcome":"accepted"}` + "\n{\n"))
	f.Add([]byte(`{"type":"answer","problem_no":"","message":null}`))
	f.Fuzz(func(t *testing.T, rest []byte) {
		j := NewMemoryJournal(testMission)
		header := fmt.Sprintf(`{"type":"mission","mission":%q}`+"\n", testMission.ID())
		if err := j.load(io.MultiReader(strings.NewReader(header), bytes.NewReader(rest))); err != nil {
			return // a line over the scanner's limit
		}
		for _, no := range j.order {
			if e, _ := j.Answer(no); e.Message.TeamID != "t" || e.Message.Hash != "h" || e.Message.ProblemNo != no {
				t.Errorf("answer %s read back as %+v", no, e.Message)
			}
		}
	})
}
