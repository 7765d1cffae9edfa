package solve_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/solve"
)

// TestSolveConcurrentlyOverOneCorpus solves every problem of the demo
// dataset, plus problems over tables without a caption (a document's and
// a ref file's), from several goroutines at once over one loaded corpus,
// as serve does, and checks each answer equals the one solved alone.
// Under -race it fails when solving writes into a shared document or ref.
func TestSolveConcurrentlyOverOneCorpus(t *testing.T) {
	ctx := context.Background()
	c, err := corpus.Open(ctx, corpus.Options{Dataset: uncaptionedDataset(t), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s := &solve.Solver{Retriever: c.Retriever(), Docs: c, Refs: c}
	entries := c.Dataset().Entries
	// First solves overlap on the fresh corpus (caches filled, tables
	// read for the first time); the answers solved alone come after.
	const goroutines = 6
	got := make([][]string, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		got[g] = make([]string, len(entries))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range entries {
				i := (k + g*3) % len(entries) // each goroutine starts elsewhere
				got[g][i] = answerString(t, s, entries[i].Problem)
			}
		}()
	}
	wg.Wait()
	for i, e := range entries {
		want := answerString(t, s, e.Problem)
		for g := range goroutines {
			if got[g][i] != want {
				t.Errorf("problem %s, goroutine %d: concurrent answer %s, alone %s", e.Problem.ProblemNo, g, got[g][i], want)
			}
		}
	}
}

// uncaptionedDataset copies the demo dataset and adds a copy of its
// market report and of its ref table with the table captions removed, and
// problems of tasks 2, 3 and 4 over them.
func uncaptionedDataset(t *testing.T) string {
	t.Helper()
	const demo = "../examples/demo/dataset"
	root := t.TempDir()
	testkit.CopyDir(t, demo, root)
	caption := regexp.MustCompile(`(?s)<text:p text:style-name="Caption">.*?</text:p>`)
	strip := func(src, dst string) {
		data, err := os.ReadFile(filepath.Join(root, src))
		if err != nil {
			t.Fatal(err)
		}
		out := caption.ReplaceAll(data, nil)
		if len(out) == len(data) {
			t.Fatalf("%s: no caption paragraph to remove", src)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, dst)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, dst), out, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	strip("doc/03/demo_r03_market/content.xml", "doc/05/market_nocap/content.xml")
	strip("ref/demo_r01_forest_table001.xml", "ref/forest_nocap.xml")
	testkit.EditProblems(t, root, func(sheet []map[string]any) []map[string]any {
		return append(sheet,
			map[string]any{"problem_no": "901", "task_no": "2", "doc_file": "market_nocap",
				"answer_form": []map[string]string{{"시장": "한빛시장", "2023년 온라인 매출(백만 원)": ""}, {"시장": "누리시장", "2023년 온라인 매출(백만 원)": ""}},
				"question":    "시장별 2023년 온라인 매출(백만 원)은 얼마인가?"},
			map[string]any{"problem_no": "902", "task_no": "3", "doc_file": "market_nocap", "question": "누리시장의 참여 점포 수는 ?"},
			map[string]any{"problem_no": "903", "task_no": "3", "ref_file": "forest_nocap", "question": "이팝나무의 연간 흡착량(g/그루)은 ?"},
			map[string]any{"problem_no": "904", "task_no": "4", "question": "누리시장의 2023년 온라인 매출은 얼마인가?"},
		)
	})
	return root
}

// answerString solves p and encodes the answer (value, evidence; an error
// as text) for comparison.
func answerString(t *testing.T, s *solve.Solver, p dataset.Problem) string {
	ans, err := s.Solve(context.Background(), p)
	b, jerr := json.Marshal(struct {
		Value    any
		Evidence []solve.Evidence
		Err      string
	}{ans.Value, ans.Evidence, fmt.Sprint(err)})
	if jerr != nil {
		t.Errorf("problem %s: %v", p.ProblemNo, jerr)
	}
	return string(b)
}
