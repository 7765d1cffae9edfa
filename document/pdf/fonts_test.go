package pdf

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document/pdf/cmap"
	"github.com/policyqa/policyqa/internal/pdftest"
)

// onePage assembles a one-page PDF whose resources hold the font objects
// fonts (named /F0, /F1, … in order; each may refer to objects after the
// fonts as "@N", N counted from 0 over extra) and the content stream
// content.
func onePage(fonts, extra []string, content string) []byte {
	var objs []string
	add := func(s string) int { objs = append(objs, s); return len(objs) }
	first := 4 + len(fonts) // catalog 1, pages 2, page 3, content 4, fonts, extra
	ref := func(s string) string {
		body := ""
		if i := strings.Index(s, "\nstream\n"); i >= 0 { // stream data (font programs) stays as it is
			s, body = s[:i], s[i:]
		}
		for i := len(extra) - 1; i >= 0; i-- {
			s = strings.ReplaceAll(s, fmt.Sprintf("@%d", i), fmt.Sprintf("%d 0 R", first+1+i))
		}
		return s + body
	}
	var res strings.Builder
	for i := range fonts {
		fmt.Fprintf(&res, "/F%d %d 0 R ", i, 5+i)
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << %s>> >> >>", res.String()))
	add(streamObj("", content))
	for _, f := range fonts {
		add(ref(f))
	}
	for _, e := range extra {
		add(ref(e))
	}
	return pdftest.Assemble(objs, 1)
}

func streamObj(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

// pageRuns parses a one-page PDF and returns its text (runs joined) and
// page info.
func pageRuns(t *testing.T, data []byte) (string, []Run, PageInfo) {
	t.Helper()
	r := bytes.NewReader(data)
	reader, err := open(r, int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	pages, _, err := collectPages(reader, 10)
	if err != nil || len(pages) != 1 {
		t.Fatalf("pages: %v %d", err, len(pages))
	}
	pt, err := pageText(pages[0], 1, limits{maxOps: 1e6, maxGlyphs: 1e5, maxDepth: 8, fonts: fontCache{}})
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, r := range pt.Runs {
		sb.WriteString(r.Text)
	}
	return sb.String(), pt.Runs, PageHasText(pt)
}

func toUnicode(body string) string {
	return streamObj("", "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n/CMapName /T def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n"+
		body+"\nendcmap CMapName currentdict /CMap defineresource pop end end")
}

func type0(encoding, registry, ordering, extra string) string {
	return "<< /Type /Font /Subtype /Type0 /BaseFont /KFont /Encoding " + encoding +
		" /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /KFont /CIDSystemInfo << /Registry (" + registry +
		") /Ordering (" + ordering + ") /Supplement 2 >> /DW 1000 >>] " + extra + " >>"
}

// korea1CID is the Adobe-Korea1 CID of a character, through UniKS-UCS2-H.
func korea1CID(t *testing.T, r rune) uint32 {
	m, err := cmap.Predefined("UniKS-UCS2-H")
	if err != nil {
		t.Fatal(err)
	}
	cid, ok := m.CID(uint32(r))
	if !ok {
		t.Fatalf("no CID for %q", r)
	}
	return cid
}

func TestFontDecoding(t *testing.T) {
	cidHex := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			fmt.Fprintf(&b, "%04X", korea1CID(t, r))
		}
		return b.String()
	}
	tests := []struct {
		name      string
		fonts     []string
		extra     []string
		content   string
		want      string
		undecoded int
	}{
		{
			name:    "ToUnicode bfrange across a low byte (ezPDF)",
			fonts:   []string{type0("/Identity-H", "Adobe", "Identity", "/ToUnicode @0")},
			extra:   []string{toUnicode("1 beginbfrange <251E> <25CE> <B2C8> endbfrange 1 beginbfchar <0001> <D55C> endbfchar")},
			content: "BT /F0 10 Tf 72 700 Td <25550001> Tj ET", // 0x2555 = 0x251E+0x37 → U+B2FF; then 한
			want:    "\uB2FF한",
		},
		{
			name:    "ToUnicode bfrange just past the low byte",
			fonts:   []string{type0("/Identity-H", "Adobe", "Identity", "/ToUnicode @0")},
			extra:   []string{toUnicode("1 beginbfrange <251E> <25CE> <B2C8> endbfrange")},
			content: "BT /F0 10 Tf 72 700 Td <2556> Tj ET",
			want:    "대",
		},
		{
			name:    "ToUnicode array and multi-code-point destinations",
			fonts:   []string{type0("/Identity-H", "Adobe", "Identity", "/ToUnicode @0")},
			extra:   []string{toUnicode("1 beginbfrange <0010> <0011> [<0041> <00660069>] endbfrange 1 beginbfchar <0020> <00280031> endbfchar")},
			content: "BT /F0 10 Tf 72 700 Td <001000110020> Tj ET",
			want:    "Afi(1",
		},
		{
			name:    "Korea1 CID font without ToUnicode",
			fonts:   []string{type0("/Identity-H", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <" + cidHex("대한민국 2024") + "> Tj ET",
			want:    "대한민국 2024",
		},
		{
			name:    "ToUnicode wins over the collection",
			fonts:   []string{type0("/Identity-H", "Adobe", "Korea1", "/ToUnicode @0")},
			extra:   []string{toUnicode(fmt.Sprintf("1 beginbfchar <%04X> <0058> endbfchar", korea1CID(t, '가')))},
			content: "BT /F0 10 Tf 72 700 Td <" + cidHex("가나") + "> Tj ET",
			want:    "X나",
		},
		{
			name:    "UniKS-UCS2-H",
			fonts:   []string{type0("/UniKS-UCS2-H", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <AC00D55C0031> Tj ET",
			want:    "가한1",
		},
		{
			name:    "UniKS-UTF16-H",
			fonts:   []string{type0("/UniKS-UTF16-H", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <B300D55C> Tj ET",
			want:    "대한",
		},
		{
			name:    "KSC-EUC-H one- and two-byte codes",
			fonts:   []string{type0("/KSC-EUC-H", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <B0A1C7D1> Tj (12) Tj ET",
			want:    "가한12",
		},
		{
			name:    "KSCms-UHC-H extension syllable",
			fonts:   []string{type0("/KSCms-UHC-H", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <8141B0A1> Tj ET",
			want:    "갂가",
		},
		{
			name:    "KSCms-UHC-V",
			fonts:   []string{type0("/KSCms-UHC-V", "Adobe", "Korea1", "")},
			content: "BT /F0 10 Tf 72 700 Td <B0A1> Tj ET",
			want:    "가",
		},
		{
			name:  "embedded encoding CMap using a predefined one",
			fonts: []string{type0("@0", "Adobe", "Korea1", "")},
			extra: []string{streamObj("/Type /CMap /CMapName /Custom /UseCMap /KSC-EUC-H",
				"/CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 0 >> def /CMapName /Custom def\n1 begincodespacerange <00> <80> endcodespacerange")},
			content: "BT /F0 10 Tf 72 700 Td <B0A1> Tj ET",
			want:    "가",
		},
		{
			name:      "Identity CID font without ToUnicode is undecodable",
			fonts:     []string{type0("/Identity-H", "Adobe", "Identity", "")},
			content:   "BT /F0 10 Tf 72 700 Td <001200130014> Tj ET",
			want:      "",
			undecoded: 3,
		},
		{
			name:      "codes mapped to U+FFFF are undecodable",
			fonts:     []string{type0("/Identity-H", "Adobe", "Identity", "/ToUnicode @0")},
			extra:     []string{toUnicode("2 beginbfchar <0000> <FFFF> <0001> <AC00> endbfchar")},
			content:   "BT /F0 10 Tf 72 700 Td <00000001> Tj ET",
			want:      "가",
			undecoded: 1,
		},
		{
			name: "Type 3 font: ToUnicode over /Differences",
			fonts: []string{"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << >> " +
				"/Encoding << /Type /Encoding /Differences [1 /g1 /g2 /g3] >> /FirstChar 1 /LastChar 3 /Widths [300 500 500] /ToUnicode @0 >>"},
			extra:   []string{streamObj("", "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <01> <03> [<2019> <0032> <0033>] endbfrange")},
			content: "BT /F0 10 Tf 72 700 Td <010203> Tj ET",
			want:    "’23",
		},
		{
			name:    "simple font: WinAnsi, ToUnicode first",
			fonts:   []string{"<< /Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 126 /ToUnicode @0 >>"},
			extra:   []string{streamObj("", "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <AC00> endbfchar")},
			content: "BT /F0 10 Tf 72 700 Td (AB\x93) Tj ET",
			want:    "가B\u201c",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, pi := pageRuns(t, onePage(tt.fonts, tt.extra, tt.content))
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
			if pi.Undecoded != tt.undecoded {
				t.Errorf("undecoded = %d, want %d", pi.Undecoded, tt.undecoded)
			}
		})
	}
}

func TestVerticalRuns(t *testing.T) {
	tests := []struct {
		name     string
		font     string
		content  string
		vertical bool
		downward bool
	}{
		{"horizontal", type0("/UniKS-UCS2-H", "Adobe", "Korea1", ""), "BT /F0 10 Tf 72 700 Td <AC00AC01AC02> Tj ET", false, false},
		{"vertical writing mode", type0("/UniKS-UCS2-V", "Adobe", "Korea1", ""), "BT /F0 10 Tf 72 700 Td <AC00AC01AC02> Tj ET", true, true},
		{"text turned 90 degrees", type0("/UniKS-UCS2-H", "Adobe", "Korea1", ""), "BT /F0 10 Tf 0 1 -1 0 20 400 Tm <AC00AC01AC02> Tj ET", true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, runs, _ := pageRuns(t, onePage([]string{tt.font}, nil, tt.content))
			if got != "가각갂" || len(runs) != 3 {
				t.Fatalf("text %q, %d runs", got, len(runs))
			}
			for _, r := range runs {
				if r.Vertical != tt.vertical {
					t.Errorf("run %q vertical = %v", r.Text, r.Vertical)
				}
			}
			if down := runs[2].Y < runs[0].Y-15; down != tt.downward {
				t.Errorf("runs go down the page = %v (y %v → %v)", down, runs[0].Y, runs[2].Y)
			}
		})
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
