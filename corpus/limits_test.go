package corpus

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/odt"
)

// TestODTFiguresWithinImageBudget: figures of an ODT are read from the
// open package in order, within the document's image budget; images past
// the budget are reported once, the document is kept, and no figure keeps
// its bytes.
func TestODTFiguresWithinImageBudget(t *testing.T) {
	const n, size = 6, 1 << 20
	var content strings.Builder
	content.WriteString(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"><office:body><office:text>`)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := range n {
		fmt.Fprintf(&content, `<text:p>[그림 %d] 현황</text:p><text:p><draw:frame><draw:image xlink:href="Pictures/%d.png"/></draw:frame></text:p>`, i+1, i)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: fmt.Sprintf("Pictures/%d.png", i), Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(bytes.Repeat([]byte{byte(i)}, size))
	}
	content.WriteString(`</office:text></office:body></office:document-content>`)
	w, _ := zw.Create("content.xml")
	w.Write([]byte(content.String()))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "figures.odt")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	var seen []string
	charts := func(_ context.Context, id string, data []byte) ([]document.Block, error) {
		seen = append(seen, fmt.Sprintf("%s:%d", filepath.Base(id), data[0]))
		return []document.Block{{Kind: document.KindFigure, Text: "읽음"}}, nil
	}
	var d *document.Document
	err := ParsePath(context.Background(), path, LoadOptions{Charts: charts, ODTLimits: odt.Limits{MaxImageTotalBytes: 4 * size}},
		func(_ string, doc *document.Document, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			d = doc
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(seen, " "); got != "0.png:0 1.png:1 2.png:2 3.png:3" {
		t.Errorf("figures read: %s", got)
	}
	budget := 0
	for _, w := range d.Warnings {
		if strings.Contains(w, "image budget") {
			budget++
		}
	}
	if budget != 1 {
		t.Errorf("warnings %q: want one image budget warning", d.Warnings)
	}
	for _, b := range d.Blocks {
		if b.Image != nil && b.Image.Data != nil {
			t.Errorf("figure %s keeps its bytes", b.Image.Name)
		}
	}
}
