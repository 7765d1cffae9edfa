package odt

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// fragmentRoot wraps a fragment that has neither a root element nor
// namespace declarations; the fragment may still declare its own.
const fragmentRoot = `<policyqa-fragment` +
	` xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"` +
	` xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"` +
	` xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"` +
	` xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"` +
	` xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"` +
	` xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"` +
	` xmlns:xlink="http://www.w3.org/1999/xlink"` +
	` xmlns:dc="http://purl.org/dc/elements/1.1/"` +
	` xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"` +
	` xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"` +
	` xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"` +
	`>`

const fragmentEnd = `</policyqa-fragment>`

// ParseTableXML parses a reference table file: an ODF fragment (no root
// element, no namespace declarations), typically a caption paragraph
// ("[표 6-6] …") followed by a table:table. It returns the blocks in
// order; a table block carries the caption of the paragraph before it in
// Text and Table.Caption. Malformed XML gives an error wrapping
// ErrMalformed.
func ParseTableXML(ctx context.Context, r io.Reader) ([]document.Block, error) {
	br := bufio.NewReader(r)
	if err := skipProlog(br); err != nil {
		return nil, fmt.Errorf("odt: read table fragment: %w", err)
	}
	wrapped := io.MultiReader(strings.NewReader(fragmentRoot), br, strings.NewReader(fragmentEnd))
	doc, err := newParser(ctx, wrapped, Options{}, nil).run()
	if err != nil {
		return nil, fmt.Errorf("odt: table fragment: %w", err)
	}
	return doc.Blocks, nil
}

// skipProlog drops a byte order mark and an XML declaration, which may
// only open a document and so cannot follow the synthetic root.
func skipProlog(br *bufio.Reader) error {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	// Leading white space is harmless inside the root; skip it to find
	// a declaration.
	for {
		b, err := br.Peek(1)
		if err != nil || (b[0] != ' ' && b[0] != '\t' && b[0] != '\r' && b[0] != '\n') {
			break
		}
		br.Discard(1)
	}
	b, err := br.Peek(5)
	if err != nil || string(b) != "<?xml" {
		return nil // short input or no declaration: nothing to skip
	}
	for n := 0; n < 1024; n++ {
		c, err := br.ReadByte()
		if err != nil {
			return err
		}
		if c == '>' {
			return nil
		}
	}
	return fmt.Errorf("%w: XML declaration too long", ErrMalformed)
}
