package hwp

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// xnode is an element of an HWPX part: its local name (OWPML's prefixes
// hp:, hc:, hh:, hs: never share a local name that matters here), its
// attributes by local name, and its children in order; character data is
// a child with name "" and the text in text.
type xnode struct {
	name  string
	attrs []xml.Attr
	kids  []*xnode
	text  string
}

// maxXMLNodes bounds the elements and text runs of one part.
const maxXMLNodes = 8 << 20

func (n *xnode) attr(name string) string {
	for _, a := range n.attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *xnode) intAttr(name string) int {
	v, err := strconv.Atoi(strings.TrimSpace(n.attr(name)))
	if err != nil {
		return 0
	}
	return v
}

// child returns the first child element with the name, or nil.
func (n *xnode) child(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// find returns the first element with the name below n (depth first), or
// nil.
func (n *xnode) find(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// parseXML reads a whole XML part into a tree. Malformed XML wraps
// ErrMalformed; more than maxXMLNodes nodes wraps ErrTooLarge; elements
// nested deeper than maxXMLDepth are kept flat (their children are
// attached to the deepest kept element).
func parseXML(ctx context.Context, r io.Reader) (*xnode, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); l == "utf-8" || l == "utf8" || l == "" {
			return in, nil
		}
		return nil, fmt.Errorf("unsupported charset %q", label)
	}
	root := &xnode{name: "#root"}
	stack := []*xnode{root}
	nodes := 0
	over := 0 // elements opened past maxXMLDepth, not pushed
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
		}
		nodes++
		if nodes > maxXMLNodes {
			return nil, fmt.Errorf("%w: more than %d XML nodes", ErrTooLarge, maxXMLNodes)
		}
		if nodes%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) > maxXMLDepth {
				over++
				continue
			}
			n := &xnode{name: t.Name.Local, attrs: t.Attr}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			if over > 0 {
				over--
				continue
			}
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) > 1 {
				top.kids = append(top.kids, &xnode{text: string(t)})
			}
		}
	}
	if len(stack) > 1 {
		return nil, fmt.Errorf("%w: unexpected end of part inside <%s>", ErrMalformed, stack[len(stack)-1].name)
	}
	return root, nil
}

// maxXMLDepth is the element nesting kept by parseXML.
const maxXMLDepth = 512
