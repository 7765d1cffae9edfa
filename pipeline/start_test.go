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

	"github.com/policyqa/policyqa/submit"
)

// postLog is a loopback answer server that accepts everything and keeps
// every message it was sent.
type postLog struct {
	*httptest.Server
	mu  sync.Mutex
	got []submit.Message
}

func newPostLog(t *testing.T) *postLog {
	p := &postLog{}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m submit.Message
		json.NewDecoder(r.Body).Decode(&m)
		p.mu.Lock()
		p.got = append(p.got, m)
		p.mu.Unlock()
		io.WriteString(w, `{"status":"OK"}`)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *postLog) messages() []submit.Message {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]submit.Message(nil), p.got...)
}

// writeSheet makes a dataset whose problemsheet.json holds body (no file
// when body is "-").
func writeSheet(t *testing.T, body string) string {
	t.Helper()
	root := t.TempDir()
	if body != "-" {
		if err := os.WriteFile(filepath.Join(root, "problemsheet.json"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// TestRunUnreadableDataset: a dataset that cannot be read at all (no
// folder, no problem sheet, a sheet that is not a list of problems) sends
// nothing — not even end_of_mission — and fails with one error naming the
// dataset; a readable sheet whose entries are bad still answers each
// entry (empty, with its error) and ends the mission.
func TestRunUnreadableDataset(t *testing.T) {
	sheetDir := writeSheet(t, "-")
	os.Mkdir(filepath.Join(sheetDir, "problemsheet.json"), 0o755)
	for _, tt := range []struct {
		name, root, want string
	}{
		{"missing folder", filepath.Join(t.TempDir(), "nope"), "no such file or directory"},
		{"no problem sheet", writeSheet(t, "-"), "problemsheet.json: no such file or directory"},
		{"sheet is a folder", sheetDir, "problemsheet.json: a directory"},
		{"sheet is an object", writeSheet(t, `{"problems":[]}`), "want a JSON list of problems, got an object"},
		{"sheet cut short", writeSheet(t, `[{"problem_no":"001",`), "invalid JSON at line 1"},
		{"empty sheet file", writeSheet(t, ""), "empty file"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newPostLog(t)
			work := t.TempDir()
			sum, err := Run(context.Background(), Config{Dataset: tt.root, WorkDir: work, URL: srv.URL, TeamID: "t", Hash: "h", Solver: stuckSolver{}})
			var ns *NotStartedError
			if !errors.As(err, &ns) {
				t.Fatalf("err = %v, want a *NotStartedError", err)
			}
			if msg := err.Error(); !strings.Contains(msg, tt.want) || !strings.Contains(msg, "nothing was sent") || strings.Count(msg, tt.root) != 1 {
				t.Errorf("error %q: want %q, the dataset named once, and that nothing was sent", msg, tt.want)
			}
			if got := srv.messages(); len(got) != 0 {
				t.Errorf("%d messages sent (%+v), want none", len(got), got)
			}
			if sum.Started || sum.EndSent {
				t.Errorf("summary %+v: the mission must not have started", sum)
			}
			if _, err := os.Stat(filepath.Join(work, "journal")); err == nil {
				t.Errorf("a journal was started for a mission that did not start")
			}
		})
	}

	t.Run("readable sheet, bad entries", func(t *testing.T) {
		srv := newPostLog(t)
		root := writeSheet(t, `[{"problem_no":"001","task_no":"4","question":"q"},{"problem_no":"002","task_no":"9"},"junk"]`)
		sum, err := Run(context.Background(), Config{Dataset: root, WorkDir: t.TempDir(), URL: srv.URL, TeamID: "t", Hash: "h", Solver: stuckSolver{}})
		if err != nil {
			t.Fatal(err)
		}
		got := srv.messages()
		if len(got) != 4 || !got[3].IsEnd() || sum.Failed != 2 {
			t.Errorf("sent %+v, summary %+v: want 3 answers (2 failed) and end_of_mission", got, sum)
		}
	})
}

// TestRunSheetEntries: problem_no given as a JSON number is answered
// under that number; an entry repeating a problem_no is not answered
// (one answer per problem_no), with a warning naming both entries.
func TestRunSheetEntries(t *testing.T) {
	srv := newPostLog(t)
	root := writeSheet(t, `[{"problem_no":1,"task_no":4,"question":"q"},{"problem_no":"002","task_no":"4","question":"q"},{"problem_no":"002","task_no":"4","question":"other"}]`)
	var logs bytes.Buffer
	sum, err := Run(context.Background(), Config{Dataset: root, WorkDir: t.TempDir(), URL: srv.URL, TeamID: "t", Hash: "h", Solver: stuckSolver{},
		Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	var nos []string
	for _, m := range srv.messages() {
		nos = append(nos, m.ProblemNo)
	}
	if strings.Join(nos, ",") != "1,002," || sum.Failed != 0 || sum.Duplicates != 1 || sum.Problems != 3 {
		t.Errorf("sent problem_no %q (last: end_of_mission), summary %+v", nos, sum)
	}
	if l := logs.String(); !strings.Contains(l, "repeats an earlier problem_no") || !strings.Contains(l, "entry=3") || !strings.Contains(l, "first_entry=2") {
		t.Errorf("no warning naming both entries:\n%s", l)
	}
}

// TestRunSummaryWording: without an answer URL the summary says where
// the answers were written and that nothing was submitted; with one, what
// the server accepted. A work folder that cannot be written without a URL
// (the answers would go nowhere) is one error before anything is solved.
func TestRunSummaryWording(t *testing.T) {
	root := writeSheet(t, `[{"problem_no":"001","task_no":"4","question":"q"}]`)
	srv := newPostLog(t)
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, []byte("x"), 0o644)
	work := t.TempDir()
	for _, tt := range []struct {
		name     string
		cfg      Config
		want     []string
		wantErr  string
		mustNot  []string
		answered int
	}{
		{name: "no URL", cfg: Config{WorkDir: work},
			want:    []string{"nothing was submitted", "1 answers and end_of_mission written to " + filepath.Join(work, "answers.jsonl")},
			mustNot: []string{"accepted", "submitted to"}, answered: 1},
		{name: "URL", cfg: Config{WorkDir: t.TempDir(), URL: srv.URL},
			want: []string{"submitted to " + srv.URL + ": accepted 1, refused 0", "end_of_mission accepted"}, mustNot: []string{"nothing was submitted"}, answered: 1},
		{name: "unwritable work, no URL", cfg: Config{WorkDir: filepath.Join(file, "work")},
			wantErr: "is not writable"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			cfg.Dataset, cfg.TeamID, cfg.Hash, cfg.Solver = root, "t", "h", stuckSolver{}
			sum, err := Run(context.Background(), cfg)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || sum.Started {
					t.Fatalf("err %v, summary %+v: want %q before anything started", err, sum, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			s := sum.String()
			for _, w := range tt.want {
				if !strings.Contains(s, w) {
					t.Errorf("summary %q lacks %q", s, w)
				}
			}
			for _, w := range tt.mustNot {
				if strings.Contains(s, w) {
					t.Errorf("summary %q says %q", s, w)
				}
			}
			if sum.Answered != tt.answered {
				t.Errorf("answered %d", sum.Answered)
			}
		})
	}
}
