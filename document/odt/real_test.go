package odt

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyqa/policyqa/document"
)

// agcDevDir finds the shared agc-dev reference set (never copied into the
// repository): $POLICYQA_AGC_DEV, or shared/data/agc-dev beside the
// repository root. Tests skip when it is absent.
func agcDevDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("POLICYQA_AGC_DEV"); d != "" {
		return d
	}
	return sharedDataDir(tb, "agc-dev")
}

// sharedDataDir finds shared/data/<name> beside the repository root, or
// skips.
func sharedDataDir(tb testing.TB, name string) string {
	tb.Helper()
	wd, err := os.Getwd()
	if err != nil {
		tb.Skip(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "shared", "data", name)
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	tb.Skipf("%s reference data not found", name)
	return ""
}

func realODTs(tb testing.TB) []string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(agcDevDir(tb), "doc", "*", "*.odt"))
	if len(files) == 0 {
		tb.Skip("no agc-dev ODT files")
	}
	slices.Sort(files)
	return files
}

// findBlock returns the first block of one of kinds containing all probes.
func findBlock(doc *document.Document, kinds []document.Kind, probes ...string) *document.Block {
	for i, b := range doc.Blocks {
		if !slices.Contains(kinds, b.Kind) {
			continue
		}
		ok := true
		for _, p := range probes {
			ok = ok && strings.Contains(b.Text, p)
		}
		if ok {
			return &doc.Blocks[i]
		}
	}
	return nil
}

var textKinds = []document.Kind{document.KindParagraph, document.KindListItem, document.KindHeading, document.KindFootnote}

func TestRealODT(t *testing.T) {
	files := realODTs(t)
	docs := map[string]*document.Document{}
	for _, f := range files {
		start := time.Now()
		doc, err := ParseFile(context.Background(), f, Options{LoadImages: true})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		elapsed := time.Since(start)
		docs[doc.ID] = doc
		counts := map[document.Kind]int{}
		for _, b := range doc.Blocks {
			counts[b.Kind]++
			if b.Kind != document.KindTable && b.Kind != document.KindFigure && b.Text == "" {
				t.Errorf("%s: empty %s block", doc.ID, b.Kind)
			}
			if b.Text != document.NormalizeSpace(b.Text) {
				t.Errorf("%s: text not normalised: %q", doc.ID, b.Text)
			}
			if b.Page < 1 {
				t.Errorf("%s: page %d", doc.ID, b.Page)
			}
			if b.Kind == document.KindFigure && len(b.Image.Data) == 0 {
				t.Errorf("%s: figure %s not loaded", doc.ID, b.Image.Name)
			}
		}
		t.Logf("%s: %d blocks (%d headings, %d paragraphs, %d list items, %d footnotes, %d tables, %d figures), last page %d, %d warnings, %v",
			doc.ID, len(doc.Blocks), counts[document.KindHeading], counts[document.KindParagraph], counts[document.KindListItem],
			counts[document.KindFootnote], counts[document.KindTable], counts[document.KindFigure],
			doc.Blocks[len(doc.Blocks)-1].Page, len(doc.Warnings), elapsed.Round(time.Millisecond))
	}

	probes := []struct {
		doc    string
		probes []string
	}{
		// Spans split across HWP line ends must join into one paragraph.
		{"agc2022_n08c00", []string{"출국장면세점 22개", "제주지정면세점 4개"}},
		{"agc2022_n09c00", []string{"철회가간은 베이직스토아가 5일", "30일로"}},
		// Footnote citation marks must not glue into the text.
		{"agc2022_n08c00", []string{"이라 함)이란"}},
		// n30 is laid out in big table cells: its paragraphs are unboxed.
		{"agc2022_n30c00", []string{"국유재산 90을 100에"}},
	}
	for _, p := range probes {
		doc := docs[p.doc]
		if doc == nil {
			t.Errorf("%s not parsed", p.doc)
			continue
		}
		if findBlock(doc, textKinds, p.probes...) == nil {
			t.Errorf("%s: no single text block holds %q", p.doc, p.probes)
		}
	}

	if n02 := docs["agc2022_n02c00"]; n02 != nil {
		var caps []string
		for _, b := range n02.Blocks {
			if b.Kind == document.KindFigure {
				caps = append(caps, b.Image.Caption)
			}
		}
		if len(caps) != 4 || !strings.HasPrefix(caps[0], "<그림 6-1>") {
			t.Errorf("n02 figure captions = %q", caps)
		}
		if findBlock(n02, []document.Kind{document.KindTable}, "[표 6-6]") == nil {
			t.Error("n02: no table captioned [표 6-6]")
		}
	}
	if n08 := docs["agc2022_n08c00"]; n08 != nil {
		b := findBlock(n08, textKinds, "출국장면세점 22개")
		if b != nil && !slices.ContainsFunc(b.Section, func(s string) bool { return strings.HasPrefix(s, "제2장") }) {
			t.Errorf("n08 probe section = %q, want under 제2장", b.Section)
		}
	}

	// Every gold evidence paragraph must sit whole inside one block.
	gold, err := os.ReadFile(filepath.Join(agcDevDir(t), "gold.json"))
	if err != nil {
		t.Logf("gold.json: %v", err)
		return
	}
	var entries map[string]struct {
		Para    string `json:"para"`
		DocFile string `json:"doc_file"`
	}
	if err := json.Unmarshal(gold, &entries); err != nil {
		t.Fatal(err)
	}
	for no, e := range entries {
		doc := docs[e.DocFile]
		if doc == nil || e.Para == "" {
			continue
		}
		if findBlock(doc, textKinds, document.NormalizeSpace(e.Para)) == nil {
			t.Errorf("gold %s: evidence paragraph not found whole in %s", no, e.DocFile)
		}
	}
}

func TestRealTableXML(t *testing.T) {
	dir := agcDevDir(t)
	tests := []struct {
		file    string
		caption string
		check   func(t *testing.T, grid [][]string)
	}{
		{"agc2022_n02c00_table003.xml", "[표 6-6]", func(t *testing.T, grid [][]string) {
			if !slices.Contains(grid[0], "폐기물관리법 품질기준") {
				t.Errorf("header = %q", grid[0])
			}
			found := false
			for _, row := range grid {
				if row[0] == "비소" && len(row) == len(grid[0]) && row[1] != "" {
					found = true
				}
			}
			if !found {
				t.Errorf("no full 비소 row in %q", grid)
			}
		}},
		{"agc2022_n02c00_table004.xml", "[표 6-15]", func(t *testing.T, grid [][]string) {
			if len(grid) < 5 || len(grid[0]) != 4 {
				t.Errorf("grid %d×%d", len(grid), len(grid[0]))
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join(dir, "ref", tt.file))
			if os.IsNotExist(err) {
				t.Skip(err)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			blocks, err := ParseTableXML(context.Background(), f)
			if err != nil {
				t.Fatal(err)
			}
			var tb *document.Block
			for i := range blocks {
				if blocks[i].Kind == document.KindTable {
					tb = &blocks[i]
					break
				}
			}
			if tb == nil {
				t.Fatalf("no table in %d blocks", len(blocks))
			}
			if !strings.HasPrefix(tb.Table.Caption, tt.caption) || tb.Text != tb.Table.Caption {
				t.Errorf("caption = %q", tb.Table.Caption)
			}
			tt.check(t, tb.Table.Grid())
		})
	}
}

// TestRealFieldFragment reads field-dev's reference fragment (cut from a
// real HWP→ODT conversion, full of merged cells) and checks the spans
// against the file's own markup: the grid is tiled exactly once by the
// cells' spans, and the positions not holding a cell are as many as the
// file's covered cells.
func TestRealFieldFragment(t *testing.T) {
	path := filepath.Join(sharedDataDir(t, "field-dev"), "ref", "field_10_table01.xml")
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	d, err := ParseFragment(context.Background(), bytes.NewReader(data), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tables []*document.Table
	for _, b := range d.Blocks {
		if b.Table != nil {
			tables = append(tables, b.Table)
		}
	}
	if len(tables) != 1 {
		t.Fatalf("%d tables, want 1", len(tables))
	}
	tb := tables[0]
	grid := tb.Grid()
	cells, area := 0, 0
	for _, row := range tb.Rows {
		for _, c := range row {
			cells++
			area += c.RowSpan * c.ColSpan
		}
	}
	rows, cols := len(grid), len(grid[0])
	if rows != bytes.Count(data, []byte("<table:table-row")) {
		t.Errorf("%d grid rows, file has %d", rows, bytes.Count(data, []byte("<table:table-row")))
	}
	if cells != bytes.Count(data, []byte("<table:table-cell")) {
		t.Errorf("%d cells, file has %d", cells, bytes.Count(data, []byte("<table:table-cell")))
	}
	if area != rows*cols {
		t.Errorf("spans cover %d positions of a %d×%d grid", area, rows, cols)
	}
	if covered := bytes.Count(data, []byte("<table:covered-table-cell")); rows*cols-cells != covered {
		t.Errorf("%d positions covered by spans, file has %d covered cells", rows*cols-cells, covered)
	}
	for r, row := range grid {
		if len(row) != cols {
			t.Errorf("row %d has %d columns, want %d", r, len(row), cols)
		}
	}
}

// BenchmarkParseReal parses each agc-dev ODT (unzip included); MB/s is
// over the uncompressed content.xml.
func BenchmarkParseReal(b *testing.B) {
	for _, f := range realODTs(b) {
		id := docID(f)
		b.Run(id, func(b *testing.B) {
			b.SetBytes(contentSize(b, f))
			b.ReportAllocs()
			blocks := 0
			for b.Loop() {
				doc, err := ParseFile(context.Background(), f, Options{})
				if err != nil {
					b.Fatal(err)
				}
				blocks = len(doc.Blocks)
			}
			b.ReportMetric(float64(blocks), "blocks")
		})
	}
}

func contentSize(tb testing.TB, path string) int64 {
	tb.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer zr.Close()
	for _, f := range zr.File {
		if f.Name == "content.xml" {
			return int64(f.UncompressedSize64)
		}
	}
	return 0
}
