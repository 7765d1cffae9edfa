package pipeline

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document/hwp"
	"github.com/policyqa/policyqa/internal/hwptest"
	"github.com/policyqa/policyqa/internal/testkit"
)

// TestHWPDocumentsInTheRun: HWP and HWPX documents are found by id, parsed
// and answered from; a password-protected HWPX costs only its own
// problems (a clear error, an empty answer) and the run goes on.
func TestHWPDocumentsInTheRun(t *testing.T) {
	root := t.TempDir()
	testkit.CopyDir(t, "../examples/demo/dataset", root)
	write := func(rel string, d hwptest.Doc, w func(hwptest.Doc) ([]byte, error)) {
		b, err := w(d)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("doc/97/plan_hwp.hwp", hwptest.Doc{Compressed: true, Paras: []hwptest.Para{
		{Text: "추진 배경", Outline: 1},
		{Text: "스마트 온실 보급 사업은 2025년까지 전국 120개소로 확대한다."},
		{Table: &hwptest.Table{Rows: 2, Cols: 2, Cells: []hwptest.Cell{
			hwptest.T(0, 0, "구분"), hwptest.T(0, 1, "개소"), hwptest.T(1, 0, "2025년"), hwptest.T(1, 1, "120")}}},
	}}, hwptest.HWP)
	write("doc/98/locked_hwpx.hwpx", hwptest.Doc{Encrypted: true, Paras: []hwptest.Para{{Text: "비밀"}}}, hwptest.HWPX)
	n := testkit.EditProblems(t, root, func(sheet []map[string]any) []map[string]any {
		return append(sheet,
			map[string]any{"problem_no": "906", "task_no": "1", "doc_file": "locked_hwpx", "question": "업무계획은 무엇인가?"},
			map[string]any{"problem_no": "907", "task_no": "1", "doc_file": "plan_hwp", "question": "스마트 온실 보급 사업은 몇 개소로 확대하나?"},
		)
	})

	ds, err := dataset.Open(root)
	if err != nil {
		t.Fatal(err)
	}
	c, err := corpus.Load(context.Background(), ds, corpus.LoadOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Document(context.Background(), "locked_hwpx"); !errors.Is(err, hwp.ErrEncrypted) || !strings.HasSuffix(err.Error(), "locked_hwpx.hwpx: password-protected HWPX; cannot be read") {
		t.Errorf("locked document: %v", err)
	}
	d, err := c.Document(context.Background(), "plan_hwp")
	if err != nil || len(d.Blocks) != 3 || d.Blocks[2].Table == nil {
		t.Fatalf("plan_hwp: %v", err)
	}
	if got := strings.Join(d.Blocks[1].Section, " > "); got != "추진 배경" {
		t.Errorf("section path %q", got)
	}

	rec := &recorder{}
	sum, err := Run(context.Background(), Config{Dataset: root, WorkDir: t.TempDir(), TeamID: "t", Hash: "h", Sink: rec})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Problems != n+2 || !sum.EndSent {
		t.Errorf("summary = %+v", sum)
	}
	answered := map[string]string{}
	for _, m := range rec.got {
		if !m.IsEnd() {
			answered[m.ProblemNo] = string(m.Answer)
		}
	}
	if len(answered) != n+2 {
		t.Errorf("answered %d problems, want %d", len(answered), n+2)
	}
	if a := answered["907"]; !strings.Contains(a, "120개소") {
		t.Errorf("problem 907 answer %s", a)
	}
	if a, ok := answered["906"]; !ok {
		t.Error("problem 906 not answered")
	} else {
		t.Logf("problem 906 (locked document) answer: %s", a)
	}
}
