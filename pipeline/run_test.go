package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/submit"
)

type recorder struct {
	mu  sync.Mutex
	got []submit.Message
}

func (r *recorder) Send(_ context.Context, m submit.Message) (submit.Response, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.got = append(r.got, m)
	return submit.Response{Status: "OK"}, nil
}

func TestRunWithBrokenInputs(t *testing.T) {
	root := t.TempDir()
	testkit.CopyDir(t, "../examples/demo/dataset", root)
	if err := os.MkdirAll(filepath.Join(root, "doc", "99"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "doc", "99", "broken.odt"), []byte("PK\x03\x04 this is not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := testkit.EditProblems(t, root, func(sheet []map[string]any) []map[string]any {
		return append(sheet,
			map[string]any{"problem_no": "901", "task_no": "1", "doc_file": "broken", "question": "무엇인가?"},
			map[string]any{"problem_no": "902", "task_no": "1", "doc_file": "missing_doc", "question": "무엇인가?"},
			map[string]any{"problem_no": "903", "task_no": "2", "doc_file": "demo_r01_forest", "answer_form": "not a list", "question": "q"},
			map[string]any{"problem_no": "904", "task_no": "8", "question": "q"},
			map[string]any{"problem_no": "905", "task_no": "3", "ref_file": "missing_ref", "question": "q"},
		)
	})
	rec := &recorder{}
	work := t.TempDir()
	sum, err := Run(context.Background(), Config{Dataset: root, WorkDir: work, TeamID: "t", Hash: "h", Sink: rec})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Problems != n+5 || sum.Failed < 5 || !sum.EndSent {
		t.Errorf("summary = %+v", sum)
	}
	seen := map[string]int{}
	for _, m := range rec.got[:len(rec.got)-1] {
		seen[m.ProblemNo]++
		if m.Answer == nil {
			t.Errorf("problem %s: no answer field", m.ProblemNo)
		}
	}
	if last := rec.got[len(rec.got)-1]; !last.IsEnd() {
		t.Errorf("last message is not end_of_mission: %+v", last)
	}
	if len(seen) != n+5 {
		t.Errorf("answered %d distinct problems, want %d", len(seen), n+5)
	}
	for no, c := range seen {
		if c != 1 {
			t.Errorf("problem %s answered %d times", no, c)
		}
	}
	// Problems on sound documents are still answered well.
	for _, m := range rec.got {
		if m.ProblemNo == "001" {
			var paras []map[string]string
			json.Unmarshal(m.Answer, &paras)
			if len(paras) != 3 {
				t.Errorf("problem 001: %s", m.Answer)
			}
		}
	}
	// A second run reuses the index on disk.
	if _, err := os.Stat(filepath.Join(work, "index")); err != nil {
		t.Errorf("index not persisted: %v", err)
	}
}
