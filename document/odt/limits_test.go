package odt

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

const (
	contentHead = `<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>`
	contentTail = `</office:text></office:body></office:document-content>`
)

// hostileEntry is a zip entry written from a generator, so tests can make
// entries of hundreds of MB uncompressed without holding them.
type hostileEntry struct {
	name  string
	store bool
	write func(w io.Writer) error
}

func writeHostileZip(t *testing.T, path string, entries ...hostileEntry) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, e := range entries {
		method := zip.Deflate
		if e.store {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.write(w); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func fixed(s string) func(io.Writer) error {
	return func(w io.Writer) error { _, err := io.WriteString(w, s); return err }
}

// repeated writes unit until n bytes are written (n rounded up).
func repeated(unit string, n int) func(io.Writer) error {
	return func(w io.Writer) error {
		chunk := []byte(strings.Repeat(unit, max(1, (64<<10)/len(unit))))
		for written := 0; written < n; written += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return err
			}
		}
		return nil
	}
}

func seq(ws ...func(io.Writer) error) func(io.Writer) error {
	return func(w io.Writer) error {
		for _, f := range ws {
			if err := f(w); err != nil {
				return err
			}
		}
		return nil
	}
}

// allocated runs f and returns the bytes it allocated on the heap (all
// allocations, freed or not: an upper bound of what f held at once).
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func hasWarning(d *document.Document, sub string) bool {
	for _, w := range d.Warnings {
		if strings.Contains(w, sub) {
			return true
		}
	}
	return false
}

// TestMimetypeBomb: a mimetype entry that inflates to 32 MB is not read
// past its limit; the document still parses.
func TestMimetypeBomb(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bomb.odt")
	writeHostileZip(t, path,
		hostileEntry{name: "mimetype", write: repeated("\x00", 32<<20)},
		hostileEntry{name: "content.xml", write: fixed(contentHead + `<text:p>본문</text:p>` + contentTail)},
	)
	var d *document.Document
	alloc := allocated(func() {
		var err error
		d, err = ParseFile(context.Background(), path, Options{})
		if err != nil {
			t.Fatal(err)
		}
	})
	if !hasWarning(d, "mimetype entry over 256 bytes") {
		t.Errorf("warnings = %q", d.Warnings)
	}
	if len(d.Blocks) != 1 || d.Blocks[0].Text != "본문" {
		t.Errorf("blocks = %+v", d.Blocks)
	}
	t.Logf("allocated %d KB", alloc>>10)
	if alloc > 8<<20 {
		t.Errorf("allocated %d MB for a 32 MB mimetype entry", alloc>>20)
	}
}

// TestHugeParagraph: one 24 MB paragraph costs what the limits allow: it
// is split into paragraphs of at most MaxParagraphBytes, the document
// stops at MaxTextBytes, and the XML decoder never buffers the whole run.
func TestHugeParagraph(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bigpara.odt")
	writeHostileZip(t, path, hostileEntry{name: "content.xml", write: seq(
		fixed(contentHead+`<text:p>제1장 서론</text:p><text:p>`),
		repeated("정책 지원 사업 &amp; ", 24<<20),
		fixed(`</text:p><text:p>끝 문단</text:p>`+contentTail),
	)})
	lim := Limits{MaxParagraphBytes: 64 << 10, MaxTextBytes: 2 << 20}
	var d *document.Document
	alloc := allocated(func() {
		var err error
		d, err = ParseFile(context.Background(), path, Options{Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
	})
	total := 0
	for _, b := range d.Blocks {
		total += len(b.Text)
		if len(b.Text) > lim.MaxParagraphBytes {
			t.Errorf("block of %d bytes", len(b.Text))
		}
	}
	if total > int(lim.MaxTextBytes) || total < int(lim.MaxTextBytes)/2 {
		t.Errorf("%d bytes of text kept, limit %d", total, lim.MaxTextBytes)
	}
	if d.Blocks[0].Kind != document.KindHeading || len(d.Blocks) < 20 {
		t.Errorf("%d blocks, first %+v", len(d.Blocks), d.Blocks[0])
	}
	for _, w := range []string{"paragraph over 65536 bytes split", "document text over 2097152 bytes"} {
		if !hasWarning(d, w) {
			t.Errorf("no warning %q in %q", w, d.Warnings)
		}
	}
	t.Logf("allocated %d MB, %d blocks, %d bytes of text", alloc>>20, len(d.Blocks), total)
	if alloc > 32<<20 {
		t.Errorf("allocated %d MB for a 24 MB paragraph with a 2 MB text budget", alloc>>20)
	}
}

// TestImageLimits: images over MaxImageBytes are skipped, and reading
// stops at MaxImageTotalBytes per document, with warnings.
func TestImageLimits(t *testing.T) {
	path := filepath.Join(t.TempDir(), "images.odt")
	var content strings.Builder
	content.WriteString(contentHead)
	entries := []hostileEntry{{name: "content.xml"}}
	for i := range 8 {
		fmt.Fprintf(&content, `<text:p><draw:frame><draw:image xlink:href="Pictures/%d.png"/></draw:frame></text:p>`, i)
		size := 1 << 20
		if i == 1 {
			size = 3 << 20 // over MaxImageBytes
		}
		entries = append(entries, hostileEntry{name: fmt.Sprintf("Pictures/%d.png", i), store: true, write: repeated("\x89PNG", size)})
	}
	content.WriteString(contentTail)
	entries[0].write = fixed(content.String())
	writeHostileZip(t, path, entries...)
	lim := Limits{MaxImageBytes: 2 << 20, MaxImageTotalBytes: 4 << 20}

	t.Run("LoadImages", func(t *testing.T) {
		d, err := ParseFile(context.Background(), path, Options{LoadImages: true, Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		var loaded []int
		for i, b := range blocksOf(d, document.KindFigure) {
			if len(b.Image.Data) > 0 {
				loaded = append(loaded, i)
			}
		}
		if fmt.Sprint(loaded) != "[0 2 3 4]" {
			t.Errorf("images loaded: %v, want [0 2 3 4]", loaded)
		}
		for _, w := range []string{"Pictures/1.png larger than 2097152 bytes", "image budget of 4194304 bytes used up"} {
			if !hasWarning(d, w) {
				t.Errorf("no warning %q in %q", w, d.Warnings)
			}
		}
	})
	t.Run("ReadImage", func(t *testing.T) {
		pkg, err := OpenPackage(path, Options{Limits: lim})
		if err != nil {
			t.Fatal(err)
		}
		defer pkg.Close()
		var errs []string
		for i := range 8 {
			_, err := pkg.ReadImage(fmt.Sprintf("Pictures/%d.png", i))
			switch {
			case err == nil:
				errs = append(errs, "ok")
			case errors.Is(err, ErrImageBudget):
				errs = append(errs, "budget")
			case errors.Is(err, ErrTooLarge):
				errs = append(errs, "large")
			default:
				t.Fatalf("image %d: %v", i, err)
			}
		}
		if got := strings.Join(errs, " "); got != "ok large ok ok ok budget budget budget" {
			t.Errorf("reads: %s", got)
		}
		if _, err := pkg.ReadImage("../x.png"); err == nil {
			t.Error("path outside the package read")
		}
	})
}

func TestContentLimits(t *testing.T) {
	dir := t.TempDir()
	bigTag := filepath.Join(dir, "bigtag.odt")
	writeHostileZip(t, bigTag, hostileEntry{name: "content.xml", write: seq(
		fixed(contentHead+`<text:p text:style-name="`), repeated("A", 8<<20), fixed(`">x</text:p>`+contentTail))})
	bigComment := filepath.Join(dir, "bigcomment.odt")
	writeHostileZip(t, bigComment, hostileEntry{name: "content.xml", write: seq(
		fixed(contentHead+`<!--`), repeated("-a", 8<<20), fixed(`--><text:p>x</text:p>`+contentTail))})
	big := filepath.Join(dir, "big.odt")
	writeHostileZip(t, big, hostileEntry{name: "content.xml", write: seq(
		fixed(contentHead+`<text:p>`), repeated("가", 4<<20), fixed(`</text:p>`+contentTail))})
	tests := []struct {
		name string
		path string
		lim  Limits
		err  error
	}{
		{"tag over MaxMarkupBytes", bigTag, Limits{MaxMarkupBytes: 1 << 20}, ErrTooLarge},
		{"comment over MaxMarkupBytes", bigComment, Limits{MaxMarkupBytes: 1 << 20}, ErrTooLarge},
		{"content over MaxContentBytes", big, Limits{MaxContentBytes: 1 << 20}, ErrTooLarge},
		{"content within the defaults", big, Limits{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseFile(context.Background(), tt.path, Options{Limits: tt.lim})
			if !errors.Is(err, tt.err) {
				t.Errorf("err = %v, want %v", err, tt.err)
			}
		})
	}
}

func TestCellAndNoteCaps(t *testing.T) {
	long := strings.Repeat("셀 내용 ", 3000) // 30 KB
	content := contentHead + `<text:p>문단<text:note><text:note-body><text:p>` + long + `</text:p></text:note-body></text:note></text:p>` +
		`<table:table><table:table-row><table:table-cell><text:p>` + long + `</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>` + contentTail
	d, err := Parse(context.Background(), strings.NewReader(content), Options{Limits: Limits{MaxParagraphBytes: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range d.Blocks {
		if len(b.Text) > 1000 {
			t.Errorf("%s of %d bytes", b.Kind, len(b.Text))
		}
		if b.Table != nil && len(b.Table.Rows[0][0].Text) > 1000 {
			t.Errorf("cell of %d bytes", len(b.Table.Rows[0][0].Text))
		}
	}
	for _, w := range []string{"table cell text over 1000 bytes cut", "footnote text over 1000 bytes cut"} {
		if !hasWarning(d, w) {
			t.Errorf("no warning %q in %q", w, d.Warnings)
		}
	}
}

// xmlTokens decodes data and returns its elements and text as one string
// (text runs joined, as a reader of the document sees them), and the
// longest CharData token.
func xmlTokens(data io.Reader) (string, int, error) {
	dec := xml.NewDecoder(data)
	dec.Strict = true
	var sb strings.Builder
	longest := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return sb.String(), longest, nil
		}
		if err != nil {
			return sb.String(), longest, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			fmt.Fprintf(&sb, "<%s:%s %v>", t.Name.Space, t.Name.Local, t.Attr)
		case xml.EndElement:
			fmt.Fprintf(&sb, "</%s>", t.Name.Local)
		case xml.CharData:
			sb.Write(t)
			longest = max(longest, len(t))
		}
	}
}

func TestTextRunLimiter(t *testing.T) {
	run := func(unit string, n int) string { return strings.Repeat(unit, n/len(unit)+1) }
	tests := []struct {
		name string
		doc  string
	}{
		{"ascii run", `<a>` + run("abc ", 300<<10) + `</a>`},
		{"hangul run", `<a>` + run("가나다 ", 300<<10) + `</a>`},
		{"entities", `<a>` + run("&amp;&#44032;&lt;x", 300<<10) + `</a>`},
		{"crlf", `<a>` + run("ab\r\n", 300<<10) + `</a>`},
		{"cdata", `<a><![CDATA[` + run("x]y]>z<", 300<<10) + `]]></a>`},
		{"markup with > inside", `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x>y">]><!-- a > b --><a b="c>d" e='&gt;'><?pi x > y?>` + run("t", 200<<10) + `</a>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want, _, err := xmlTokens(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			got, longest, err := xmlTokens(newTextRunLimiter(strings.NewReader(tt.doc), 1<<20))
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("tokens differ after limiting (lengths %d, %d)", len(got), len(want))
			}
			if longest > textChunkBytes+64 {
				t.Errorf("a text token of %d bytes", longest)
			}
		})
	}
}

// FuzzTextRunLimiter: the limiter never changes what a well-formed
// document says.
func FuzzTextRunLimiter(f *testing.F) {
	for _, s := range []string{`<a>x</a>`, `<a b=">">&amp;<![CDATA[]]]]><!--->--></a>`, `<!DOCTYPE a [<!ENTITY x "]>">]><a/>`} {
		f.Add([]byte(s), uint16(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, rep uint16) {
		// Repeat the body so text runs pass the chunk size.
		doc := bytes.Repeat(data, int(rep%64)+1)
		want, _, err := xmlTokens(bytes.NewReader(doc))
		if err != nil {
			return
		}
		got, _, err := xmlTokens(newTextRunLimiter(bytes.NewReader(doc), int64(len(doc))+1))
		if err != nil {
			t.Fatalf("limited stream fails: %v", err)
		}
		if got != want {
			t.Fatalf("tokens differ:\n%q\n%q", got, want)
		}
	})
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want []string
	}{
		{"abc def ghi", 7, []string{"abc def", "ghi"}},
		{"abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"가나다라", 7, []string{"가나", "다라"}},
		{"short", 10, []string{"short"}},
	}
	for _, tt := range tests {
		got := splitText(tt.in, tt.max)
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("splitText(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}
