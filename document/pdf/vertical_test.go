package pdf

import (
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// stacked lays text out upright, one glyph below the other (a margin
// tab): pitch 1.07 em, a word space 1.55 em.
func stacked(text string, x, y, size float64) []Run {
	var out []Run
	for _, r := range text {
		if r == ' ' {
			y -= 0.48 * size
			continue
		}
		w := 0.66 * size
		if isCJK(r) {
			w = size
		}
		out = append(out, Run{Text: string(r), X: x + (size-w)/2, Y: y, W: w, Size: size, Font: "F"})
		y -= 1.07 * size
	}
	return out
}

// turned lays text out on a baseline turned 90° counter-clockwise
// (reading upwards), as Run.Vertical glyphs.
func turned(text string, x, y, size float64) []Run {
	var out []Run
	for _, r := range text {
		out = append(out, Run{Text: string(r), X: x, Y: y, W: size, Size: size, Font: "F", Vertical: true})
		y += size
	}
	return out
}

// body is a page of body lines from y down, at 12 pt, pitch 20.
func body(lines []string, y float64) []Run {
	var out []Run
	for _, l := range lines {
		out = append(out, glyphs(l, 72, y, 12)...)
		y -= 20
	}
	return out
}

func TestVerticalText(t *testing.T) {
	text := []string{"양도소득세 산정 및 감면이 연단위로 이뤄지는 점을", "감안하여 토지의 일부를 양도한 날부터 소급하여", "1년 내 토지를 분할한 경우 분필한 토지 또는"}
	tests := []struct {
		name string
		runs []Run
		want []string // paragraph texts
	}{
		{
			"stacked margin tab beside body lines",
			cat(body(text, 700), stacked("2023 세목별 핵심", 540, 705, 8)),
			[]string{strings.Join(text, " "), "2023 세목별 핵심"},
		},
		{
			"two stacked tabs far apart",
			cat(body(text, 700), stacked("2024 세금", 540, 705, 8), stacked("개정세법", 540, 500, 8)),
			[]string{strings.Join(text, " "), "2024 세금", "개정세법"},
		},
		{
			"turned label in the margin",
			cat(body(text, 700), turned("현행 제도", 30, 600, 10)),
			[]string{strings.Join(text, " "), "현행 제도"},
		},
		{
			"table column of single marks is not vertical text",
			cat(glyphs("항목 가", 72, 700, 12), glyphs("○", 300, 700, 12),
				glyphs("항목 나", 72, 680, 12), glyphs("○", 300, 680, 12),
				glyphs("항목 다", 72, 660, 12), glyphs("○", 300, 660, 12)),
			nil, // checked below: no "○○○" paragraph
		},
		{
			"bullets down the left edge are not vertical text",
			body([]string{"○ 첫째 항목", "○ 둘째 항목", "○ 셋째 항목", "○ 넷째 항목"}, 700),
			[]string{"○ 첫째 항목", "○ 둘째 항목", "○ 셋째 항목", "○ 넷째 항목"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := Rebuild([]PageText{{Number: 1, Box: [4]float64{0, 0, 595, 842}, Runs: tt.runs}})
			var got []string
			for _, b := range blocks {
				if b.Kind == document.KindTable {
					continue
				}
				got = append(got, b.Text)
				if strings.Contains(b.Text, "○○") {
					t.Errorf("marks glued into a column: %q", b.Text)
				}
			}
			if tt.want != nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestVerticalTabKeptOnce(t *testing.T) {
	page := func(n int) PageText {
		return PageText{Number: n, Box: [4]float64{0, 0, 595, 842},
			Runs: cat(body([]string{"본문 내용이 있는 페이지의 첫 줄입니다."}, 700), stacked("2024 세금", 540, 705, 8))}
	}
	blocks := Rebuild([]PageText{page(1), page(2), page(3)})
	n := 0
	for _, b := range blocks {
		if b.Text == "2024 세금" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("margin tab kept %d times, want once: %+v", n, blocks)
	}
}

func TestSectionName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ⅰ. 국가재정운용계획의 의의", "Ⅰ. 국가재정운용계획의 의의"},
		{"\uf000 조종사 양성 교육기관 : 총 19개", "조종사 양성 교육기관 : 총 19개"},
		{"□ 추진 배경 ①", "□ 추진 배경 ①"},
		{"ÆÇ ) 6 N Èf", ""},
		{"º¬­´ Ö ×", ""},
		{"\uf000 \uf001", ""},
		{"1. 개요 (2024年)", "1. 개요 (2024年)"},
	}
	for _, tt := range tests {
		if got := sectionName(tt.in); got != tt.want {
			t.Errorf("sectionName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMojibakeLineIsNotAHeading(t *testing.T) {
	runs := cat(glyphs("1. ÆÇ ) 6 N Èf", 72, 760, 16), body([]string{"본문 내용이 있는 페이지의 첫 줄입니다."}, 700))
	for _, b := range Rebuild([]PageText{{Number: 1, Box: [4]float64{0, 0, 595, 842}, Runs: runs}}) {
		if b.Kind == document.KindHeading || len(b.Section) > 0 {
			t.Errorf("block %q kind %s section %q", b.Text, b.Kind, b.Section)
		}
	}
}
