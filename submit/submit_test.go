package submit

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestHTTPSink(t *testing.T) {
	tests := []struct {
		name       string
		handler    func(n int32, w http.ResponseWriter)
		wantErr    bool
		wantStatus string
		wantCalls  int32
	}{
		{"ok", func(_ int32, w http.ResponseWriter) { io.WriteString(w, `{"status":"OK","msg":"saved"}`) }, false, "OK", 1},
		{"retry 5xx", func(n int32, w http.ResponseWriter) {
			if n < 3 {
				w.WriteHeader(http.StatusServiceUnavailable)
				return
			}
			io.WriteString(w, `{"status":"OK","msg":"saved"}`)
		}, false, "OK", 3},
		{"error status is not retried", func(_ int32, w http.ResponseWriter) {
			io.WriteString(w, `{"status":"ERROR","msg":"duplicate"}`)
		}, false, "ERROR", 1},
		{"always 500", func(_ int32, w http.ResponseWriter) { w.WriteHeader(500) }, true, "", 3},
		{"not json", func(_ int32, w http.ResponseWriter) { io.WriteString(w, `<html>`) }, true, "", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				n := calls.Add(1)
				var m Message
				if err := json.NewDecoder(r.Body).Decode(&m); err != nil || m.TeamID != "t" {
					t.Errorf("bad body: %v %+v", err, m)
				}
				tt.handler(n, w)
			}))
			defer srv.Close()
			s := NewHTTPSink(srv.URL, nil)
			s.Retries, s.Backoff = 2, time.Millisecond
			m, _ := NewAnswer("t", "h", "001", "3", "42", nil)
			resp, err := s.Send(context.Background(), m)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if resp.Status != tt.wantStatus || calls.Load() != tt.wantCalls {
				t.Errorf("status %q calls %d, want %q %d", resp.Status, calls.Load(), tt.wantStatus, tt.wantCalls)
			}
		})
	}
}

func TestHTTPSinkConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	s := NewHTTPSink(url, nil)
	s.Retries, s.Backoff = 1, time.Millisecond
	if _, err := s.Send(context.Background(), NewEnd("t", "h")); err == nil || !strings.Contains(err.Error(), "end_of_mission") {
		t.Fatalf("err = %v", err)
	}
}

type recordSink struct{ got []Message }

func (r *recordSink) Send(_ context.Context, m Message) (Response, error) {
	r.got = append(r.got, m)
	if m.ProblemNo == "bad" {
		return Response{Status: "ERROR", Msg: "nope"}, nil
	}
	return Response{Status: "OK"}, nil
}

func TestSubmitterJournal(t *testing.T) {
	dir := t.TempDir()
	journal := filepath.Join(dir, "journal.jsonl")
	out := filepath.Join(dir, "answers.jsonl")
	ctx := context.Background()
	run := func(problems ...string) *recordSink {
		rec := &recordSink{}
		fs, err := NewFileSink(out)
		if err != nil {
			t.Fatal(err)
		}
		s := &Submitter{Primary: rec, Copies: []Sink{fs}}
		if err := s.OpenJournal(journal); err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			m, _ := NewAnswer("t", "h", p, "1", []string{}, nil)
			s.Submit(ctx, m)
		}
		s.Submit(ctx, NewEnd("t", "h"))
		s.Close()
		fs.Close()
		return rec
	}
	first := run("001", "bad", "002")
	if len(first.got) != 4 {
		t.Fatalf("first run sent %d", len(first.got))
	}
	second := run("001", "bad", "002", "003")
	var sent []string
	for _, m := range second.got {
		sent = append(sent, m.ProblemNo+m.EndOfMission)
	}
	if strings.Join(sent, ",") != "bad,003,true" {
		t.Errorf("second run sent %v, want bad,003,end", sent)
	}
	f, _ := os.Open(out)
	defer f.Close()
	n := 0
	for sc := bufio.NewScanner(f); sc.Scan(); n++ {
		var m Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatal(err)
		}
	}
	if n != 3 {
		t.Errorf("answers file has %d lines, want 3", n)
	}
}

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
