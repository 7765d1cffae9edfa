package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/policyqa/policyqa/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite testdata fixtures")

// item is a piece of text placed on a fixture page. Font "K" is a
// composite (Type0, Identity-H) font with a ToUnicode map and 1 em wide
// glyphs, used for Hangul; font "C" is Courier (0.6 em, WinAnsi).
type item struct {
	font string
	size float64
	x, y float64
	text string
}

// fixturePage is one page: text items, and optionally a full-page image.
type fixturePage struct {
	items []item
	image bool
	raw   string // appended to the content stream as is
}

// after returns the x just after text set in font at size, starting at x.
func after(font string, size, x float64, text string) float64 {
	if font == "K" {
		return x + size*float64(utf8.RuneCountInString(text))
	}
	return x + 0.6*size*float64(len(text))
}

// makePDF writes a minimal valid PDF (uncompressed, classic xref table).
// No font program is embedded: the text layer is all that matters here.
// edits rewrite the ToUnicode CMap text (to build broken fixtures).
func makePDF(pages []fixturePage, edits ...func(cmap string) string) []byte {
	// Collect the Hangul (non-ASCII) runes used with font K.
	runeSet := map[rune]bool{}
	for _, p := range pages {
		for _, it := range p.items {
			if it.font == "K" {
				for _, r := range it.text {
					runeSet[r] = true
				}
			}
		}
	}
	runes := make([]rune, 0, len(runeSet))
	for r := range runeSet {
		runes = append(runes, r)
	}
	sort.Slice(runes, func(i, j int) bool { return runes[i] < runes[j] })

	var objs []string // objs[i] is object i+1
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	stream := func(dict, data string) string {
		return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
	}

	var cmap strings.Builder
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n")
	cmap.WriteString("/CMapName /Fixture def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(runes); i += 100 {
		chunk := runes[i:min(i+100, len(runes))]
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(chunk))
		for _, r := range chunk {
			fmt.Fprintf(&cmap, "<%04X> <%04X>\n", r, r)
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")

	cm := cmap.String()
	for _, e := range edits {
		cm = e(cm)
	}
	toUni := add(stream("", cm))
	cid := add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /FixtureGothic /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>")
	fontK := add(fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /FixtureGothic /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, toUni))
	widths := strings.TrimSpace(strings.Repeat("600 ", 95))
	fontC := add(fmt.Sprintf("<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /Widths [%s] >>", widths))
	img := add(stream("/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8", "\x80"))

	pagesID := len(objs) + 1 + 2*len(pages) // allocated after the pages
	var kids []string
	for _, p := range pages {
		var cs strings.Builder
		if p.image {
			cs.WriteString("q 595 0 0 842 0 0 cm /Im0 Do Q\n")
		}
		for _, it := range p.items {
			var hex strings.Builder
			for _, r := range it.text {
				if it.font == "K" {
					fmt.Fprintf(&hex, "%04X", r)
				} else {
					fmt.Fprintf(&hex, "%02X", r)
				}
			}
			fmt.Fprintf(&cs, "BT /F%s %g Tf %g %g Td <%s> Tj ET\n", it.font, it.size, it.x, it.y, hex.String())
		}
		cs.WriteString(p.raw)
		content := add(stream("", cs.String()))
		page := add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /FK %d 0 R /FC %d 0 R >> /XObject << /Im0 %d 0 R >> >> >>",
			pagesID, content, fontK, fontC, img))
		kids = append(kids, fmt.Sprintf("%d 0 R", page))
	}
	add(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	catalog := add(fmt.Sprintf("<< /Type /Catalog /Pages %d 0 R >>", pagesID))

	return pdftest.Assemble(objs, catalog)
}

// reportPages is a three-page Korean report: a running header, page
// numbers, a heading, a paragraph wrapped over lines with a "2024" / "년"
// font change, bullets, a table, and a paragraph running over a page break.
func reportPages() []fixturePage {
	const left = 72.0
	header := func(n int) []item {
		return []item{
			{"K", 9, 250, 800, "정책보고서"},
			{"C", 9, 285, 40, fmt.Sprintf("- %d -", n)},
		}
	}
	// A body line filling the measure: Korean text padded to the margin.
	p1 := header(1)
	p1 = append(p1,
		item{"K", 14, left, 740, "1. 개요"},
		// Line 1: "지원사업은 " + "2024" (Courier) + "년부터 확대되었다" ... to the right margin.
		item{"K", 11, left, 710, "지원사업은 "},
	)
	x := after("K", 11, left, "지원사업은 ")
	p1 = append(p1, item{"C", 11, x, 710, "2024"})
	x = after("C", 11, x, "2024")
	rest := "년부터 단계적으로 확대되었으며 지역별 예산 배정 방식과"
	p1 = append(p1, item{"K", 11, x, 710, rest})
	// Line 2 continues the paragraph and ends it.
	p1 = append(p1,
		item{"K", 11, left, 694, "배분 기준도 함께 바뀌었다."},
		item{"K", 11, left, 670, "- 첫째 지원 대상은 중소기업이다."},
		item{"K", 11, left, 654, "- 둘째 지원 대상은 청년 창업자이다."},
		// Table: three aligned columns.
		item{"K", 10, 100, 600, "구분"}, item{"K", 10, 250, 600, "대상"}, item{"K", 10, 400, 600, "예산"},
		item{"K", 10, 100, 585, "가형"}, item{"K", 10, 250, 585, "중소기업"}, item{"C", 10, 400, 585, "120"},
		item{"K", 10, 100, 570, "나형"}, item{"K", 10, 250, 570, "청년"}, item{"C", 10, 400, 570, "80"},
	)
	// A paragraph that runs to the bottom of page 1 and over to page 2.
	long1 := "다음 해에는 지원 규모를 늘리고 신청 절차를 간소화하여 보다 많은"
	p1 = append(p1, item{"K", 11, left, 530, long1})
	p2 := header(2)
	p2 = append(p2,
		item{"K", 11, left, 760, "기업이 참여할 수 있도록 할 계획이다."},
		item{"K", 14, left, 720, "2. 추진 방향"},
		item{"C", 11, left, 690, "Budget"},
	)
	x = after("C", 11, left, "Budget ")
	p2 = append(p2, item{"K", 11, x, 690, "예산은 매년 검토한다."})
	p3 := header(3)
	p3 = append(p3, item{"K", 11, left, 760, "끝."})
	return []fixturePage{{items: p1}, {items: p2}, {items: p3}}
}

// fixtures maps testdata file names to their generators.
var fixtures = map[string]func() []byte{
	"report.pdf": func() []byte { return makePDF(reportPages()) },
	"scan.pdf": func() []byte {
		return makePDF([]fixturePage{{image: true}, {image: true, items: []item{{"C", 8, 500, 20, "p2"}}}})
	},
}

// TestFixturesUpToDate regenerates testdata with -update and otherwise
// checks the committed fixtures match their generators.
func TestFixturesUpToDate(t *testing.T) {
	for name, gen := range fixtures {
		path := filepath.Join("testdata", name)
		want := gen()
		if *update {
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test -run TestFixturesUpToDate -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go test -run TestFixturesUpToDate -update", path)
		}
	}
}
