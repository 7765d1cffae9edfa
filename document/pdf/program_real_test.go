package pdf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// stripToUnicode hides every ToUnicode entry of a PDF whose font
// dictionaries are not in compressed object streams, keeping the byte
// offsets (the name is renamed, not removed).
func stripToUnicode(t *testing.T, data []byte) []byte {
	t.Helper()
	out := bytes.ReplaceAll(data, []byte("/ToUnicode"), []byte("/ToUnicodX"))
	if bytes.Equal(out, data) {
		t.Fatal("no /ToUnicode entry to strip")
	}
	return out
}

// bigramRecall is the share of want's Hangul and digit bigrams (see
// bigramCounts) found in have.
func bigramRecall(want, have string) float64 {
	w, h := bigramCounts(want), bigramCounts(have)
	total, found := 0, 0
	for b, n := range w {
		total += n
		found += min(n, h[b])
	}
	if total == 0 {
		return 1
	}
	return float64(found) / float64(total)
}

func parseBytes(t *testing.T, data []byte) (string, []PageInfo) {
	t.Helper()
	d, info, err := ParseInfo(context.Background(), bytes.NewReader(data), int64(len(data)), "t", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return docText(d), info
}

func ocrPages(info []PageInfo) int {
	n := 0
	for _, pi := range info {
		if pi.NeedsOCR() {
			n++
		}
	}
	return n
}

// popplerText is pdftotext -raw of data, "" when poppler is missing.
func popplerText(t *testing.T, data []byte) string {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		return ""
	}
	f, err := os.CreateTemp(t.TempDir(), "*.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.Write(data); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", f.Name(), "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// TestFontProgramFPDF: the demo PDF, written by fpdf (a Nanum Gothic
// subset as a CIDFontType2 with a CIDToGIDMap stream, the subset's own
// cmap kept), read with its ToUnicode maps hidden, gives the text it
// gives with them: the font program's cmap stands in for ToUnicode.
func TestFontProgramFPDF(t *testing.T) {
	orig, err := os.ReadFile("../../examples/demo/dataset/doc/02/demo_r02_startup.pdf")
	if err != nil {
		t.Skip(err)
	}
	want, _ := parseBytes(t, orig)
	got, info := parseBytes(t, stripToUnicode(t, orig))
	if r := bigramRecall(want, got); r < 0.999 {
		t.Errorf("recall without ToUnicode %.4f against the parse with it", r)
	}
	if n := ocrPages(info); n != 0 {
		t.Errorf("%d pages sent to OCR", n)
	}
	if pop := popplerText(t, orig); pop != "" {
		t.Logf("recall against pdftotext of the original: %.4f; pdftotext without ToUnicode: %.4f",
			bigramRecall(pop, got), bigramRecall(pop, popplerText(t, stripToUnicode(t, orig))))
	}
}

const systemKoreanFont = "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf"

// TestFontProgramWholeFont embeds a whole Korean TrueType font (Nanum
// Myeongjo from Debian's fonts-nanum, read at test time) as a CIDFontType2
// with the Identity CIDToGIDMap and no ToUnicode, the text drawn as glyph
// ids: once as the font is (its cmap inverted) and once with its cmap
// table removed (its post-table glyph names, "uniAC00" and the Adobe Glyph
// List's "zero", "comma").
func TestFontProgramWholeFont(t *testing.T) {
	ttf, err := os.ReadFile(systemKoreanFont)
	if err != nil {
		t.Skipf("%s: %v", systemKoreanFont, err)
	}
	ld, err := ot.NewLoader(bytes.NewReader(ttf))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		t.Fatal(err)
	}
	tb, _, err := tables.ParseCmap(raw)
	if err != nil {
		t.Fatal(err)
	}
	cm, _, err := font.ProcessCmap(tb, tables.FPNone)
	if err != nil {
		t.Fatal(err)
	}
	var noCmap []ot.Table
	for _, tag := range ld.Tables() {
		if tag == ot.MustNewTag("cmap") {
			continue
		}
		b, _ := ld.RawTable(tag)
		noCmap = append(noCmap, ot.Table{Tag: tag, Content: b})
	}
	sort.Slice(noCmap, func(i, j int) bool { return noCmap[i].Tag < noCmap[j].Tag })

	lines := []string{
		"2024년 국가재정운용계획: 총지출 656.6조원, 전년 대비 2.8% 증가",
		"지원 대상은 중소기업·소상공인(연 매출 10억원 이하)이며, 신청은 3월 4일부터 받는다.",
		"제3조(적용 범위) 이 법은 국가와 지방자치단체에 적용한다.",
	}
	var content strings.Builder
	for i, line := range lines {
		content.WriteString("BT /F0 11 Tf 72 " + strconv.Itoa(760-20*i) + " Td <")
		for _, r := range line {
			g, ok := cm.Lookup(r)
			if !ok {
				t.Fatalf("%s has no glyph for %q", systemKoreanFont, r)
			}
			content.WriteString(gidHex(int(g)))
		}
		content.WriteString("> Tj ET\n")
	}
	want := strings.Join(lines, "\n")
	for _, tc := range []struct {
		name string
		file []byte
	}{{"cmap", ttf}, {"glyph names only", ot.WriteTTF(noCmap)}} {
		t.Run(tc.name, func(t *testing.T) {
			data := onePage([]string{cidType2("/Identity", "")}, []string{descriptor(4, "/FontFile2 @1"), binStream("", tc.file)}, content.String())
			got, info := parseBytes(t, data)
			if r := bigramRecall(want, got); r < 0.999 {
				t.Errorf("recall %.4f; text:\n%s", r, got)
			}
			for _, s := range []string{"656.6", "10억원", "3월 4일", "제3조(적용 범위)"} {
				if !strings.Contains(got, s) {
					t.Errorf("text lacks %q:\n%s", s, got)
				}
			}
			if n := ocrPages(info); n != 0 {
				t.Errorf("%d pages sent to OCR", n)
			}
			if pop := popplerText(t, data); pop != "" {
				t.Logf("pdftotext's recall on the same file: %.4f", bigramRecall(want, pop))
			}
		})
	}
}
