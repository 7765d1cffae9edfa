package corpus

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/pdf"
)

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
	c, err := Load(context.Background(), ds, LoadOptions{Charts: charts, Workers: 1})
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
		if p.Kind == document.KindFigure && strings.Contains(p.Text, "[그림 2-1]") && strings.Contains(p.Text, "연도 개소 2021년 18") {
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
	c, err := Load(context.Background(), ds, LoadOptions{Charts: charts, PDFImages: pdfImages, Workers: 1})
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
	c, err := Load(context.Background(), ds, LoadOptions{Charts: charts, PDFImages: pdfImages, Workers: 1})
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

// A panic while a document is read costs that document only; the log
// names it and holds the stack.
func TestParsePanicLogsDocumentAndStack(t *testing.T) {
	ds, err := dataset.Open("../examples/demo/dataset")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	charts := func(context.Context, string, []byte) ([]document.Block, error) { panic("chart reader exploded") }
	c, err := Load(context.Background(), ds, LoadOptions{Charts: charts, Workers: 1, Logger: slog.New(slog.NewTextHandler(&buf, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Document(context.Background(), "demo_r01_forest"); err == nil || !strings.Contains(err.Error(), "chart reader exploded") {
		t.Errorf("document with the panicking figure: err = %v", err)
	}
	if _, err := c.Document(context.Background(), "demo_r03_market"); err != nil {
		t.Errorf("other document: %v", err)
	}
	log := buf.String()
	for _, want := range []string{"parser panic", "doc=demo_r01_forest", "chart reader exploded", "readFigures", "load_test.go"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
