package pdf

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/policyqa/policyqa/document"
)

func parseFixture(t *testing.T, name string) (*document.Document, []PageInfo) {
	t.Helper()
	d, info, err := ParseFileInfo(context.Background(), filepath.Join("testdata", name), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return d, info
}

func TestParseReport(t *testing.T) {
	d, info := parseFixture(t, "report.pdf")
	if d.ID != "report" || d.Format != document.FormatPDF || d.Pages != 3 {
		t.Fatalf("doc = %q %q pages %d", d.ID, d.Format, d.Pages)
	}
	for _, pi := range info {
		if !pi.Usable || pi.NeedsOCR() {
			t.Errorf("page %d not usable: %+v", pi.Page, pi)
		}
	}
	type want struct {
		kind  document.Kind
		page  int
		level int
		text  string
	}
	wants := []want{
		{document.KindHeading, 1, 3, "1. 개요"},
		{document.KindParagraph, 1, 0, "지원사업은 2024년부터 단계적으로 확대되었으며 지역별 예산 배정 방식과 배분 기준도 함께 바뀌었다."},
		{document.KindParagraph, 1, 0, "- 첫째 지원 대상은 중소기업이다."},
		{document.KindParagraph, 1, 0, "- 둘째 지원 대상은 청년 창업자이다."},
		{document.KindTable, 1, 0, ""},
		{document.KindParagraph, 1, 0, "다음 해에는 지원 규모를 늘리고 신청 절차를 간소화하여 보다 많은 기업이 참여할 수 있도록 할 계획이다."},
		{document.KindHeading, 2, 3, "2. 추진 방향"},
		{document.KindParagraph, 2, 0, "Budget 예산은 매년 검토한다."},
		{document.KindParagraph, 3, 0, "끝."},
	}
	var got []want
	for _, b := range d.Blocks {
		got = append(got, want{b.Kind, b.Page, b.Level, b.Text})
	}
	if !reflect.DeepEqual(got, wants) {
		t.Errorf("blocks:\n got %+v\nwant %+v", got, wants)
	}
	for _, b := range d.Blocks {
		if b.Kind == document.KindTable {
			wantGrid := [][]string{{"구분", "대상", "예산"}, {"가형", "중소기업", "120"}, {"나형", "청년", "80"}}
			if g := b.Table.Grid(); !reflect.DeepEqual(g, wantGrid) {
				t.Errorf("table = %q, want %q", g, wantGrid)
			}
		}
		if b.Kind == document.KindParagraph && b.Page == 2 && !reflect.DeepEqual(b.Section, []string{"2. 추진 방향"}) {
			t.Errorf("section of %q = %q", b.Text, b.Section)
		}
	}
}

func TestParseScan(t *testing.T) {
	d, info := parseFixture(t, "scan.pdf")
	if len(info) != 2 {
		t.Fatalf("got %d page infos", len(info))
	}
	for _, pi := range info {
		if pi.Usable || !pi.NeedsOCR() || pi.ImageArea < 0.99 {
			t.Errorf("page %d: %+v, want not usable, needs OCR, full-page image", pi.Page, pi)
		}
	}
	if len(d.Warnings) != 2 || !strings.Contains(d.Warnings[0], "no usable text layer") {
		t.Errorf("warnings = %q", d.Warnings)
	}
}

func TestParseErrors(t *testing.T) {
	report, err := os.ReadFile(filepath.Join("testdata", "report.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"not pdf", []byte("hello world, this is not a PDF file at all\n%%EOF\n")},
		{"truncated", report[:len(report)/2]},
		{"bad xref", bytes.Replace(report, []byte("xref"), []byte("xxxx"), 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(context.Background(), bytes.NewReader(tt.data), int64(len(tt.data)), "x", Options{})
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

func TestParseBrokenPage(t *testing.T) {
	// "end" without "begin" makes the pdf library panic inside page 2's
	// content stream; the text before it and the other pages survive.
	pages := reportPages()
	pages[1].raw = "end\nBT /FC 11 Tf 72 100 Td (lost) Tj ET\n"
	data := makePDF(pages)
	d, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)), "broken", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages != 3 || len(d.Warnings) != 1 || !strings.HasPrefix(d.Warnings[0], "page 2: ") {
		t.Fatalf("pages %d warnings %q", d.Pages, d.Warnings)
	}
	var all []string
	for _, b := range d.Blocks {
		all = append(all, b.Text)
	}
	text := strings.Join(all, "|")
	for _, want := range []string{"2. 추진 방향", "끝.", "지원사업은"} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in %q", want, text)
		}
	}
	if strings.Contains(text, "lost") {
		t.Errorf("text after the failure leaked: %q", text)
	}
}

func TestParseCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ParseFile(ctx, filepath.Join("testdata", "report.pdf"), Options{})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestParseLimits(t *testing.T) {
	d, err := ParseFile(context.Background(), filepath.Join("testdata", "report.pdf"), Options{MaxPages: 1, MaxGlyphsPerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if d.Pages != 1 || len(d.Warnings) < 2 {
		t.Errorf("pages %d warnings %q", d.Pages, d.Warnings)
	}
}

func TestPrescan(t *testing.T) {
	report, err := os.ReadFile(filepath.Join("testdata", "report.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	xref := bytes.LastIndex(report, []byte("xref\n0 "))
	loop := bytes.Replace(report, []byte("trailer\n<<"), []byte("trailer\n<< /Prev "+strconv.Itoa(xref)), 1)
	huge := bytes.Replace(report, []byte("xref\n0 "), []byte("xref\n900000000 "), 1)
	tests := []struct {
		name string
		data []byte
		ok   bool
	}{
		{"valid", report, true},
		{"prev loop", loop, false},
		{"huge subsection", huge, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := prescan(bytes.NewReader(tt.data), int64(len(tt.data)))
			if (err == nil) != tt.ok {
				t.Errorf("prescan = %v, ok want %v", err, tt.ok)
			}
		})
	}
}

func TestHugeCMapCount(t *testing.T) {
	data := makePDF(reportPages(), func(cm string) string {
		return strings.Replace(cm, " beginbfchar", "9999999999 beginbfchar", 1)
	})
	done := make(chan error, 1)
	go func() {
		_, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)), "cmap", Options{})
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Parse hangs on a CMap with a huge count")
	}
}
