package pipeline

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/pdf"
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

// copyDir copies the demo dataset so a test can add broken inputs to it.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRunWithBrokenInputs(t *testing.T) {
	root := t.TempDir()
	copyDir(t, "../examples/demo/dataset", root)
	if err := os.MkdirAll(filepath.Join(root, "doc", "99"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "doc", "99", "broken.odt"), []byte("PK\x03\x04 this is not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	var sheet []map[string]any
	data, _ := os.ReadFile(filepath.Join(root, "problemsheet.json"))
	if err := json.Unmarshal(data, &sheet); err != nil {
		t.Fatal(err)
	}
	n := len(sheet)
	sheet = append(sheet,
		map[string]any{"problem_no": "901", "task_no": "1", "doc_file": "broken", "question": "무엇인가?"},
		map[string]any{"problem_no": "902", "task_no": "1", "doc_file": "missing_doc", "question": "무엇인가?"},
		map[string]any{"problem_no": "903", "task_no": "2", "doc_file": "demo_r01_forest", "answer_form": "not a list", "question": "q"},
		map[string]any{"problem_no": "904", "task_no": "8", "question": "q"},
		map[string]any{"problem_no": "905", "task_no": "3", "ref_file": "missing_ref", "question": "q"},
	)
	data, _ = json.Marshal(sheet)
	if err := os.WriteFile(filepath.Join(root, "problemsheet.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
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

func TestSplitOCRParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"첫 줄이\n이어진다.\n\n둘째 문단", 2},
		{"- 항목 하나\n- 항목 둘\n이어짐", 2},
		{"", 0},
		{"1. 제목\n가. 소제목\n본문", 2},
	}
	for _, tt := range tests {
		if got := SplitOCRParagraphs(tt.in); len(got) != tt.want {
			t.Errorf("SplitOCRParagraphs(%q) = %q, want %d paragraphs", tt.in, got, tt.want)
		}
	}
}

func TestFiguresJoinTheIndex(t *testing.T) {
	ds, err := dataset.Open("../examples/demo/dataset")
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	charts := func(_ context.Context, id string, data []byte) ([]document.Block, error) {
		seen = append(seen, id)
		if len(data) == 0 {
			t.Errorf("figure %s: no image bytes", id)
		}
		return []document.Block{{Kind: document.KindTable, Text: "연도별 개소 수", Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "연도"}, {Text: "개소"}}, {{Text: "2021년"}, {Text: "18"}},
		}}}}, nil
	}
	c, err := LoadCorpus(context.Background(), ds, CorpusOptions{Charts: charts, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Document(context.Background(), "demo_r01_forest")
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 1 || !strings.HasSuffix(seen[0], "bindata/BIN0001.png") {
		t.Fatalf("figures read: %v", seen)
	}
	found := false
	for _, p := range document.Passages(d) {
		if p.Kind == document.KindFigure && strings.Contains(p.Text, "[그림 2-1]") && strings.Contains(p.Text, "연도: 2021년, 개소: 18") {
			found = true
		}
	}
	if !found {
		t.Errorf("figure passage with caption and chart rows not found")
	}
}

func TestPDFFiguresInsertedOnTheirPage(t *testing.T) {
	ds, err := dataset.Open("../examples/demo/dataset")
	if err != nil {
		t.Fatal(err)
	}
	pdfImages := func(_ context.Context, path string) ([]PageImage, error) {
		return []PageImage{{Page: 1, Name: "page1-img1", Data: []byte("png")}}, nil
	}
	charts := func(_ context.Context, id string, _ []byte) ([]document.Block, error) {
		return []document.Block{{Kind: document.KindFigure, Text: "그림 속 글자 " + id}}, nil
	}
	c, err := LoadCorpus(context.Background(), ds, CorpusOptions{Charts: charts, PDFImages: pdfImages, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Document(context.Background(), "demo_r02_startup")
	if err != nil {
		t.Fatal(err)
	}
	last := 0
	found := false
	for _, b := range d.Blocks {
		if b.Page < last {
			t.Errorf("blocks out of page order")
		}
		last = b.Page
		if b.Kind == document.KindFigure {
			found = b.Page == 1 && strings.Contains(b.Text, "demo_r02_startup/page1-img1")
		}
	}
	if !found {
		t.Error("figure block for page 1 not found")
	}
}

func TestPDFFigureTextDedupedAgainstTextLayer(t *testing.T) {
	ds, err := dataset.Open("../examples/demo/dataset")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ds.Doc("demo_r02_startup")
	if err != nil {
		t.Fatal(err)
	}
	plain, err := pdf.ParseFile(context.Background(), f.Path, pdf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	layerLine := ""
	for _, b := range plain.Blocks {
		if b.Page == 1 && b.Kind == document.KindParagraph && len([]rune(b.Text)) > 10 {
			layerLine = b.Text
			break
		}
	}
	if layerLine == "" {
		t.Fatal("no paragraph on page 1 of the demo PDF")
	}
	pdfImages := func(_ context.Context, path string) ([]PageImage, error) {
		return []PageImage{{Page: 1, Name: "page1-img1", Data: []byte("png")}}, nil
	}
	charts := func(_ context.Context, id string, _ []byte) ([]document.Block, error) {
		// The picture repeats a line of the text layer and adds one.
		return []document.Block{{Kind: document.KindFigure, Text: layerLine + "\n그림에만 있는 문장"}}, nil
	}
	c, err := LoadCorpus(context.Background(), ds, CorpusOptions{Charts: charts, PDFImages: pdfImages, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	d, err := c.Document(context.Background(), "demo_r02_startup")
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if b.Kind == document.KindFigure && b.Text != "그림에만 있는 문장" {
			t.Errorf("figure text = %q, want only the line the text layer lacks", b.Text)
		}
	}
}
