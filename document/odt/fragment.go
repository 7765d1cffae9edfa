package odt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// fragmentRoot wraps a repaired fragment: it declares ODF's customary
// prefixes (the repair writes every name with them).
var fragmentRoot = func() string {
	uris := make([]string, 0, len(nsPrefix))
	for u := range nsPrefix {
		uris = append(uris, u)
	}
	sort.Strings(uris)
	var b strings.Builder
	b.WriteString("<policyqa-fragment")
	for _, u := range uris {
		fmt.Fprintf(&b, ` xmlns:%s="%s"`, nsPrefix[u], u)
	}
	b.WriteString(">")
	return b.String()
}()

const fragmentEnd = `</policyqa-fragment>`

// maxFragmentBytes bounds a reference fragment, which is read whole (real
// ones are tens of kilobytes).
const maxFragmentBytes = 16 << 20

// ErrEmptyFragment is returned (wrapped) for a fragment that holds
// neither a table with text in a cell nor any paragraph text.
var ErrEmptyFragment = errors.New("odt: table fragment holds no table and no text")

// ParseTableXML parses a reference table file: an ODF fragment, typically
// a caption paragraph ("[표 6-6] …") followed by a table:table. It returns
// the blocks in order; a table block carries the caption of the paragraph
// before it in Text and Table.Caption. See ParseFragment for what it
// recovers from.
func ParseTableXML(ctx context.Context, r io.Reader) ([]document.Block, error) {
	d, err := ParseFragment(ctx, r, Options{})
	if err != nil {
		return nil, err
	}
	return d.Blocks, nil
}

// ParseFragment parses ODF markup cut out of a document, as the
// challenge's reference files are: no root element or namespace
// declarations (or its own), and often not well formed. The cut may start
// inside a paragraph or cell (its end tags come without start tags: the
// content before them is rebuilt inside those elements), end inside a tag
// (open elements are closed), and text may hold unescaped "<" (captions
// such as "<그림 3-2> 지역별 지원 현황"); the rules are in lenient.go. Row
// and column spans and covered cells are read as in a full document.
//
// What had to be repaired is listed in Document.Warnings. A fragment with
// no usable content gives an error wrapping ErrEmptyFragment; one over
// 16 MiB, ErrTooLarge. The Document has Format odf-fragment and no ID.
func ParseFragment(ctx context.Context, r io.Reader, opts Options) (*document.Document, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFragmentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("odt: read table fragment: %w", err)
	}
	if len(data) > maxFragmentBytes {
		return nil, fmt.Errorf("%w: table fragment over %d bytes", ErrTooLarge, maxFragmentBytes)
	}
	fixed, stats := repairFragment(data)
	doc, err := newParser(ctx, bytes.NewReader(fixed), opts).run()
	if err != nil {
		return nil, fmt.Errorf("odt: table fragment: %w", err)
	}
	doc.Format = document.FormatODFFragment
	doc.Warnings = append(stats.warnings(), doc.Warnings...)
	if !usable(doc.Blocks) {
		return nil, ErrEmptyFragment
	}
	return doc, nil
}

// usable reports whether blocks hold a table with some cell text or any
// text at all.
func usable(blocks []document.Block) bool {
	for _, b := range blocks {
		if b.Table != nil {
			for _, row := range b.Table.Rows {
				for _, c := range row {
					if c.Text != "" || len(c.Nested) > 0 {
						return true
					}
				}
			}
			continue
		}
		if b.Text != "" {
			return true
		}
	}
	return false
}
