package hwp

import (
	"bytes"
	"context"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/hwptest"
)

// checkDoc asserts the invariants every parse result keeps: spans within
// bounds and expanded grids small.
func checkDoc(t *testing.T, doc *document.Document) {
	t.Helper()
	var check func(tb *document.Table, depth int)
	check = func(tb *document.Table, depth int) {
		if depth > maxDepth+2 {
			t.Fatalf("tables nested %d deep", depth)
		}
		for _, row := range tb.Rows {
			for _, c := range row {
				if c.RowSpan < 1 || c.ColSpan < 1 || c.ColSpan > maxSpan || c.RowSpan > maxSpan {
					t.Fatalf("bad span %d×%d", c.RowSpan, c.ColSpan)
				}
				for _, n := range c.Nested {
					check(n, depth+1)
				}
			}
		}
		if g := tb.Grid(); len(g) > 0 && len(g)*len(g[0]) > maxGridArea {
			t.Fatalf("grid %d×%d", len(g), len(g[0]))
		}
	}
	for _, b := range doc.Blocks {
		if b.Table != nil {
			check(b.Table, 0)
			document.LinearizeTable(b.Table, b.Text)
		}
	}
	document.Passages(doc)
}

func seedDocs() []hwptest.Doc {
	return []hwptest.Doc{
		{Paras: []hwptest.Para{{Text: "제목", Outline: 1}, {Text: "본문", Number: 2, Footnote: "주"}}},
		{Images: map[string][]byte{"a.png": png1}, Header: []hwptest.Para{{Text: "머리"}}, Paras: []hwptest.Para{
			{Image: "a.png", Equation: "x^2"},
			{Table: &hwptest.Table{Rows: 2, Cols: 2, Caption: "<표 1>", Cells: []hwptest.Cell{
				hwptest.Span(0, 0, 2, 1, "a"), hwptest.T(0, 1, "b"),
				{Row: 1, Col: 1, Paras: []hwptest.Para{{Table: &hwptest.Table{Rows: 1, Cols: 1, Cells: []hwptest.Cell{hwptest.T(0, 0, "n")}}}}},
			}}},
		}},
	}
}

// FuzzRecords feeds arbitrary bytes to the record reader as a BodyText
// section stream and walks what it yields into blocks.
func FuzzRecords(f *testing.F) {
	for _, d := range seedDocs() {
		b, err := hwptest.HWP(d)
		if err != nil {
			f.Fatal(err)
		}
		doc, _ := parseHWP5Streams(b)
		f.Add(doc)
	}
	var r bytes.Buffer
	hwptest.Record(&r, tagParaHeader, 0, make([]byte, 22))
	hwptest.Record(&r, tagCtrlHeader, 1, []byte(" lbt"))
	hwptest.Record(&r, tagTable, 2, []byte{0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF})
	hwptest.Record(&r, tagListHeader, 2, bytes.Repeat([]byte{0xFF}, 40))
	f.Add(r.Bytes())
	f.Add([]byte{0x42, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, b []byte) {
		recs, _ := readRecords(b)
		h := &hwp5{ctx: context.Background(), numberings: map[int]*numbering{}}
		body := h.paraList(recordTree(recs), 0, true)
		checkDoc(t, finish(document.FormatHWP, body, h.headers, h.footers, &h.w))
	})
}

// parseHWP5Streams returns the (uncompressed) section stream of a test
// HWP, as the fuzz seed.
func parseHWP5Streams(b []byte) ([]byte, error) {
	h, err := openForTest(b)
	if err != nil {
		return nil, err
	}
	return h.stream("BodyText/Section0", h.compressed)
}

// FuzzHWPXSection feeds arbitrary bytes to the HWPX XML reader as a
// section part and walks it into blocks.
func FuzzHWPXSection(f *testing.F) {
	f.Add([]byte(`<hs:sec xmlns:hs="s" xmlns:hp="p"><hp:p><hp:run><hp:t>a<hp:tab/>b</hp:t></hp:run></hp:p></hs:sec>`))
	f.Add([]byte(`<sec><p><run><tbl rowCnt="99999" colCnt="99999"><tr><tc><subList><p><run><t>x</t></run></p></subList><cellAddr colAddr="65535" rowAddr="-1"/><cellSpan colSpan="100000" rowSpan="100000"/></tc></tr></tbl></run></p></sec>`))
	f.Add([]byte(`<sec><p><run><ctrl><footNote><subList><p><run><t>n</t></run></p></subList></footNote><header><subList><p><run><t>h</t></run></p></subList></header></ctrl><pic><img binaryItemIDRef="image1"/></pic><equation><script>a</script></equation></run></p></sec>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		root, err := parseXML(context.Background(), bytes.NewReader(b))
		if err != nil {
			return
		}
		x := &hwpxReader{ctx: context.Background(), items: map[string]string{}, files: nil,
			head: &hwpxHeader{paraHeads: map[int]paraHead{}, numberings: map[int]*numbering{}, styles: map[int]string{}}}
		var body []para
		if sec := root.child("sec"); sec != nil {
			body = x.paras(sec, 0, true)
		}
		checkDoc(t, finish(document.FormatHWPX, body, x.headers, x.footers, &x.w))
	})
}

// FuzzParse feeds arbitrary files to Parse: compound files and zips,
// seeded with written documents.
func FuzzParse(f *testing.F) {
	for _, d := range seedDocs() {
		for _, w := range []func(hwptest.Doc) ([]byte, error){hwptest.HWP, hwptest.HWPX} {
			b, err := w(d)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := Parse(context.Background(), bytes.NewReader(b), int64(len(b)), Options{LoadImages: true, streamLimit: 4 << 20})
		if err != nil {
			if doc != nil {
				t.Fatal("document with error")
			}
			return
		}
		checkDoc(t, doc)
	})
}

func openForTest(b []byte) (*hwp5, error) {
	return openHWP5(context.Background(), bytes.NewReader(b), int64(len(b)), Options{})
}
