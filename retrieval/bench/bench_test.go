package bench

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/retrieval"
)

// tinyKorQuAD builds a small SQuAD-format corpus: three articles whose
// questions use particles and endings not present in the paragraphs.
func tinyKorQuAD(t *testing.T) []byte {
	t.Helper()
	type qa struct {
		ID       string `json:"id"`
		Question string `json:"question"`
	}
	type para struct {
		Context string `json:"context"`
		QAs     []qa   `json:"qas"`
	}
	type article struct {
		Title      string `json:"title"`
		Paragraphs []para `json:"paragraphs"`
	}
	data := struct {
		Version string    `json:"version"`
		Data    []article `json:"data"`
	}{"test", []article{
		{"청년 정책", []para{
			{"청년 창업 지원사업은 2024년에 크게 확대되었다.", []qa{{"q1", "창업 지원사업이 확대된 해는 언제인가?"}}},
			{"청년 고용률은 전년 대비 1.5%p 상승하였다.", []qa{{"q2", "청년 고용률은 얼마나 상승했는가?"}}},
		}},
		{"탄소중립", []para{
			{"탄소중립 정책은 온실가스 감축을 목표로 한다.", []qa{{"q3", "온실가스를 감축하려는 정책은 무엇인가?"}}},
		}},
		{"농촌", []para{
			{"농촌 인구 감소에 대응하여 귀농 지원을 늘렸다.", []qa{{"q4", "농촌의 인구가 감소하자 무엇을 늘렸나?"}}},
		}},
	}}
	b, err := json.Marshal(data)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func TestRunTiny(t *testing.T) {
	c, err := ParseKorQuAD(tinyKorQuAD(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Passages) != 4 || len(c.Questions) != 4 || c.Passages[1].ID != "kq000#1" || c.Passages[1].Section != "청년 정책" {
		t.Fatalf("corpus = %+v", c)
	}
	dir, err := TempDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), c, Config{Analyzer: retrieval.AnalyzerBigram}, dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	if res.Recall1 != 1 || res.Recall5 != 1 || res.MRR10 != 1 {
		t.Errorf("quality = %+v, want perfect on the tiny corpus", res)
	}
	if res.IndexBytes <= 0 || res.IndexPerSec <= 0 || res.Passages != 4 || res.Questions != 4 {
		t.Errorf("figures = %+v", res)
	}
	t.Logf("%+v", res)
}

func TestSweepAndScale(t *testing.T) {
	c, err := ParseKorQuAD(tinyKorQuAD(t))
	if err != nil {
		t.Fatal(err)
	}
	grid, err := ParseGrid("idf=1,2;coord=0,1;model=bm25,bleve")
	if err != nil || len(grid) != 8 {
		t.Fatalf("grid %v, %v", grid, err)
	}
	rs, err := Sweep(context.Background(), c, Config{Analyzer: retrieval.AnalyzerBigram}, grid, discard())
	if err != nil || len(rs) != 8 {
		t.Fatalf("sweep %v, %v", rs, err)
	}
	for _, r := range rs {
		if r.Recall5 != 1 {
			t.Errorf("%s: recall@5 %v", r.Config, r.Recall5)
		}
	}
	ps := Synthetic(c, 200, 7)
	if len(ps) != 200 || ps[0].Text == "" || ps[51].DocID != "syn00001" {
		t.Fatalf("synthetic: %d passages, %+v", len(ps), ps[51])
	}
	if again := Synthetic(c, 200, 7); again[9].Text != ps[9].Text {
		t.Error("Synthetic is not deterministic")
	}
	dir, err := TempDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := RunScale(context.Background(), ps, c.Questions, Config{}, dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	if res.Passages != 200 || res.Recall1 != 0 || res.QueryP99Ms < res.QueryP50Ms {
		t.Errorf("scale result %+v", res)
	}
}

func TestParseGridErrors(t *testing.T) {
	for _, spec := range []string{"k1", "k1=x", "nope=1", "stats=both"} {
		if _, err := ParseGrid(spec); err == nil {
			t.Errorf("ParseGrid(%q) accepted", spec)
		}
	}
}

// TestKorQuAD runs the default configuration over KorQuAD 1.0 dev when
// the shared data is present (skipped with -short: about a minute).
func TestKorQuAD(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	path := filepath.Join("..", "..", "..", "shared", "data", "korquad", "KorQuAD_v1.0_dev.json")
	if _, err := os.Stat(path); err != nil {
		t.Skipf("KorQuAD not available: %v", err)
	}
	c, err := LoadKorQuAD(path)
	if err != nil {
		t.Fatal(err)
	}
	dir, err := TempDir(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), c, Config{}, dir, discard())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", res)
	// The bigram-BM25 baseline measured by script: 0.887 / 0.983.
	if res.Recall1 < 0.887 || res.Recall5 < 0.983 {
		t.Errorf("recall@1 %.4f recall@5 %.4f below the bigram baseline", res.Recall1, res.Recall5)
	}
}

// TestWithinDoc: each question is asked inside its own article, so a
// passage of another article never answers it, however well it matches.
func TestWithinDoc(t *testing.T) {
	c, err := ParseKorQuAD(tinyKorQuAD(t))
	if err != nil {
		t.Fatal(err)
	}
	if c.Questions[0].Doc != "kq000" || c.Questions[3].Doc != "kq002" {
		t.Fatalf("question documents: %+v", c.Questions)
	}
	// A question whose words are all in another article's passage.
	c.Questions = append(c.Questions, Question{ID: "q5", Text: "온실가스 감축 목표 정책 청년 창업", Gold: "kq000#0", Doc: "kq000"})
	grid, err := ParseGrid("stats=doc,collection")
	if err != nil || len(grid) != 2 || grid[0].CollectionStats || !grid[1].CollectionStats {
		t.Fatalf("grid %+v, %v", grid, err)
	}
	for _, within := range []bool{false, true} {
		rs, err := Sweep(context.Background(), c, Config{Analyzer: retrieval.AnalyzerBigram, WithinDoc: within}, grid, discard())
		if err != nil || len(rs) != 2 {
			t.Fatalf("sweep %v, %v", rs, err)
		}
		for _, r := range rs {
			if within && r.Recall1 != 1 || !within && r.Recall1 == 1 {
				t.Errorf("%s: recall@1 %v", r.Config, r.Recall1)
			}
		}
	}
}
