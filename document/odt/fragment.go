package odt

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
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

// maxFragmentBytes bounds a reference fragment, which is read whole.
const maxFragmentBytes = 64 << 20

// ParseTableXML parses a reference table file: an ODF fragment (no root
// element, no namespace declarations), typically a caption paragraph
// ("[표 6-6] …") followed by a table:table. It returns the blocks in
// order; a table block carries the caption of the paragraph before it in
// Text and Table.Caption.
//
// A fragment cut short (elements left open at the end, even mid-tag, as
// in some challenge files) is closed and parsed as far as it goes. Other
// malformed XML (mismatched tags, bad entities) gives an error wrapping
// ErrMalformed.
func ParseTableXML(ctx context.Context, r io.Reader) ([]document.Block, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFragmentBytes+1))
	if err != nil {
		return nil, fmt.Errorf("odt: read table fragment: %w", err)
	}
	if len(data) > maxFragmentBytes {
		return nil, fmt.Errorf("%w: table fragment over %d bytes", ErrTooLarge, maxFragmentBytes)
	}
	data, err = closeFragment(skipProlog(data))
	if err != nil {
		return nil, fmt.Errorf("odt: table fragment: %w", err)
	}
	wrapped := io.MultiReader(strings.NewReader(fragmentRoot), bytes.NewReader(data), strings.NewReader(fragmentEnd))
	doc, err := newParser(ctx, wrapped, Options{}, nil).run()
	if err != nil {
		return nil, fmt.Errorf("odt: table fragment: %w", err)
	}
	return doc.Blocks, nil
}

// skipProlog drops a byte order mark and an XML declaration, which may
// only open a document and so cannot follow the synthetic root.
func skipProlog(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if bytes.HasPrefix(trimmed, []byte("<?xml")) {
		if i := bytes.Index(trimmed, []byte("?>")); i >= 0 {
			return trimmed[i+2:]
		}
	}
	return data
}

// closeFragment checks that a fragment's tags match and closes the
// elements it leaves open at the end; input cut inside a tag is cut back
// to the last whole token first.
func closeFragment(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var open []string
	good := int64(0)
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		var se *xml.SyntaxError
		if errors.As(err, &se) && se.Msg == "unexpected EOF" {
			data = data[:good]
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, rawName(t.Name))
		case xml.EndElement:
			name := rawName(t.Name)
			if len(open) == 0 || open[len(open)-1] != name {
				return nil, fmt.Errorf("%w: line %d: unexpected </%s>", ErrMalformed, lineAt(data, dec.InputOffset()), name)
			}
			open = open[:len(open)-1]
		}
		good = dec.InputOffset()
	}
	if len(open) == 0 {
		return data, nil
	}
	out := make([]byte, 0, len(data)+16*len(open))
	out = append(out, data...)
	for i := len(open) - 1; i >= 0; i-- {
		out = append(out, "</"+open[i]+">"...)
	}
	return out, nil
}

func rawName(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return bytes.Count(data[:off], []byte("\n")) + 1
}
