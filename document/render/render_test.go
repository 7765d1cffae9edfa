package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// sampleDoc holds every kind of block, a table with row and column spans
// and a nested table, a figure, and pages read three ways (page 3 has no
// blocks).
func sampleDoc() *document.Document {
	sec := []string{"Ⅰ. 사업 개요"}
	span := &document.Table{Caption: "<표 2-1> 권역별 예산", Rows: [][]document.Cell{
		{{Text: "권역", RowSpan: 2}, {Text: "예산(억 원)", ColSpan: 2}, {Text: "비고", RowSpan: 2}},
		{{Text: "2023"}, {Text: "2024"}},
		{{Text: "수도권"}, {Text: "120"}, {Text: "114"}, {Text: "", Nested: []*document.Table{
			{Rows: [][]document.Cell{{{Text: "내역"}, {Text: "금액"}}, {{Text: "보수"}, {Text: "3"}}}},
		}}},
	}}
	return &document.Document{
		ID: "sample", Path: "doc/01/sample.pdf", Format: document.FormatPDF, Pages: 4,
		PageSources: []document.PageSource{
			{Page: 1, Source: document.SourceTextLayer},
			{Page: 2, Source: document.SourceOCR},
			{Page: 3, Source: document.SourceNone, Note: "blank page"},
			{Page: 4, Source: document.SourceTextLayer},
		},
		Warnings: []string{"page 2: no usable text layer"},
		Blocks: []document.Block{
			{Kind: document.KindHeading, Text: "Ⅰ. 사업 개요", Level: 1, Page: 1},
			{Kind: document.KindParagraph, Text: "- 하이픈으로 시작하는 문단 <b>태그 아님</b>", Section: sec, Page: 1},
			{Kind: document.KindListItem, Text: "○ 지원 유형은 세 가지", Section: sec, Page: 1},
			{Kind: document.KindFootnote, Text: "1) 2024년 기준", Section: sec, Page: 1},
			{Kind: document.KindParagraph, Text: "<표 2-1> 권역별 예산", Section: sec, Page: 2},
			{Kind: document.KindTable, Text: span.Caption, Section: sec, Page: 2, Table: span},
			{Kind: document.KindFigure, Text: "[그림 1] 연도별 추이\n연도: 2023, 개소: 18", Section: sec, Page: 4,
				Image: &document.Image{Name: "bindata/BIN0001.png", Caption: "[그림 1] 연도별 추이", Data: []byte("12345")}},
		},
	}
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got ---\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	for _, f := range Formats {
		t.Run(string(f), func(t *testing.T) {
			var buf bytes.Buffer
			if err := Document(&buf, sampleDoc(), f); err != nil {
				t.Fatal(err)
			}
			golden(t, "sample."+string(f), buf.Bytes())
		})
	}
}

func TestJSONShape(t *testing.T) {
	var buf bytes.Buffer
	if err := Document(&buf, sampleDoc(), JSON); err != nil {
		t.Fatal(err)
	}
	var d jsonDoc
	if err := json.Unmarshal(buf.Bytes(), &d); err != nil {
		t.Fatal(err)
	}
	tb := d.Blocks[5].Table
	if tb == nil || tb.Rows != 3 || tb.Cols != 4 {
		t.Fatalf("table = %+v, want a 3×4 grid", tb)
	}
	// Row 1's cells sit right of the row-spanning 권역 cell: columns 1, 2.
	want := [][2]int{{1, 1}, {1, 2}}
	for i, c := range tb.Cells[1] {
		if [2]int{c.Row, c.Col} != want[i] {
			t.Errorf("cell %q at (%d,%d), want %v", c.Text, c.Row, c.Col, want[i])
		}
	}
	if c := tb.Cells[0][0]; c.RowSpan != 2 || c.ColSpan != 1 {
		t.Errorf("권역 spans %d×%d, want 2×1", c.RowSpan, c.ColSpan)
	}
	if n := tb.Cells[2][3].Nested; len(n) != 1 || n[0].Rows != 2 {
		t.Errorf("nested table = %+v", n)
	}
	if len(d.PageSources) != 4 || d.PageSources[1].Source != "ocr" {
		t.Errorf("page sources = %+v", d.PageSources)
	}
	if img := d.Blocks[6].Image; img == nil || img.Bytes != 5 {
		t.Errorf("image = %+v", img)
	}
}

func TestWriterMulti(t *testing.T) {
	tests := []struct {
		name string
		docs int
	}{{"none", 0}, {"one", 1}, {"two", 2}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			rw, err := NewWriter(&buf, JSON, true)
			if err != nil {
				t.Fatal(err)
			}
			for range tt.docs {
				if err := rw.Write(sampleDoc()); err != nil {
					t.Fatal(err)
				}
			}
			if err := rw.Close(); err != nil {
				t.Fatal(err)
			}
			var docs []jsonDoc
			if err := json.Unmarshal(buf.Bytes(), &docs); err != nil {
				t.Fatalf("not a JSON array: %v\n%s", err, buf.String())
			}
			if len(docs) != tt.docs {
				t.Errorf("%d documents, want %d", len(docs), tt.docs)
			}
		})
	}
}

func TestTextPageMarkers(t *testing.T) {
	var buf bytes.Buffer
	if err := Document(&buf, sampleDoc(), Text); err != nil {
		t.Fatal(err)
	}
	var markers []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.HasPrefix(line, "--- page ") {
			markers = append(markers, line)
		}
	}
	want := []string{
		"--- page 1: text layer ---",
		"--- page 2: OCR ---",
		"--- page 3: no text (blank page) ---",
		"--- page 4: text layer ---",
	}
	if strings.Join(markers, "\n") != strings.Join(want, "\n") {
		t.Errorf("markers:\n%s\nwant:\n%s", strings.Join(markers, "\n"), strings.Join(want, "\n"))
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
		err  bool
	}{
		{"json", JSON, false}, {"MD", Markdown, false}, {"markdown", Markdown, false},
		{"txt", Text, false}, {" text ", Text, false}, {"html", "", true}, {"", "", true},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseFormat(%q) = %q, %v", tt.in, got, err)
		}
		if err != nil && !errors.Is(err, ErrFormat) {
			t.Errorf("ParseFormat(%q) error %v does not wrap ErrFormat", tt.in, err)
		}
	}
}

func TestRanges(t *testing.T) {
	tests := []struct {
		in   []int
		want string
	}{
		{nil, ""}, {[]int{1}, "1"}, {[]int{1, 2, 3, 5, 7, 8}, "1-3, 5, 7-8"},
	}
	for _, tt := range tests {
		if got := ranges(tt.in); got != tt.want {
			t.Errorf("ranges(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTextGridSpansOnce: the text format prints a merged cell once, at its
// top-left position, and marks the positions it covers; a block merged
// over rows and columns marks its first row "←" and the rows below "↑".
func TestTextGridSpansOnce(t *testing.T) {
	for _, tc := range []struct {
		name string
		rows [][]document.Cell
		want [][]string
	}{
		{"row span", [][]document.Cell{
			{{Text: "구분", RowSpan: 3}, {Text: "가"}},
			{{Text: "나"}},
			{{Text: "다"}},
		}, [][]string{{"구분", "가"}, {"↑", "나"}, {"↑", "다"}}},
		{"column span", [][]document.Cell{
			{{Text: "합계", ColSpan: 3}},
			{{Text: "1"}, {Text: "2"}, {Text: "3"}},
		}, [][]string{{"합계", "←", "←"}, {"1", "2", "3"}}},
		{"block span", [][]document.Cell{
			{{Text: "a"}, {Text: "병합", RowSpan: 2, ColSpan: 2}},
			{{Text: "b"}},
			{{Text: "c"}, {Text: "d"}, {Text: "e"}},
		}, [][]string{{"a", "병합", "←"}, {"b", "↑", "↑"}, {"c", "d", "e"}}},
		{"row span past the end is clipped", [][]document.Cell{
			{{Text: "x", RowSpan: 9}, {Text: "y"}},
			{{Text: "z"}},
		}, [][]string{{"x", "y"}, {"↑", "z"}}},
		{"ragged rows padded", [][]document.Cell{
			{{Text: "a"}, {Text: "b"}, {Text: "c"}},
			{{Text: "d"}},
		}, [][]string{{"a", "b", "c"}, {"d", "", ""}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := textGrid(&document.Table{Rows: tc.rows})
			if g, w := strings.Join(flat(got), "|"), strings.Join(flat(tc.want), "|"); g != w || len(got) != len(tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			// Each cell's text appears once in the whole text output.
			var buf bytes.Buffer
			d := &document.Document{ID: "t", Format: document.FormatODT, Blocks: []document.Block{
				{Kind: document.KindTable, Table: &document.Table{Rows: tc.rows}}}}
			if err := Document(&buf, d, Text); err != nil {
				t.Fatal(err)
			}
			_, body, _ := strings.Cut(buf.String(), "]\n") // after the "[table R×C]" line
			for _, row := range tc.rows {
				for _, c := range row {
					if n := strings.Count(body, c.Text); n != 1 {
						t.Errorf("%q printed %d times:\n%s", c.Text, n, buf.String())
					}
				}
			}
		})
	}
}

func flat(g [][]string) []string {
	var out []string
	for _, r := range g {
		out = append(out, r...)
		out = append(out, "/")
	}
	return out
}
