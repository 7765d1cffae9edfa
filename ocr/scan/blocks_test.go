package scan

import (
	"image"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/ocr/layout"
)

// line makes a line of words 30 px high at (x, y), a syllable per rune
// group, words 12 px apart.
func line(x, y int, text string) Line {
	var l Line
	for _, w := range strings.Fields(text) {
		n := len([]rune(w))
		b := image.Rect(x, y, x+30*n, y+30)
		l.Words = append(l.Words, ocr.Word{Text: w, Box: b, Conf: 95, Line: 1})
		l.Box = l.Box.Union(b)
		x = b.Max.X + 12
	}
	l.Text = ocr.LineText(l.Words)
	return l
}

func TestBlocksTablesAndCaptions(t *testing.T) {
	p := &Page{Number: 3, Size: image.Pt(1600, 2200), DPI: 200}
	p.Lines = []Line{
		line(160, 200, "첫째 문단의 글이 오른쪽 끝까지 이어지다가 다음 줄에서"),
		line(160, 262, "끝난다."),
		line(600, 400, "<표 1> 지원 실적"),
		line(160, 900, "표 아래의 문단이다."),
	}
	p.Tables = []Table{{Box: image.Rect(160, 460, 1400, 800), Rows: 2, Cols: 2, Cells: []Cell{
		{Cell: layout.Cell{Row: 0, Col: 0, RowSpan: 1, ColSpan: 1}, Text: "구분"},
		{Cell: layout.Cell{Row: 0, Col: 1, RowSpan: 1, ColSpan: 1}, Text: "금액"},
		{Cell: layout.Cell{Row: 1, Col: 0, RowSpan: 1, ColSpan: 1}, Text: "은행권"},
		{Cell: layout.Cell{Row: 1, Col: 1, RowSpan: 1, ColSpan: 1}, Text: "9,076억원"},
	}}}
	bs := Blocks([]*Page{p})
	var kinds []string
	for _, b := range bs {
		kinds = append(kinds, string(b.Kind)+":"+b.Text)
		if b.Page != 3 {
			t.Errorf("block %q on page %d", b.Text, b.Page)
		}
	}
	want := []string{
		"paragraph:첫째 문단의 글이 오른쪽 끝까지 이어지다가 다음 줄에서 끝난다.",
		"table:<표 1> 지원 실적",
		"paragraph:표 아래의 문단이다.",
	}
	if strings.Join(kinds, "\n") != strings.Join(want, "\n") {
		t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(kinds, "\n"), strings.Join(want, "\n"))
	}
	for _, b := range bs {
		if b.Kind == document.KindTable && b.Table.Grid()[1][1] != "9,076억원" {
			t.Errorf("table %v", b.Table.Grid())
		}
	}
}

func TestReadingText(t *testing.T) {
	mk := func(r, c, rs int, box image.Rectangle, lines ...Line) Cell {
		return Cell{Cell: layout.Cell{Row: r, Col: c, RowSpan: rs, ColSpan: 1, Box: box}, Lines: lines}
	}
	// A label merged over two one-line rows is read with each row; a row
	// with a cell of two lines is read cell by cell.
	tb := Table{Rows: 3, Cols: 3, Cells: []Cell{
		mk(0, 0, 2, image.Rect(0, 0, 100, 100), line(10, 10, "금융위원회"), line(10, 60, "은행과")),
		mk(0, 1, 1, image.Rect(100, 0, 200, 50), line(110, 10, "책임자")),
		mk(0, 2, 1, image.Rect(200, 0, 400, 50), line(210, 10, "과장")),
		mk(1, 1, 1, image.Rect(100, 50, 200, 100), line(110, 60, "담당자")),
		mk(1, 2, 1, image.Rect(200, 50, 400, 100), line(210, 60, "사무관")),
		mk(2, 0, 1, image.Rect(0, 100, 100, 200), line(10, 110, "9")),
		mk(2, 1, 1, image.Rect(100, 100, 200, 200), line(110, 110, "티웨이"), line(110, 150, "항공")),
		mk(2, 2, 1, image.Rect(200, 100, 400, 200), line(210, 130, "서울")),
	}}
	want := "금융위원회 책임자 과장\n은행과 담당자 사무관\n9\n티웨이\n항공\n서울"
	if got := tb.ReadingText(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestCharErrorsAndWords(t *testing.T) {
	e, n := CharErrors("가나다 12", "가 나 라 12!")
	if e != 1 || n != 5 {
		t.Errorf("CharErrors = %d/%d, want 1/5", e, n)
	}
	f, w := WordsFound("은행권의 경우 9,076억원", "은행권의 경 우 9,076억원")
	if f != 2 || w != 3 {
		t.Errorf("WordsFound = %d/%d, want 2/3", f, w)
	}
}
