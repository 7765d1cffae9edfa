package odt

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/document"
)

func addFixtureSeeds(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		"",
		"<a/>",
		`<a><text:p>x<text:note><text:note-body><text:p>y</text:p></text:note-body></text:note></text:p></a>`,
		`<a><table:table><table:table-row table:number-rows-repeated="99999"><table:table-cell table:number-columns-repeated="99999" table:number-rows-spanned="99999" table:number-columns-spanned="99999"><text:p>v</text:p></table:table-cell></table:table-row></table:table></a>`,
		`<a><text:p><draw:frame><draw:text-box><table:table><table:table-row><table:table-cell><text:p><draw:frame><draw:image xlink:href="x"/></draw:frame></text:p></table:table-cell></table:table-row></table:table></draw:text-box></draw:frame></text:p></a>`,
	} {
		f.Add([]byte(s))
	}
}

// checkBlocks asserts invariants every parse result must keep, and
// exercises the table helpers downstream stages call.
func checkBlocks(t *testing.T, blocks []document.Block) {
	t.Helper()
	var checkTable func(tb *document.Table, depth int)
	checkTable = func(tb *document.Table, depth int) {
		if depth > maxDepth {
			t.Fatalf("tables nested %d deep", depth)
		}
		for _, row := range tb.Rows {
			for _, c := range row {
				if c.RowSpan < 1 || c.ColSpan < 1 || c.ColSpan > maxSpan {
					t.Fatalf("bad span %d×%d", c.RowSpan, c.ColSpan)
				}
				for _, n := range c.Nested {
					checkTable(n, depth+1)
				}
			}
		}
		if g := tb.Grid(); len(g) > 0 && len(g)*len(g[0]) > maxGridArea {
			t.Fatalf("grid %d×%d over the bound", len(g), len(g[0]))
		}
	}
	for _, b := range blocks {
		if b.Text != document.NormalizeSpace(b.Text) {
			t.Fatalf("text not normalised: %q", b.Text)
		}
		switch b.Kind {
		case document.KindTable:
			if b.Table == nil {
				t.Fatal("table block without table")
			}
			checkTable(b.Table, 0)
		case document.KindFigure:
			if b.Image == nil {
				t.Fatal("figure block without image")
			}
		default:
			if b.Text == "" {
				t.Fatalf("empty %s block", b.Kind)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	addFixtureSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse(context.Background(), bytes.NewReader(data), Options{})
		if err != nil {
			return
		}
		checkBlocks(t, doc.Blocks)
	})
}

// FuzzParseTableXML checks the lenient fragment reader: the repaired
// stream is always well-formed XML, parsing never fails on the markup (only
// for an empty fragment), and the blocks keep the parser's invariants.
func FuzzParseTableXML(f *testing.F) {
	addFixtureSeeds(f)
	for _, s := range []string{
		`b</text:span></text:p><table:table><table:table-row><table:table-cell table:number-rows-spanned="2"><text:p><표 1></text:p></table:table-cell></table:table-row></table:table>`,
		`x</table:table-cell><table:covered-table-cell/></table:table-row></table:table><text:p><그림 2> a`,
		`<t:p xmlns:t="urn:oasis:names:tc:opendocument:xmlns:text:1.0">&lt;&#xAC00;&nbsp;&bad;<![CDATA[<]]></t:p><!--`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fixed, _ := repairFragment(data)
		if err := decodeAll(fixed); err != nil {
			t.Fatalf("repaired fragment is not well formed: %v\n%q", err, fixed)
		}
		blocks, err := ParseTableXML(context.Background(), bytes.NewReader(data))
		if err != nil {
			if !errors.Is(err, ErrEmptyFragment) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		checkBlocks(t, blocks)
	})
}

// decodeAll reads data with the strict XML decoder to the end.
func decodeAll(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
