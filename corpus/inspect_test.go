package corpus

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/pdftest"
)

// twoPagePDF has a text page and a page without any text layer.
func twoPagePDF() []byte {
	content := "BT /F1 12 Tf 72 720 Td (Annual report of the program 2024, page one text) Tj ET"
	return pdftest.Assemble([]string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R /Resources << /Font << /F1 6 0 R >> >> >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
		"<< /Length " + strconv.Itoa(len(content)) + " >>\nstream\n" + content + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}, 1)
}

func TestParsePathPageSources(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.pdf")
	if err := os.WriteFile(path, twoPagePDF(), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ocr  PageOCR
		want []document.PageSource
	}{
		{"ocr reads page 2", func(_ context.Context, _ string, pages []int) (map[int][]document.Block, error) {
			out := map[int][]document.Block{}
			for _, p := range pages {
				out[p] = []document.Block{{Kind: document.KindParagraph, Text: "스캔한 쪽의 글자", Page: p}}
			}
			return out, nil
		}, []document.PageSource{{Page: 1, Source: document.SourceTextLayer}, {Page: 2, Source: document.SourceOCR}}},
		{"ocr finds nothing", func(context.Context, string, []int) (map[int][]document.Block, error) { return nil, nil },
			[]document.PageSource{{Page: 1, Source: document.SourceTextLayer}, {Page: 2, Source: document.SourceNone, Note: "no usable text layer; OCR found no text"}}},
		{"ocr fails", func(context.Context, string, []int) (map[int][]document.Block, error) {
			return nil, errors.New("engine down")
		},
			[]document.PageSource{{Page: 1, Source: document.SourceTextLayer}, {Page: 2, Source: document.SourceNone, Note: "no usable text layer; OCR failed"}}},
		{"no ocr", nil,
			[]document.PageSource{{Page: 1, Source: document.SourceTextLayer}, {Page: 2, Source: document.SourceNone, Note: "no usable text layer; OCR not configured"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *document.Document
			err := ParsePath(context.Background(), path, LoadOptions{OCR: tt.ocr}, func(_ string, d *document.Document, err error) error {
				if err != nil {
					t.Fatal(err)
				}
				got = d
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got.PageSources) != len(tt.want) {
				t.Fatalf("page sources %+v, want %+v", got.PageSources, tt.want)
			}
			for i := range tt.want {
				if got.PageSources[i] != tt.want[i] {
					t.Errorf("page %d: %+v, want %+v", i+1, got.PageSources[i], tt.want[i])
				}
			}
		})
	}
}

func TestParsePathKinds(t *testing.T) {
	root := "../examples/demo/dataset"
	charts := func(_ context.Context, id string, _ []byte) ([]document.Block, error) {
		return []document.Block{{Kind: document.KindTable, Text: "차트 " + id, Table: &document.Table{Rows: [][]document.Cell{{{Text: "연도"}, {Text: "값"}}}}}}, nil
	}
	type seen struct {
		format document.Format
		err    bool
	}
	got := map[string]seen{}
	err := ParsePath(context.Background(), root, LoadOptions{Charts: charts, NoFigures: true}, func(path string, d *document.Document, err error) error {
		rel, _ := filepath.Rel(root, path)
		s := seen{err: err != nil}
		if d != nil {
			s.format = d.Format
			for _, b := range d.Blocks {
				if b.Kind == document.KindFigure && strings.Contains(b.Text, "차트") {
					t.Errorf("%s: figure read although NoFigures", rel)
				}
			}
		}
		got[filepath.ToSlash(rel)] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]seen{
		"doc/01/demo_r01_forest.odt":       {format: document.FormatODT},
		"doc/02/demo_r02_startup.pdf":      {format: document.FormatPDF},
		"doc/03/demo_r03_market":           {format: document.FormatODT},
		"doc/04/demo_r04_library.hwpx":     {format: document.FormatHWPX},
		"ref/demo_r01_forest_table001.xml": {format: document.FormatODFFragment},
		"ref/demo_r01_forest_chart001.png": {format: document.FormatImage},
	}
	for k, w := range want {
		if g, ok := got[k]; !ok || g != w {
			t.Errorf("%s: got %+v (present %v), want %+v", k, g, ok, w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("parsed %v, want exactly %d items", got, len(want))
	}
}

func TestParsePathSingles(t *testing.T) {
	tests := []struct {
		path   string
		id     string
		format document.Format
		err    error
	}{
		{"../examples/demo/dataset/doc/03/demo_r03_market", "demo_r03_market", document.FormatODT, nil},
		{"../examples/demo/dataset/doc/03/demo_r03_market/content.xml", "demo_r03_market", document.FormatODT, nil},
		{"../examples/demo/dataset/ref/demo_r01_forest_table001.xml", "demo_r01_forest_table001", document.FormatODFFragment, nil},
		{"../examples/demo/dataset/problemsheet.json", "", "", ErrUnsupported},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.path), func(t *testing.T) {
			calls := 0
			err := ParsePath(context.Background(), tt.path, LoadOptions{}, func(_ string, d *document.Document, err error) error {
				calls++
				if err != nil {
					t.Fatal(err)
				}
				if d.ID != tt.id || d.Format != tt.format || len(d.Blocks) == 0 {
					t.Errorf("got id %q format %q with %d blocks", d.ID, d.Format, len(d.Blocks))
				}
				return nil
			})
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if tt.err == nil && calls != 1 {
				t.Errorf("%d results, want 1", calls)
			}
		})
	}
}
