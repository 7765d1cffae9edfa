package scan

import (
	"context"
	"image"
	"image/draw"
	"os"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/ocr"
)

const testFont = "/usr/share/fonts/truetype/nanum/NanumMyeongjo.ttf"

// pageWriter draws a page at 200 dpi: text in a Korean font, rules.
type pageWriter struct {
	t    *testing.T
	img  *image.Gray
	face font.Face
	big  font.Face
}

func newPageWriter(t *testing.T) *pageWriter {
	t.Helper()
	data, err := os.ReadFile(testFont)
	if err != nil {
		t.Skipf("Korean font missing (scripts/install-ocr.sh installs fonts-nanum): %v", err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	face := func(pt float64) font.Face {
		fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: pt, DPI: 200, Hinting: font.HintingFull})
		if err != nil {
			t.Fatal(err)
		}
		return fc
	}
	img := image.NewGray(image.Rect(0, 0, 1654, 1400))
	draw.Draw(img, img.Bounds(), image.White, image.Point{}, draw.Src)
	return &pageWriter{t: t, img: img, face: face(11), big: face(15)}
}

func (w *pageWriter) text(x, y int, s string, big bool) {
	fc := w.face
	if big {
		fc = w.big
	}
	d := &font.Drawer{Dst: w.img, Src: image.Black, Face: fc, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

func (w *pageWriter) rect(r image.Rectangle) {
	draw.Draw(w.img, r, image.Black, image.Point{}, draw.Src)
}

// The sentence of the test page, wrapped over three lines by hand.
var wrapped = []string{
	"정부는 소상공인의 이자 부담을 줄이기 위하여 금융권과 함께 대출금리",
	"인하와 수수료 면제를 포함한 다양한 지원 방안을 마련하였으며 올해",
	"상반기부터 지역별 설명회를 거쳐 단계적으로 시행할 계획이다.",
}

func readTestPage(t *testing.T) (*Page, *ocr.Tesseract) {
	t.Helper()
	if testing.Short() {
		t.Skip("short: runs tesseract")
	}
	w := newPageWriter(t)
	w.text(160, 160, "1. 추진 배경", true)
	for i, l := range wrapped {
		w.text(160, 280+i*62, l, false)
	}
	w.text(160, 520, "- 지원 대상은 전국의 소상공인 약 40만 명이다.", false)
	// A ruled table: header and one row, three columns.
	for _, y := range []int{640, 720, 800} {
		w.rect(image.Rect(160, y, 1300, y+3))
	}
	for _, x := range []int{160, 540, 920, 1297} {
		w.rect(image.Rect(x, 640, x+3, 803))
	}
	for i, s := range []string{"구분", "지원 인원", "지원 금액"} {
		w.text(200+i*380, 695, s, false)
	}
	for i, s := range []string{"은행권", "188만명", "1조 5천억원"} {
		w.text(200+i*380, 775, s, false)
	}
	tess, err := ocr.NewTesseract(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	t.Cleanup(func() { tess.Close() })
	rd := &Reader{Engine: tess}
	p, err := rd.ReadPage(context.Background(), w.img)
	if err != nil {
		t.Fatal(err)
	}
	p.Number = 1
	return p, tess
}

// A sentence that spans three lines of a page image comes back as one
// passage; the table as a table with its cells.
func TestSentenceOverThreeLinesIsOnePassage(t *testing.T) {
	p, _ := readTestPage(t)
	t.Logf("page text:\n%s", p.Text())
	blocks := Blocks([]*Page{p})
	sentence := strings.Join(wrapped, " ")
	var found, table bool
	for _, b := range blocks {
		t.Logf("%s: %q", b.Kind, b.Text)
		if b.Kind == document.KindParagraph && Similarity(sentence, b.Text) >= 0.9 && len([]rune(b.Text)) < len([]rune(sentence))+10 {
			found = true
		}
		if b.Kind == document.KindTable {
			table = true
			g := b.Table.Grid()
			if len(g) != 2 || len(g[0]) != 3 || !strings.Contains(g[1][1], "188") {
				t.Errorf("table grid %q", g)
			}
		}
	}
	if !found {
		t.Errorf("no paragraph holds the three-line sentence")
	}
	if !table {
		t.Errorf("no table block")
	}
	if b := blocks[0]; b.Kind != document.KindHeading || !strings.Contains(b.Text, "추진") {
		t.Errorf("first block %s %q, want the heading", b.Kind, b.Text)
	}
}

// ReadImage reads a picture of text into blocks.
func TestReadImage(t *testing.T) {
	if testing.Short() {
		t.Skip("short: runs tesseract")
	}
	w := newPageWriter(t)
	for i, l := range wrapped {
		w.text(160, 200+i*62, l, false)
	}
	img := w.img.SubImage(image.Rect(100, 100, 1500, 450))
	tess, err := ocr.NewTesseract(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	defer tess.Close()
	bs, err := (&Reader{Engine: tess}).ReadImage(context.Background(), img)
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 1 || Similarity(strings.Join(wrapped, " "), bs[0].Text) < 0.9 {
		t.Errorf("blocks %+v", bs)
	}
}
