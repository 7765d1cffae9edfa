package pdf

import (
	"fmt"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/internal/pdftest"
)

// progGlyphs are the glyphs of the test font programs: glyph i+1 is
// progGlyphs[i] (glyph ids 1…7).
var progGlyphs = []pdftest.Glyph{
	{Rune: '대', Name: "uniB300"}, {Rune: '한', Name: "uD55C"}, {Rune: '민', Name: "uniBBFC"},
	{Rune: '국', Name: "uniAD6D"}, {Rune: '2', Name: "two"}, {Rune: '0', Name: "zero"},
	{Rune: ' ', Name: "space"},
}

// cidType2 is a Type0 font over a CIDFontType2 with Adobe-Identity
// ordering and no ToUnicode; @0 is its font descriptor. cidToGID is
// "/Identity" or a reference.
func cidType2(cidToGID, extra string) string {
	return "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 " +
		"/BaseFont /ABCDEF+Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /CIDToGIDMap " + cidToGID +
		" /FontDescriptor @0 >>] " + extra + " >>"
}

func descriptor(flags int, file string) string {
	return fmt.Sprintf("<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags %d /FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 %s >>", flags, file)
}

func binStream(dict string, data []byte) string { return streamObj(dict, string(data)) }

// gidHex writes glyph ids as an Identity-H string's hex digits.
func gidHex(gids ...int) string {
	var b strings.Builder
	for _, g := range gids {
		fmt.Fprintf(&b, "%04X", g)
	}
	return b.String()
}

func TestFontProgramDecoding(t *testing.T) {
	withCmap := pdftest.TrueType(progGlyphs, pdftest.TrueTypeOptions{})
	namesOnly := pdftest.TrueType(progGlyphs, pdftest.TrueTypeOptions{NoCmap: true, Names: true})
	bare := pdftest.TrueType(progGlyphs, pdftest.TrueTypeOptions{NoCmap: true})
	symbol := pdftest.TrueType(progGlyphs, pdftest.TrueTypeOptions{Symbol: true, SymbolFirst: 0x21, Names: true})
	// CIDToGIDMap stream: CID 0x100+i → glyph i (two bytes per CID).
	cidMap := make([]byte, 2*0x108)
	for i := 1; i <= 7; i++ {
		cidMap[2*(0x100+i)+1] = byte(i)
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
			name:    "CID TrueType, Identity CIDToGIDMap: the font's cmap inverted",
			fonts:   []string{cidType2("/Identity", "")},
			extra:   []string{descriptor(4, "/FontFile2 @1"), binStream("", withCmap)},
			content: "BT /F0 10 Tf 72 700 Td <" + gidHex(1, 2, 3, 4, 7, 5, 6, 5, 4) + "> Tj ET",
			want:    "대한민국 202국",
		},
		{
			name:    "CID TrueType without cmap: glyph names (uniXXXX, uXXXX, Adobe Glyph List)",
			fonts:   []string{cidType2("/Identity", "")},
			extra:   []string{descriptor(4, "/FontFile2 @1"), binStream("", namesOnly)},
			content: "BT /F0 10 Tf 72 700 Td <" + gidHex(1, 2, 3, 4, 7, 5, 6) + "> Tj ET",
			want:    "대한민국 20",
		},
		{
			name:    "CIDToGIDMap stream",
			fonts:   []string{cidType2("@2", "")},
			extra:   []string{descriptor(4, "/FontFile2 @1"), binStream("", withCmap), binStream("", cidMap)},
			content: "BT /F0 10 Tf 72 700 Td <" + gidHex(0x102, 0x101, 0x105, 0x106) + "> Tj ET",
			want:    "한대20",
		},
		{
			name:      "CID past the CIDToGIDMap is undecodable",
			fonts:     []string{cidType2("@2", "")},
			extra:     []string{descriptor(4, "/FontFile2 @1"), binStream("", withCmap), binStream("", cidMap)},
			content:   "BT /F0 10 Tf 72 700 Td <" + gidHex(0x101, 0x300) + "> Tj ET",
			want:      "대",
			undecoded: 1,
		},
		{
			name:      "font program with neither cmap nor names: undecodable",
			fonts:     []string{cidType2("/Identity", "")},
			extra:     []string{descriptor(4, "/FontFile2 @1"), binStream("", bare)},
			content:   "BT /F0 10 Tf 72 700 Td <" + gidHex(1, 2, 3) + "> Tj ET",
			undecoded: 3,
		},
		{
			name:    "ToUnicode wins over the font program",
			fonts:   []string{cidType2("/Identity", "/ToUnicode @2")},
			extra:   []string{descriptor(4, "/FontFile2 @1"), binStream("", withCmap), toUnicode("1 beginbfchar <0001> <0058> endbfchar")},
			content: "BT /F0 10 Tf 72 700 Td <" + gidHex(1, 2) + "> Tj ET",
			want:    "X한", // glyph 2 is not in the ToUnicode map: the program answers
		},
		{
			name: "symbolic TrueType without /Encoding: (3,0) cmap, then glyph names",
			fonts: []string{"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Test /FirstChar 33 /LastChar 40 " +
				"/Widths [1000 1000 1000 1000 500 500 500 300] /FontDescriptor @0 >>"},
			extra:   []string{descriptor(4, "/FontFile2 @1"), binStream("", symbol)},
			content: "BT /F0 10 Tf 72 700 Td (!\"#$'%&) Tj ET",
			want:    "대한민국 20",
		},
		{
			name: "nonsymbolic TrueType with WinAnsi keeps its encoding",
			fonts: []string{"<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Test /Encoding /WinAnsiEncoding /FirstChar 33 /LastChar 40 " +
				"/Widths [1000 1000 1000 1000 500 500 500 300] /FontDescriptor @0 >>"},
			extra:   []string{descriptor(32, "/FontFile2 @1"), binStream("", symbol)},
			content: "BT /F0 10 Tf 72 700 Td (!#) Tj ET",
			want:    "!#",
		},
		{
			name: "CIDFontType0 over a name-keyed CFF: CIDs are glyph ids, names give the text",
			fonts: []string{"<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Test /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 " +
				"/BaseFont /ABCDEF+Test /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 /FontDescriptor @0 >>] >>"},
			extra:     []string{descriptor(4, "/FontFile3 @1"), binStream("/Subtype /CIDFontType0C", pdftest.CFF([]string{"uniAD6D", "eight", "g17"}))},
			content:   "BT /F0 10 Tf 72 700 Td <" + gidHex(1, 2, 3) + "> Tj ET",
			want:      "국8",
			undecoded: 1,
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

func TestAGLTexts(t *testing.T) {
	got := aglTexts([]string{"zero", "comma", "Aacute", "won", "g17", "a b", "", "bad/name"})
	want := map[string]string{"zero": "0", "comma": ",", "Aacute": "Á", "won": "₩"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%q → %q, want %q", k, got[k], v)
		}
	}
	for _, k := range []string{"g17", "a b", "", "bad/name"} {
		if s, ok := got[k]; ok {
			t.Errorf("%q → %q, want no entry", k, s)
		}
	}
	// More names than one /Differences batch holds.
	var many []string
	for range 300 {
		many = append(many, "zero")
	}
	many = append(many, "nine")
	if got := aglTexts(many); got["nine"] != "9" {
		t.Errorf("batch past 255 names: nine → %q", got["nine"])
	}
}
