package odt

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

func parseFixture(t *testing.T, name string) *document.Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := Parse(context.Background(), f, Options{})
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return doc
}

// summary renders blocks as "kind|text" lines for compact comparisons.
func summary(doc *document.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		out = append(out, string(b.Kind)+"|"+b.Text)
	}
	return out
}

func blocksOf(doc *document.Document, k document.Kind) []document.Block {
	var out []document.Block
	for _, b := range doc.Blocks {
		if b.Kind == k {
			out = append(out, b)
		}
	}
	return out
}

func TestParseFixtures(t *testing.T) {
	tests := []struct {
		file  string
		check func(t *testing.T, doc *document.Document)
	}{
		{"spans.xml", func(t *testing.T, doc *document.Document) {
			want := []string{
				"paragraph|[표 6-6] 시험 자료 비교",
				"paragraph|지원사업은 확대 되었다 올해도.",
				"paragraph|해외여",
				"paragraph|해외여행자 에게 안내",
				"paragraph|링크 텍스트",
				"paragraph|주석 없음",
			}
			if got := summary(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %q\nwant %q", got, want)
			}
			if doc.Format != document.FormatODT {
				t.Errorf("Format = %q", doc.Format)
			}
		}},
		{"notes.xml", func(t *testing.T, doc *document.Document) {
			want := []string{
				"paragraph|보세판매장(이하 ‘면세점’이라 함)이란 사업장을 말함",
				"footnote|관세법 제154조 참조. 둘째 문단.",
				"footnote|미주 본문.",
				"paragraph|다음 문단.",
			}
			if got := summary(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %q\nwant %q", got, want)
			}
		}},
		{"lists.xml", func(t *testing.T, doc *document.Document) {
			want := []string{
				"paragraph|목록 앞",
				"list_item|첫째 항목",
				"list_item|둘째 항목",
				"list_item|하위 항목",
				"list_item|머리 항목",
				"paragraph|목록 뒤",
			}
			if got := summary(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %q\nwant %q", got, want)
			}
		}},
		{"tables.xml", func(t *testing.T, doc *document.Document) {
			tables := blocksOf(doc, document.KindTable)
			if len(tables) != 2 {
				t.Fatalf("got %d tables, want 2: %q", len(tables), summary(doc))
			}
			t1 := tables[0]
			if t1.Text != "<표 3-1> 지역별 현황" || t1.Table.Caption != t1.Text {
				t.Errorf("caption = %q / %q", t1.Text, t1.Table.Caption)
			}
			grid := t1.Table.Grid()
			if len(grid) != 4 {
				t.Fatalf("grid rows = %d, want 4 (empty repeated row kept once): %q", len(grid), grid)
			}
			wantTop := [][]string{{"구분", "연도", "연도"}, {"구분", "2015", "2016"}, {"서울", "7", "7"}}
			for r, want := range wantTop {
				if got := grid[r][:3]; !reflect.DeepEqual(got, want) {
					t.Errorf("grid row %d = %q, want %q", r, got, want)
				}
			}
			if n := len(t1.Table.Rows[3]); n != maxRepeat {
				t.Errorf("repeated cells kept = %d, want cap %d", n, maxRepeat)
			}
			t2 := tables[1]
			if t2.Text != "[표 2] 둘째 표" {
				t.Errorf("second caption = %q (unit line between caption and table)", t2.Text)
			}
			c := t2.Table.Rows[0]
			if c[0].ColSpan != maxSpan || c[1].RowSpan != 2 {
				t.Errorf("spans = %d/%d, want col %d (capped) and row 2 (clamped)", c[0].ColSpan, c[1].RowSpan, maxSpan)
			}
			if got := t2.Table.Rows[1][0].Text; got != "다 라" {
				t.Errorf("multi-paragraph cell = %q", got)
			}
			if got := t2.Table.Rows[1][1].Text; got != "마" {
				t.Errorf("cell with note = %q (citation must not glue)", got)
			}
			last := doc.Blocks[len(doc.Blocks)-1]
			if last.Kind != document.KindFootnote || last.Text != "표 주석." {
				t.Errorf("note in a cell should follow the table, got %s|%s", last.Kind, last.Text)
			}
		}},
		{"nested.xml", func(t *testing.T, doc *document.Document) {
			tables := blocksOf(doc, document.KindTable)
			if len(tables) != 1 {
				t.Fatalf("got %d tables, want 1: %q", len(tables), summary(doc))
			}
			cell := tables[0].Table.Rows[0][1]
			if cell.Text != "바깥 오른쪽 꼬리" {
				t.Errorf("outer cell text = %q (nested table text must be excluded)", cell.Text)
			}
			if len(cell.Nested) != 1 {
				t.Fatalf("nested tables = %d", len(cell.Nested))
			}
			if got := cell.Nested[0].Grid(); !reflect.DeepEqual(got, [][]string{{"안 A", "안 B"}, {"안 1", "안 2"}}) {
				t.Errorf("nested grid = %q", got)
			}
		}},
		{"images.xml", func(t *testing.T, doc *document.Document) {
			figs := blocksOf(doc, document.KindFigure)
			if len(figs) != 3 {
				t.Fatalf("got %d figures: %q", len(figs), summary(doc))
			}
			wantName := []string{"bindata/BIN0001.png", "Pictures/b.jpg", "Pictures/missing.png"}
			wantCap := []string{"<그림 6-1> 설정 경과", "[그림 2] 앞에 오는 설명", ""}
			for i, f := range figs {
				if f.Image.Name != wantName[i] || f.Image.Caption != wantCap[i] || f.Text != wantCap[i] {
					t.Errorf("figure %d = %q caption %q text %q", i, f.Image.Name, f.Image.Caption, f.Text)
				}
				if f.Image.Data != nil {
					t.Errorf("figure %d: Parse must not load data", i)
				}
			}
			want := []string{
				"figure|<그림 6-1> 설정 경과",
				"paragraph|<그림 6-1> 설정 경과",
				"paragraph|본문 문단",
				"paragraph|[그림 2] 앞에 오는 설명",
				"figure|[그림 2] 앞에 오는 설명",
				"paragraph|글 앞 글 뒤",
				"paragraph|상자 안 문단",
				"paragraph|둘째 상자 문단",
				"figure|",
			}
			if got := summary(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %q\nwant %q", got, want)
			}
		}},
		{"headings.xml", func(t *testing.T, doc *document.Document) {
			type row struct {
				kind    document.Kind
				text    string
				level   int
				section string
			}
			want := []row{
				{document.KindHeading, "서론", 1, ""},
				{document.KindParagraph, "서론 문단.", 0, "서론"},
				{document.KindHeading, "배경", 2, "서론"},
				{document.KindParagraph, "배경 문단.", 0, "서론 > 배경"},
				{document.KindHeading, "본론", 1, ""},
				{document.KindParagraph, "본론 문단.", 0, "본론"},
			}
			var got []row
			for _, b := range doc.Blocks {
				got = append(got, row{b.Kind, b.Text, b.Level, strings.Join(b.Section, " > ")})
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %v\nwant %v", got, want)
			}
		}},
		{"numbered.xml", func(t *testing.T, doc *document.Document) {
			type row struct {
				text    string
				level   int
				section string
			}
			want := map[string]row{
				"제1장 서론1":     {"", 0, ""}, // table of contents line
				"Ⅱ. 시장현황 4":   {"", 0, ""},
				"제1장 서론":      {"heading", 1, ""},
				"Ⅰ. 연구의 목적":   {"heading", 2, "제1장 서론"},
				"1. 개요":       {"heading", 3, "제1장 서론 > Ⅰ. 연구의 목적"},
				"가. 시장획정 일반론": {"heading", 4, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요"},
				"(1) 기준과 방법":  {"heading", 5, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요 > 가. 시장획정 일반론"},
				"이 문단은 본문이다.": {"", 0, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요 > 가. 시장획정 일반론 > (1) 기준과 방법"},
				"2. 이 항목은 문장으로 끝나므로 제목이 아니다.": {"", 0, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요 > 가. 시장획정 일반론 > (1) 기준과 방법"},
				"나. 둘째 절":     {"heading", 4, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요"},
				"2017. 4.":    {"", 0, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요 > 나. 둘째 절"},
				"1.5 ㎎/㎏이하":   {"", 0, "제1장 서론 > Ⅰ. 연구의 목적 > 1. 개요 > 나. 둘째 절"},
				"Ⅱ. 시장현황":     {"heading", 2, "제1장 서론"},
				"시장 문단":       {"", 0, "제1장 서론 > Ⅱ. 시장현황"},
				"제2장 현황":      {"heading", 1, ""},
				"6.1 성분분석 비교": {"heading", 2, "제2장 현황"},
				"6.1.1 세부 비교": {"heading", 3, "제2장 현황 > 6.1 성분분석 비교"},
				"세부 문단":       {"", 0, "제2장 현황 > 6.1 성분분석 비교 > 6.1.1 세부 비교"},
			}
			if len(doc.Blocks) != len(want) {
				t.Errorf("got %d blocks, want %d", len(doc.Blocks), len(want))
			}
			for _, b := range doc.Blocks {
				w, ok := want[b.Text]
				if !ok {
					t.Errorf("unexpected block %q", b.Text)
					continue
				}
				isH := b.Kind == document.KindHeading
				if isH != (w.text == "heading") || b.Level != w.level || strings.Join(b.Section, " > ") != w.section {
					t.Errorf("%q: kind %s level %d section %q; want heading=%v level %d section %q",
						b.Text, b.Kind, b.Level, strings.Join(b.Section, " > "), w.text == "heading", w.level, w.section)
				}
			}
		}},
		{"pages.xml", func(t *testing.T, doc *document.Document) {
			want := map[string]int{"첫 쪽": 1, "둘째 문단이어짐": 1, "둘째 쪽": 2, "셋째 쪽": 3, "넷째 쪽": 4}
			for _, b := range doc.Blocks {
				if w, ok := want[b.Text]; !ok || b.Page != w {
					t.Errorf("%q on page %d, want %d", b.Text, b.Page, w)
				}
			}
			if len(doc.Blocks) != len(want) {
				t.Errorf("got %d blocks: %q", len(doc.Blocks), summary(doc))
			}
		}},
		{"layout.xml", func(t *testing.T, doc *document.Document) {
			want := []string{
				"paragraph|참고: 상자 제목",
				"paragraph|상자 안의 긴 본문 문단이다.",
				"table|",
			}
			if got := summary(doc); !reflect.DeepEqual(got, want) {
				t.Errorf("blocks:\n got %q\nwant %q", got, want)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			tt.check(t, parseFixture(t, tt.file))
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
	}{
		{"empty", ""},
		{"text only", "no xml here"},
		{"unclosed", `<office:document-content><text:p>a`},
		{"mismatched", `<a><text:p>a</text:span></a>`},
		{"bad entity", `<a><text:p>&bogus;</text:p></a>`},
		{"other encoding", `<?xml version="1.0" encoding="EUC-KR"?><a/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), strings.NewReader(tt.input), Options{})
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
		})
	}
	t.Run("fixture", func(t *testing.T) {
		f, err := os.Open("testdata/malformed.xml")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := Parse(context.Background(), f, Options{}); !errors.Is(err, ErrMalformed) {
			t.Errorf("err = %v, want ErrMalformed", err)
		}
	})
}

func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	input := "<a>" + strings.Repeat("<text:p>x</text:p>", 2000) + "</a>"
	if _, err := Parse(ctx, strings.NewReader(input), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestParseDeepNesting(t *testing.T) {
	const n = 5000
	input := "<a>" + strings.Repeat("<text:span>", n) + "x" + strings.Repeat("</text:span>", n) +
		"<text:p>after</text:p></a>"
	doc, err := Parse(context.Background(), strings.NewReader(input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := summary(doc); !reflect.DeepEqual(got, []string{"paragraph|after"}) {
		t.Errorf("blocks = %q", got)
	}
	if len(doc.Warnings) == 0 {
		t.Error("no warning for skipped deep content")
	}
}

func TestHeadingRank(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"제1장 서론", 2},
		{"제 6장 재생연료유 품질기준 개선방안", 2},
		{"제1절 연구의 목적", 3},
		{"제2편", 1},
		{"Ⅳ. 소 결", 4},
		{"Ⅰ 서론", 4},
		{"IV. Results", 4},
		{"6.1 재생연료유 성분분석 비교", 4},
		{"6.2.1 설정경과", 5},
		{"1. 개요", 5},
		{"가. 폐유 성분분석 비교", 6},
		{"(2) 사례", 7},
		{"1) 경우", 8},
		{"(가) 세부", 9},
		{"가) 세부", 10},
		{"제1장 서론1", 0},
		{"Ⅱ. 경찰의 직무획정 5", 0},
		{"1. 개요 ····· 12", 0},
		{"2. 광고를 함에 있어서는 알기 쉽도록 하여야 한다.", 0},
		{"2017. 4.", 0},
		{"1.5 ㎎/㎏이하", 0},
		{"200 ㎎/㎏이하", 0},
		{"□ 면세점 점포수", 0},
		{"1. " + strings.Repeat("가", 70), 0},
		{"Ⅰ.", 0},
	}
	for _, tt := range tests {
		if got := odtHeadingRank(tt.in); got != tt.want {
			t.Errorf("odtHeadingRank(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCleanHref(t *testing.T) {
	tests := map[string]string{
		"bindata/BIN0001.bmp":  "bindata/BIN0001.bmp",
		"./Pictures/a.png":     "Pictures/a.png",
		"/Pictures/a.png":      "Pictures/a.png",
		"../../etc/passwd":     "etc/passwd",
		"Pictures\\b.png":      "Pictures/b.png",
		"http://example.org/x": "http://example.org/x",
	}
	for in, want := range tests {
		if got := cleanHref(in); got != want {
			t.Errorf("cleanHref(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestParseBoundsGrid: a few kilobytes of repeats and spans must not
// expand into a grid that takes seconds to build downstream.
func TestParseBoundsGrid(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("<a><table:table>")
	for i := range 31 {
		fmt.Fprintf(&sb, `<table:table-row table:number-rows-repeated="64">`+
			`<table:table-cell table:number-columns-spanned="1000"><text:p>v%d</text:p></table:table-cell>`+
			`<table:table-cell table:number-columns-spanned="1000"><text:p>w</text:p></table:table-cell>`+
			`</table:table-row>`, i)
	}
	sb.WriteString("</table:table></a>")
	doc, err := Parse(context.Background(), strings.NewReader(sb.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tables := blocksOf(doc, document.KindTable)
	if len(tables) != 1 {
		t.Fatalf("got %d tables", len(tables))
	}
	g := tables[0].Table.Grid()
	if len(g)*len(g[0]) > maxGridArea {
		t.Errorf("grid %d×%d exceeds %d", len(g), len(g[0]), maxGridArea)
	}
	if len(doc.Warnings) == 0 {
		t.Error("no warning for reset spans")
	}
}
