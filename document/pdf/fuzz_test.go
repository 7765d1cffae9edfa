package pdf

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/policyqa/policyqa/internal/pdftest"
)

// FuzzParse feeds arbitrary bytes to Parse: it must return (a document or
// an error) without panicking, within bounded work.
func FuzzParse(f *testing.F) {
	for _, name := range []string{"report.pdf", "scan.pdf"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add(makePDF([]fixturePage{{items: []item{{"C", 10, 72, 700, "Hello"}}, raw: "q Q Q 1 0 0 1 5 5 cm BT /FK 9 Tf [(ab) -300 (c)] TJ T* (x) ' 1 2 (y) \" ET"}}))
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	// Composite fonts: a ToUnicode bfrange across a low byte, a predefined
	// Korean CMap, vertical writing.
	f.Add(onePage([]string{type0("/Identity-H", "Adobe", "Identity", "/ToUnicode @0"), type0("/KSCms-UHC-V", "Adobe", "Korea1", "")},
		[]string{toUnicode("1 beginbfrange <251E> <25CE> <B2C8> endbfrange")},
		"BT /F0 10 Tf 72 700 Td <2555> Tj /F1 9 Tf 0 1 -1 0 20 400 Tm <8141B0A1> Tj ET"))
	// Font programs as the last source of text: a CID TrueType with a
	// CIDToGIDMap stream and a symbolic simple TrueType.
	cidMap := []byte{0, 0, 0, 2, 0, 1}
	f.Add(onePage([]string{cidType2("@2", ""), "<< /Type /Font /Subtype /TrueType /BaseFont /T /FirstChar 33 /LastChar 34 /Widths [500 500] /FontDescriptor @0 >>"},
		[]string{descriptor(4, "/FontFile2 @1"), binStream("", pdftest.TrueType(progGlyphs, pdftest.TrueTypeOptions{Names: true})), binStream("", cidMap)},
		"BT /F0 10 Tf 72 700 Td <000100020003> Tj /F1 9 Tf (!\"#) Tj ET"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		opts := Options{MaxPages: 50, MaxOpsPerPage: 100_000, MaxGlyphsPerPage: 20_000}
		d, info, err := ParseInfo(ctx, bytes.NewReader(data), int64(len(data)), "fuzz", opts)
		if err != nil {
			return
		}
		if d.Pages != len(info) || d.Pages > opts.MaxPages {
			t.Fatalf("pages %d, infos %d", d.Pages, len(info))
		}
		for _, b := range d.Blocks {
			if b.Page < 1 || b.Page > d.Pages || !utf8.ValidString(b.Text) {
				t.Fatalf("bad block %+v", b)
			}
		}
	})
}

// FuzzRebuild decodes the input as positioned runs (fixed-size records)
// and checks Rebuild's invariants: no panic, pages in range, valid text,
// no empty blocks.
func FuzzRebuild(f *testing.F) {
	enc := func(runs []Run, pages int) []byte {
		var b bytes.Buffer
		b.WriteByte(byte(pages))
		for _, r := range runs {
			for _, v := range []float64{r.X, r.Y, r.W, r.Size} {
				binary.Write(&b, binary.LittleEndian, int16(v))
			}
			rs := []rune(r.Text)
			binary.Write(&b, binary.LittleEndian, uint16(rs[0]))
		}
		return b.Bytes()
	}
	f.Add(enc(cat(glyphs("지원사업은 2024년부터", 72, 700, 12), glyphs("- 항목", 72, 680, 12), glyphs("1", 290, 30, 9)), 2))
	f.Add(enc(cat(glyphs("구분 2022", 80, 700, 10), glyphs("중앙 1,200", 80, 685, 10)), 1))
	// Two columns of text side by side, a label hung in the margin.
	f.Add(enc(cat(glyphs("왼쪽 단의 글이 여기서 시작된다", 60, 700, 10), glyphs("오른쪽 단의 글도 나란히 놓인다", 310, 700, 10),
		glyphs("둘째 줄도 왼쪽 단에 이어진다", 60, 686, 10), glyphs("둘째 줄은 오른쪽 단에서 끝난다", 310, 686, 10),
		glyphs("[0001]", 10, 660, 10), glyphs("본문은 표시 옆에 놓인다", 60, 660, 10)), 1))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 1 {
			return
		}
		nPages := int(data[0]%8) + 1
		data = data[1:]
		pages := make([]PageText, nPages)
		for i := range pages {
			pages[i] = PageText{Number: i + 1, Box: [4]float64{0, 0, 595, 842}}
		}
		const rec = 10
		for i := 0; i+rec <= len(data) && i < 4000*rec; i += rec {
			v := func(k int) float64 { return float64(int16(binary.LittleEndian.Uint16(data[i+2*k:]))) }
			r := rune(binary.LittleEndian.Uint16(data[i+8:]))
			p := (i / rec) % nPages
			x := v(0)
			if x == 0x7fff {
				x = math.NaN()
			}
			pages[p].Runs = append(pages[p].Runs, Run{Text: string(r), X: x, Y: v(1), W: v(2) / 10, Size: v(3) / 10})
		}
		for _, b := range Rebuild(pages) {
			if b.Page < 1 || b.Page > nPages {
				t.Fatalf("block page %d of %d", b.Page, nPages)
			}
			if !utf8.ValidString(b.Text) {
				t.Fatalf("invalid UTF-8 %q", b.Text)
			}
			if b.Text == "" && b.Table == nil {
				t.Fatalf("empty block %+v", b)
			}
		}
	})
}
