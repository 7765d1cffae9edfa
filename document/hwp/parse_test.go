package hwp

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/hwptest"
)

// formats writes one test document in each form the reader takes.
var formats = []struct {
	name   string
	format document.Format
	write  func(d hwptest.Doc) ([]byte, error)
}{
	{"hwp", document.FormatHWP, hwptest.HWP},
	{"hwp-compressed", document.FormatHWP, func(d hwptest.Doc) ([]byte, error) { d.Compressed = true; return hwptest.HWP(d) }},
	{"hwpx", document.FormatHWPX, hwptest.HWPX},
}

func parseBytes(t *testing.T, b []byte, opts Options) (*document.Document, error) {
	t.Helper()
	return Parse(context.Background(), bytes.NewReader(b), int64(len(b)), opts)
}

func mustParse(t *testing.T, write func(hwptest.Doc) ([]byte, error), d hwptest.Doc) *document.Document {
	t.Helper()
	b, err := write(d)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parseBytes(t, b, Options{LoadImages: true})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// brief renders blocks one per line: kind, section path, text (a table as
// its grid), for comparison with the expected form.
func brief(doc *document.Document) []string {
	var out []string
	for _, b := range doc.Blocks {
		s := fmt.Sprintf("%s [%s] %s", b.Kind, strings.Join(b.Section, " > "), b.Text)
		if b.Table != nil {
			s = fmt.Sprintf("%s [%s] %q %v", b.Kind, strings.Join(b.Section, " > "), b.Table.Caption, b.Table.Grid())
		}
		if b.Image != nil {
			s += fmt.Sprintf(" <%s %d bytes>", b.Image.Name, len(b.Image.Data))
		}
		out = append(out, s)
	}
	return out
}

var png1 = []byte("\x89PNG\r\n\x1a\nfake image bytes")

func TestParse(t *testing.T) {
	cases := []struct {
		name string
		doc  hwptest.Doc
		want []string
	}{{
		name: "outline headings, numbering and bullets",
		doc: hwptest.Doc{Paras: []hwptest.Para{
			{Text: "추진 배경", Outline: 1},
			{Text: "현황", Outline: 2},
			{Text: "본문 문단입니다."},
			{Text: "추진 과제", Number: 1},
			{Text: "세부 과제", Number: 2},
			{Text: "항목 하나", Bullet: true},
			{Text: "다음 과제", Number: 1},
		}},
		want: []string{
			"heading [] 추진 배경",
			"heading [추진 배경] 현황",
			"paragraph [추진 배경 > 현황] 본문 문단입니다.",
			"heading [추진 배경 > 현황] 1. 추진 과제",
			"heading [추진 배경 > 현황 > 1. 추진 과제] 가. 세부 과제",
			"list_item [추진 배경 > 현황 > 1. 추진 과제 > 가. 세부 과제] 항목 하나",
			"heading [추진 배경 > 현황] 2. 다음 과제",
		},
	}, {
		name: "table with spans, caption and nested table",
		doc: hwptest.Doc{Paras: []hwptest.Para{
			{Text: "1. 예산 현황"},
			{Table: &hwptest.Table{Rows: 3, Cols: 3, Caption: "<표 1> 예산", Cells: []hwptest.Cell{
				hwptest.Span(0, 0, 2, 1, "구분"), hwptest.Span(0, 1, 1, 2, "예산"),
				hwptest.T(1, 1, "2023"), hwptest.T(1, 2, "2024"),
				hwptest.T(2, 0, "합계"), hwptest.T(2, 1, "10"),
				{Row: 2, Col: 2, Paras: []hwptest.Para{{Text: "12", Table: &hwptest.Table{Rows: 1, Cols: 2, Cells: []hwptest.Cell{hwptest.T(0, 0, "a"), hwptest.T(0, 1, "b")}}}}},
			}}},
		}},
		want: []string{
			"heading [] 1. 예산 현황",
			`table [1. 예산 현황] "<표 1> 예산" [[구분 예산 예산] [구분 2023 2024] [합계 10 12]]`,
		},
	}, {
		name: "cells missing from the grid stay in their columns",
		doc: hwptest.Doc{Paras: []hwptest.Para{
			{Table: &hwptest.Table{Rows: 2, Cols: 3, Cells: []hwptest.Cell{
				hwptest.T(0, 0, "a"), hwptest.T(0, 1, "b"), hwptest.T(0, 2, "c"),
				hwptest.T(1, 2, "z"),
			}}},
		}},
		want: []string{`table [] "" [[a b c] [  z]]`},
	}, {
		name: "one-column layout box is unboxed",
		doc: hwptest.Doc{Paras: []hwptest.Para{
			{Table: &hwptest.Table{Rows: 1, Cols: 1, Cells: []hwptest.Cell{
				{Paras: []hwptest.Para{{Text: "위 임 장"}, {Text: "첨부 : 인감증명서 1통"}}},
			}}},
		}},
		want: []string{"paragraph [] 위 임 장", "paragraph [] 첨부 : 인감증명서 1통"},
	}, {
		name: "picture, footnote, equation, header and footer",
		doc: hwptest.Doc{
			Images: map[string][]byte{"chart.png": png1},
			Header: []hwptest.Para{{Text: "2024 업무계획"}},
			Footer: []hwptest.Para{{Text: "- 1 -"}, {Text: "- -"}},
			Paras: []hwptest.Para{
				{Text: "총수입은 97.2조원이다.", Footnote: "잠정 집계 기준"},
				{Image: "chart.png"},
				{Text: "[그림 1] 총수입 추이"},
				{Text: "면적은", Equation: "a over b"},
			},
		},
		want: []string{
			"paragraph [] 총수입은 97.2조원이다.",
			"footnote [] 잠정 집계 기준",
			"figure [] [그림 1] 총수입 추이 <BinData/* 24 bytes>",
			"paragraph [] [그림 1] 총수입 추이",
			"paragraph [] 면적은 a over b",
			"paragraph [머리말] 2024 업무계획",
			"paragraph [꼬리말] - 1 -",
		},
	}}
	for _, f := range formats {
		for _, tc := range cases {
			t.Run(f.name+"/"+tc.name, func(t *testing.T) {
				doc := mustParse(t, f.write, tc.doc)
				if doc.Format != f.format {
					t.Errorf("format %q, want %q", doc.Format, f.format)
				}
				got := brief(doc)
				if len(got) != len(tc.want) {
					t.Fatalf("got %d blocks, want %d:\n%s", len(got), len(tc.want), strings.Join(got, "\n"))
				}
				for i := range got {
					if !matchLine(got[i], tc.want[i]) {
						t.Errorf("block %d:\n got %s\nwant %s", i, got[i], tc.want[i])
					}
				}
				if t.Failed() || testing.Verbose() {
					for _, w := range doc.Warnings {
						t.Logf("warning: %s", w)
					}
				}
			})
		}
	}
}

// matchLine compares a block line with its expected form, where "*"
// stands for the image name (which differs by format).
func matchLine(got, want string) bool {
	before, after, found := strings.Cut(want, "*")
	if !found {
		return got == want
	}
	return strings.HasPrefix(got, before) && strings.HasSuffix(got, after) && len(got) >= len(want)-1
}

func TestParseNestedTable(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			doc := mustParse(t, f.write, hwptest.Doc{Paras: []hwptest.Para{{Table: &hwptest.Table{Rows: 1, Cols: 2, Cells: []hwptest.Cell{
				hwptest.T(0, 0, "외부"),
				{Row: 0, Col: 1, Paras: []hwptest.Para{{Text: "안", Table: &hwptest.Table{Rows: 2, Cols: 2, Cells: []hwptest.Cell{
					hwptest.T(0, 0, "a"), hwptest.T(0, 1, "b"), hwptest.Span(1, 0, 1, 2, "c")}}}}},
			}}}}})
			if len(doc.Blocks) != 1 || doc.Blocks[0].Table == nil {
				t.Fatalf("blocks: %v", brief(doc))
			}
			c := doc.Blocks[0].Table.Rows[0][1]
			if c.Text != "안" || len(c.Nested) != 1 {
				t.Fatalf("cell %q with %d nested tables", c.Text, len(c.Nested))
			}
			if g := fmt.Sprint(c.Nested[0].Grid()); g != "[[a b] [c c]]" {
				t.Errorf("nested grid %s", g)
			}
		})
	}
}

func TestParsePages(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			doc := mustParse(t, f.write, hwptest.Doc{Paras: []hwptest.Para{
				{Text: "첫 쪽"}, {Text: "둘째 쪽", PageBreak: true}, {Text: "같은 쪽"},
			}})
			var pages []int
			for _, b := range doc.Blocks {
				pages = append(pages, b.Page)
			}
			if !slices.Equal(pages, []int{1, 2, 2}) {
				t.Errorf("pages %v, want [1 2 2]", pages)
			}
		})
	}
}

func TestProtectedAndBroken(t *testing.T) {
	hwpWith := func(flags uint32) []byte {
		b, err := hwptest.HWP(hwptest.Doc{HWPFlags: flags, Paras: []hwptest.Para{{Text: "비밀"}}})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	encHWPX, err := hwptest.HWPX(hwptest.Doc{Encrypted: true, Paras: []hwptest.Para{{Text: "비밀"}}})
	if err != nil {
		t.Fatal(err)
	}
	good := hwpWith(0)
	goodX, _ := hwptest.HWPX(hwptest.Doc{Paras: []hwptest.Para{{Text: "본문"}}})
	cases := []struct {
		name string
		b    []byte
		is   error
		msg  string
	}{
		{"hwp password", hwpWith(1 << 1), ErrEncrypted, "password-protected HWP; cannot be read"},
		{"hwp distribution", hwpWith(1 << 2), ErrDRM, "distribution document"},
		{"hwp drm", hwpWith(1 << 4), ErrDRM, "DRM"},
		{"hwpx encrypted", encHWPX, ErrEncrypted, "password-protected HWPX; cannot be read"},
		{"not hwp", []byte("plain text, not a document"), ErrNotHWP, ""},
		{"cut compound file", good[:700], ErrBadContainer, ""},
		{"cut zip", goodX[:len(goodX)/2], ErrBadContainer, ""},
		{"hwp 3", []byte("HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05"), ErrUnsupported, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parseBytes(t, tc.b, Options{})
			if !errors.Is(err, tc.is) {
				t.Fatalf("err %v, want %v", err, tc.is)
			}
			if doc != nil {
				t.Fatal("a document came back with the error")
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("message %q lacks %q", err, tc.msg)
			}
		})
	}
}

func TestParseFileNamesTheFile(t *testing.T) {
	b, _ := hwptest.HWPX(hwptest.Doc{Encrypted: true})
	path := filepath.Join(t.TempDir(), "plan.hwpx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ParseFile(context.Background(), path, Options{})
	if want := path + ": password-protected HWPX; cannot be read"; err == nil || err.Error() != want {
		t.Fatalf("err %v, want %q", err, want)
	}
	b, _ = hwptest.HWP(hwptest.Doc{Paras: []hwptest.Para{{Text: "본문"}}})
	path = filepath.Join(t.TempDir(), "plan.v2.hwp")
	os.WriteFile(path, b, 0o644)
	doc, err := ParseFile(context.Background(), path, Options{})
	if err != nil || doc.ID != "plan.v2" || doc.Path != path {
		t.Fatalf("doc %+v, err %v", doc, err)
	}
}

func TestRecordBounds(t *testing.T) {
	var ok bytes.Buffer
	hwptest.Record(&ok, tagParaHeader, 0, make([]byte, 22))
	hwptest.Record(&ok, tagParaText, 1, make([]byte, 5000)) // extended size
	var long bytes.Buffer
	long.Write(ok.Bytes())
	long.Write([]byte{0x43, 0x04, 0x50, 0x00, 1, 2}) // claims 5 bytes, has 2
	var ext bytes.Buffer
	ext.Write([]byte{0x43, 0x04, 0xF0, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}) // 2 GiB claimed
	cases := []struct {
		name string
		b    []byte
		n    int
		err  bool
	}{
		{"well formed", ok.Bytes(), 2, false},
		{"size past the end", long.Bytes(), 2, true},
		{"huge extended size", ext.Bytes(), 0, true},
		{"trailing bytes", append(ok.Bytes(), 1, 2), 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			recs, err := readRecords(tc.b)
			if len(recs) != tc.n || (err != nil) != tc.err {
				t.Fatalf("%d records, err %v", len(recs), err)
			}
			if err != nil && !errors.Is(err, ErrRecord) {
				t.Fatalf("err %v is not ErrRecord", err)
			}
		})
	}
}

func TestDecompressionBomb(t *testing.T) {
	zeros := make([]byte, 8<<20)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			b, err := f.write(hwptest.Doc{Paras: []hwptest.Para{{Text: string(bytes.Repeat([]byte("가"), 1<<20)) + string(zeros[:0])}}})
			if err != nil {
				t.Fatal(err)
			}
			_, err = parseBytes(t, b, Options{streamLimit: 1 << 20})
			if !errors.Is(err, ErrTooLarge) {
				t.Fatalf("err %v, want ErrTooLarge", err)
			}
		})
	}
	if _, err := inflate(deflate(zeros), 1<<20); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("inflate: %v", err)
	}
}

func deflate(b []byte) []byte {
	var out bytes.Buffer
	w, _ := flate.NewWriter(&out, flate.BestCompression)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

// TestNumberedNames: sections are read in numeric order whatever the map
// order, names of equal number (section01, Section1) by name, and a
// number too large for an int last.
func TestNumberedNames(t *testing.T) {
	files := map[string]int{
		"Contents/section10.xml":                   0,
		"Contents/section2.xml":                    0,
		"Contents/Section1.xml":                    0,
		"Contents/section01.xml":                   0,
		"Contents/section99999999999999999999.xml": 0,
		"Contents/header.xml":                      0,
		"Contents/section.xml":                     0,
	}
	want := []string{
		"Contents/Section1.xml", "Contents/section01.xml", "Contents/section2.xml",
		"Contents/section10.xml", "Contents/section99999999999999999999.xml",
	}
	for range 20 { // map iteration order varies between runs
		if got := numberedNames(files, sectionName); !slices.Equal(got, want) {
			t.Fatalf("numberedNames = %q, want %q", got, want)
		}
	}
	streams := map[string]bool{"BodyText/Section1": true, "BodyText/Section0": true, "DocInfo": true}
	if got := numberedNames(streams, sectionStream); !slices.Equal(got, []string{"BodyText/Section0", "BodyText/Section1"}) {
		t.Errorf("HWP 5 sections = %q", got)
	}
}

// TestBytesReader: fields read in order; a read past the end yields zero,
// leaves the reader at its end and short.
func TestBytesReader(t *testing.T) {
	r := &bytesReader{b: []byte{1, 2, 0, 3, 0, 0, 0, 2, 0, 'a', 0, 'b', 0, 9}}
	if v := r.u8(); v != 1 {
		t.Errorf("u8 = %d", v)
	}
	if v := r.u16(); v != 2 {
		t.Errorf("u16 = %d", v)
	}
	if v := r.u32(); v != 3 {
		t.Errorf("u32 = %d", v)
	}
	if s := r.wstr(); s != "ab" {
		t.Errorf("wstr = %q", s)
	}
	if r.short || r.left() != 1 {
		t.Fatalf("short %v, left %d", r.short, r.left())
	}
	if v := r.u16(); v != 0 || !r.short || r.left() != 0 {
		t.Errorf("u16 past the end = %d, short %v, left %d", v, r.short, r.left())
	}
	r = &bytesReader{b: []byte{5, 0, 'a', 0}} // length 5, one unit present
	if s := r.wstr(); s != "" || !r.short || r.left() != 0 {
		t.Errorf("wstr past the end = %q, short %v, left %d", s, r.short, r.left())
	}
	r = &bytesReader{b: []byte{1, 2}}
	r.skip(-1)
	if !r.short || r.left() != 0 {
		t.Errorf("skip(-1): short %v, left %d", r.short, r.left())
	}
}

// TestFindBinData: a picture whose item the manifest does not list finds
// BinData/<ref>.* by stem, the same file whatever the map order.
func TestFindBinData(t *testing.T) {
	for range 20 {
		x := &hwpxReader{files: map[string]*zip.File{
			"BinData/image1.png": nil, "BinData/image1.jpg": nil, "BinData/image2.bmp": nil,
			"Contents/image3.png": nil,
		}}
		for ref, want := range map[string]string{
			"image1": "BinData/image1.jpg",
			"image2": "BinData/image2.bmp",
			"image3": "BinData/image3",
		} {
			if got := x.findBinData(ref); got != want {
				t.Fatalf("findBinData(%q) = %q, want %q", ref, got, want)
			}
		}
	}
}
