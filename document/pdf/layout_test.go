package pdf

import (
	"math"
	"reflect"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// glyphs lays text out one run per rune, each em wide (Hangul) or
// 0.55 em (other), like a producer that positions every glyph.
func glyphs(text string, x, y, size float64) []Run {
	var out []Run
	for _, r := range text {
		w := 0.55 * size
		if isCJK(r) {
			w = size
		}
		if r == ' ' {
			w = 0.28 * size
		}
		out = append(out, Run{Text: string(r), X: x, Y: y, W: w, Size: size, Font: "F"})
		x += w
	}
	return out
}

// end returns the x after the runs.
func end(rs []Run) float64 { l := rs[len(rs)-1]; return l.X + l.W }

func cat(parts ...[]Run) []Run {
	var out []Run
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func TestBuildLines(t *testing.T) {
	a := glyphs("2024", 72, 700, 12)
	tests := []struct {
		name string
		runs []Run
		want []string
	}{
		{"font change without gap", cat(a, glyphs("년", end(a), 700, 12)), []string{"2024년"}},
		{"autospace between scripts is not a word space", cat(a, glyphs("년", end(a)+0.2*12, 700, 12)), []string{"2024년"}},
		{"word gap", cat(glyphs("예산", 72, 700, 12), glyphs("증가", 72+24+4, 700, 12)), []string{"예산 증가"}},
		{"space glyph", glyphs("예산 증가", 72, 700, 12), []string{"예산 증가"}},
		{"content order does not matter", cat(glyphs("증가", 96, 700, 12), glyphs("예산", 72, 700, 12)), []string{"예산증가"}},
		{"two lines top first", cat(glyphs("아래", 72, 600, 12), glyphs("위", 72, 700, 12)), []string{"위", "아래"}},
		{"baseline jitter", cat(glyphs("가", 72, 700, 12), glyphs("나", 84, 701.5, 12)), []string{"가나"}},
		{"raised note mark dropped", cat(glyphs("중론임", 72, 700, 12), []Run{{Text: "2", X: 108, Y: 704, W: 3, Size: 6}}), []string{"중론임"}},
		{"overprinted bold", cat(glyphs("굵게", 72, 700, 12), glyphs("굵게", 72.3, 700, 12)), []string{"굵게"}},
		{"control chars and bad numbers", []Run{{Text: "\x00가\x07", X: 72, Y: 700, W: 12, Size: 12}, {Text: "x", X: math.Inf(1), Y: 700}}, []string{"가"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, l := range buildLines(1, tt.runs) {
				got = append(got, l.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStartsItem(t *testing.T) {
	for text, want := range map[string]bool{
		"- 항목": true, "○ 항목": true, "□ 항목": true, "① 항목": true, "1) 항목": true,
		"(1) 항목": true, "1. 항목": true, "가. 항목": true, "(가) 항목": true, "Ⅰ. 서론": true,
		"※ 주": true, "제2장 현황": true, "[표 1] 현황": true, "ㅇ 항목": true, "\uf0a7 항목": true, "▣ 항목": true,
		"1.5배 증가": false, "2016년 12월": false, "가나다": false, "예산은": false, "12조원": false,
	} {
		if got := startsItem(text); got != want {
			t.Errorf("startsItem(%q) = %v, want %v", text, got, want)
		}
	}
}

// page builds a PageText from lines of glyph runs.
func page(n int, runs ...[]Run) PageText {
	return PageText{Number: n, Box: [4]float64{0, 0, 595, 842}, Runs: cat(runs...)}
}

func TestRebuild(t *testing.T) {
	const l, s = 72.0, 12.0
	// A measure of 30 em: lines of 30 Hangul glyphs reach the margin.
	full1 := "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나"
	full2 := "하파타카차자아사바마라다나가하파타카차자아사바마라다나가하파"
	header := func(n int) []Run { return glyphs("정책 보고서", 250, 810, 9) }
	pnum := func(n int) []Run { return glyphs("- "+string(rune('0'+n))+" -", 290, 30, 9) }
	type blk struct {
		Kind  document.Kind
		Page  int
		Text  string
		Level int
	}
	tests := []struct {
		name  string
		pages []PageText
		want  []blk
	}{
		{
			name: "wrapped paragraph joins with a space, bullets split",
			pages: []PageText{page(1,
				glyphs(full1, l, 700, s), glyphs("끝이다.", l, 682, s),
				glyphs("- 항목 하나", l, 664, s), glyphs("- 항목 둘", l, 646, s))},
			want: []blk{
				{document.KindParagraph, 1, full1 + " 끝이다.", 0},
				{document.KindParagraph, 1, "- 항목 하나", 0},
				{document.KindParagraph, 1, "- 항목 둘", 0},
			},
		},
		{
			name: "short line ends the paragraph",
			pages: []PageText{page(1,
				glyphs(full1, l, 700, s), glyphs("짧다.", l, 682, s), glyphs(full2, l, 664, s))},
			want: []blk{
				{document.KindParagraph, 1, full1 + " 짧다.", 0},
				{document.KindParagraph, 1, full2, 0},
			},
		},
		{
			name: "large vertical gap ends the paragraph",
			pages: []PageText{page(1,
				glyphs(full1, l, 700, s), glyphs(full2, l, 682, s), glyphs(full1, l, 664, s), glyphs("다음 문단", l, 600, s))},
			want: []blk{
				{document.KindParagraph, 1, full1 + " " + full2 + " " + full1, 0},
				{document.KindParagraph, 1, "다음 문단", 0},
			},
		},
		{
			name: "headings, running header, page numbers, cross-page paragraph",
			pages: []PageText{
				page(1, header(1), glyphs("제1장 서론", l, 740, 16), glyphs(full1, l, 700, s), glyphs(full2, l, 682, s), pnum(1)),
				page(2, header(2), glyphs("이어진다.", l, 760, s), glyphs("1. 배경", l, 720, s), glyphs("본문.", l, 700, s), pnum(2)),
				page(3, header(3), glyphs("가. 세부", l, 760, s), pnum(3)),
			},
			want: []blk{
				{document.KindHeading, 1, "제1장 서론", 1},
				{document.KindParagraph, 1, full1 + " " + full2 + " 이어진다.", 0},
				{document.KindHeading, 2, "1. 배경", 3},
				{document.KindParagraph, 2, "본문.", 0},
				{document.KindHeading, 3, "가. 세부", 4},
			},
		},
		{
			name: "footnote at the page bottom",
			pages: []PageText{page(1,
				glyphs(full1, l, 700, s), glyphs("본문이다.", l, 682, s),
				glyphs("1 주석 내용이다.", l, 80, 9), glyphs("2 둘째 주석.", l, 68, 9))},
			want: []blk{
				{document.KindParagraph, 1, full1 + " 본문이다.", 0},
				{document.KindFootnote, 1, "1 주석 내용이다.", 0},
				{document.KindFootnote, 1, "2 둘째 주석.", 0},
			},
		},
		{"empty", nil, nil},
		{"page without runs", []PageText{{Number: 1}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []blk
			for _, b := range Rebuild(tt.pages) {
				got = append(got, blk{b.Kind, b.Page, b.Text, b.Level})
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestRebuildTable(t *testing.T) {
	row := func(y float64, cells ...string) []Run {
		var out []Run
		for i, c := range cells {
			out = append(out, glyphs(c, 80+float64(i)*120, y, 10)...)
		}
		return out
	}
	blocks := Rebuild([]PageText{page(1,
		glyphs("[표 1] 예산 현황", 72, 720, 11),
		row(700, "구분", "2022", "2023"),
		row(685, "중앙", "1,200", "1,350"),
		row(670, "지방", "800", "950"),
		glyphs("표 아래 문단.", 72, 640, 11),
	)})
	if len(blocks) != 2 || blocks[0].Kind != document.KindTable {
		t.Fatalf("blocks = %+v", blocks)
	}
	want := [][]string{{"구분", "2022", "2023"}, {"중앙", "1,200", "1,350"}, {"지방", "800", "950"}}
	if g := blocks[0].Table.Grid(); !reflect.DeepEqual(g, want) {
		t.Errorf("grid = %q, want %q", g, want)
	}
	if blocks[0].Text != "[표 1] 예산 현황" || blocks[0].Table.Caption != blocks[0].Text {
		t.Errorf("caption = %q / %q", blocks[0].Text, blocks[0].Table.Caption)
	}
}

func TestPageHasText(t *testing.T) {
	tests := []struct {
		name               string
		pt                 PageText
		usable, blank, ocr bool
	}{
		{"text", PageText{Runs: glyphs("정상적인 본문 텍스트가 충분히 있는 페이지입니다", 72, 700, 12)}, true, false, false},
		{"blank", PageText{}, false, true, false},
		{"scan", PageText{ImageArea: 1}, false, false, true},
		{"scan with stray page number", PageText{ImageArea: 1, Runs: glyphs("12", 300, 20, 9)}, false, false, true},
		{"short text, no image", PageText{Runs: glyphs("끝", 72, 700, 12)}, true, false, false},
		{"garbage", PageText{Runs: glyphs("\ue000\ue001\ue002\ue003!!##$$%%^^&&**(())\ue004\ue005", 72, 700, 12)}, false, false, true},
		{"mojibake", PageText{Runs: glyphs("ÆÇ ) 6 N Èf º¬­´ Ö × Ã¹ÀÌ", 72, 700, 12)}, false, false, true},
		{"dotted leaders", PageText{Runs: glyphs("Ⅰ. 국가재정운용계획의 의의 ··································· 1", 72, 700, 12)}, true, false, false},
		{"undecodable glyphs", PageText{Runs: glyphs("1 2", 72, 700, 12), Undecoded: 400}, false, false, true},
		{"only undecodable glyphs", PageText{Undecoded: 400}, false, false, true},
		{"few undecodable glyphs", PageText{Runs: glyphs("정상적인 본문 텍스트가 충분히 있는 페이지입니다", 72, 700, 12), Undecoded: 3}, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pi := PageHasText(tt.pt)
			if pi.Usable != tt.usable || pi.Blank != tt.blank || pi.NeedsOCR() != tt.ocr {
				t.Errorf("got %+v (needs OCR %v)", pi, pi.NeedsOCR())
			}
		})
	}
}
