package odt

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// Limits that keep malformed or hostile input from exhausting memory.
const (
	maxDepth        = 256     // element nesting handled; deeper subtrees are skipped
	maxRepeat       = 64      // table:number-columns/rows-repeated honoured up to this
	maxSpan         = 1024    // table:number-columns/rows-spanned cap
	maxCellsPerRow  = 4096    // cells kept per row
	maxRowsPerTable = 100_000 // rows kept per table
	maxCellCopies   = 1 << 20 // cells (repeats included) kept per document
	maxGridArea     = 1 << 16 // bound on one table's expanded grid (real ones: < 1000)
	maxDocGridArea  = 1 << 22 // bound on all tables' grids in a document
	maxWarnings     = 100
	ctxCheckEvery   = 1024 // tokens between context checks
)

// nsPrefix maps the usual ODF namespace URIs to their customary prefixes,
// so elements compare as "text:p" whatever prefix a document declares.
var nsPrefix = map[string]string{
	"urn:oasis:names:tc:opendocument:xmlns:office:1.0":                 "office",
	"urn:oasis:names:tc:opendocument:xmlns:style:1.0":                  "style",
	"urn:oasis:names:tc:opendocument:xmlns:text:1.0":                   "text",
	"urn:oasis:names:tc:opendocument:xmlns:table:1.0":                  "table",
	"urn:oasis:names:tc:opendocument:xmlns:drawing:1.0":                "draw",
	"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0":      "fo",
	"http://www.w3.org/1999/xlink":                                     "xlink",
	"http://purl.org/dc/elements/1.1/":                                 "dc",
	"urn:oasis:names:tc:opendocument:xmlns:meta:1.0":                   "meta",
	"urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0":              "number",
	"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0":         "svg",
	"urn:oasis:names:tc:opendocument:xmlns:chart:1.0":                  "chart",
	"urn:oasis:names:tc:opendocument:xmlns:dr3d:1.0":                   "dr3d",
	"http://www.w3.org/1998/Math/MathML":                               "math",
	"urn:oasis:names:tc:opendocument:xmlns:form:1.0":                   "form",
	"urn:oasis:names:tc:opendocument:xmlns:script:1.0":                 "script",
	"urn:oasis:names:tc:opendocument:xmlns:presentation:1.0":           "presentation",
	"urn:oasis:names:tc:opendocument:xmlns:config:1.0":                 "config",
	"http://openoffice.org/2004/office":                                "ooo",
	"http://www.w3.org/1999/xhtml":                                     "xhtml",
	"urn:oasis:names:tc:opendocument:xmlns:of:1.2":                     "of",
	"http://openoffice.org/2009/table":                                 "tableooo",
	"urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0": "field",
}

// qname renders a resolved name as "prefix:local" (undeclared prefixes
// stay as written, which is what fragments without declarations need).
func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	if p, ok := nsPrefix[n.Space]; ok {
		return p + ":" + n.Local
	}
	return n.Space + ":" + n.Local
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if qname(a.Name) == name {
			return a.Value
		}
	}
	return ""
}

// intAttr reads a positive integer attribute clamped to [1, hi]; absent or
// invalid values give 1.
func intAttr(se xml.StartElement, name string, hi int) int {
	v := strings.TrimSpace(attr(se, name))
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		if len(v) > 9 && strings.Trim(v, "0123456789") == "" {
			return hi // huge but numeric
		}
		return 1
	}
	return min(n, hi)
}

// skipFlow lists elements whose content is never document text.
var skipFlow = map[string]bool{
	"office:font-face-decls":     true,
	"office:styles":              true,
	"office:master-styles":       true,
	"office:scripts":             true,
	"office:meta":                true,
	"office:settings":            true,
	"office:forms":               true,
	"office:annotation":          true,
	"office:annotation-end":      true,
	"office:event-listeners":     true,
	"text:sequence-decls":        true,
	"text:variable-decls":        true,
	"text:user-field-decls":      true,
	"text:dde-connection-decls":  true,
	"text:tracked-changes":       true,
	"text:ruby-text":             true,
	"text:note-citation":         true,
	"svg:title":                  true,
	"svg:desc":                   true,
	"table:table-columns":        true,
	"table:table-column":         true,
	"table:table-column-group":   true,
	"table:table-header-columns": true,
	"table:covered-table-cell":   true,
	"table:title":                true,
	"table:desc":                 true,
	"office:binary-data":         true,
}

// parser holds the state of one parse. It is not safe for concurrent use.
type parser struct {
	ctx  context.Context
	dec  *xml.Decoder
	opts Options
	lim  Limits
	log  *slog.Logger

	depth      int
	tokens     int
	page       int
	paraSeen   bool
	cellCopies int
	gridArea   int   // grid area of the tables so far
	textLeft   int64 // of Limits.MaxTextBytes

	breakStyles map[string]bool // styles with fo:break-before="page"
	warnings    []string
	warned      map[string]bool
}

func newParser(ctx context.Context, r io.Reader, opts Options) *parser {
	lim := opts.Limits.withDefaults()
	dec := xml.NewDecoder(newTextRunLimiter(r, lim.MaxMarkupBytes))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	dec.CharsetReader = charsetReader
	return &parser{
		ctx:         ctx,
		dec:         dec,
		opts:        opts,
		lim:         lim,
		log:         opts.logger(),
		page:        1,
		textLeft:    lim.MaxTextBytes,
		breakStyles: map[string]bool{},
		warned:      map[string]bool{},
	}
}

// charsetReader accepts the spellings of UTF-8 (and ASCII, a subset);
// other encodings are refused with a clear error.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return r, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q", label)
}

func (p *parser) warnf(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.warned[msg] || len(p.warnings) >= maxWarnings {
		return
	}
	p.warned[msg] = true
	p.warnings = append(p.warnings, msg)
	p.log.Debug("odt: warning", "msg", msg)
}

// run parses the whole stream: the root element is read as a flow of
// block content (styles and other non-text parts are skipped on the way).
func (p *parser) run() (*document.Document, error) {
	ds := newDocSink(p)
	for {
		tok, err := p.next()
		if err == io.EOF {
			return nil, fmt.Errorf("%w: no root element", ErrMalformed)
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok {
			err := p.flowElement(se, ds)
			if errors.Is(err, errTextBudget) {
				p.warnf("document text over %d bytes: the rest of the document is not read", p.lim.MaxTextBytes)
				break
			}
			if err != nil {
				return nil, err
			}
			break
		}
	}
	return &document.Document{
		Format:   document.FormatODT,
		Blocks:   ds.Blocks,
		Warnings: p.warnings,
	}, nil
}

// next returns the next token, checking the context now and then and
// turning decoder errors into ErrMalformed.
func (p *parser) next() (xml.Token, error) {
	p.tokens++
	if p.tokens%ctxCheckEvery == 0 {
		if err := p.ctx.Err(); err != nil {
			return nil, fmt.Errorf("odt: %w", err)
		}
	}
	tok, err := p.dec.Token()
	if err == io.EOF {
		return nil, err
	}
	if err != nil {
		if errors.Is(err, errLimit) {
			return nil, err
		}
		if errors.Is(err, errMarkupTooLarge) {
			return nil, fmt.Errorf("%w: %w", ErrTooLarge, err)
		}
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return tok, nil
}

// inner is next inside an element: there the end of input means the
// document was cut short.
func (p *parser) inner() (xml.Token, error) {
	tok, err := p.next()
	if err == io.EOF {
		return nil, fmt.Errorf("%w: unexpected end of input", ErrMalformed)
	}
	return tok, err
}

// skip consumes the rest of the current element.
func (p *parser) skip() error {
	for depth := 1; depth > 0; {
		tok, err := p.inner()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// sink receives the block content of a container: the document body, a
// table cell, a note body, or a deferred list replayed later.
type sink interface {
	paragraph(pa para)
	table(t *document.Table, page int)
	block(b document.Block)
}

// para is a parsed text:p or text:h.
type para struct {
	text    string
	heading bool // text:h
	level   int  // text:outline-level of a text:h
	list    bool // inside text:list-item
	page    int
}

// deferred records content met inside a paragraph (notes, frames, text
// boxes) to be emitted after the paragraph itself.
type deferred struct {
	ops []deferredOp
}

type deferredOp struct {
	para  *para
	table *document.Table
	page  int
	block *document.Block
}

func (d *deferred) paragraph(pa para) { d.ops = append(d.ops, deferredOp{para: &pa}) }
func (d *deferred) table(t *document.Table, page int) {
	d.ops = append(d.ops, deferredOp{table: t, page: page})
}
func (d *deferred) block(b document.Block) { d.ops = append(d.ops, deferredOp{block: &b}) }

func (d *deferred) replay(s sink) {
	for _, op := range d.ops {
		switch {
		case op.para != nil:
			s.paragraph(*op.para)
		case op.table != nil:
			s.table(op.table, op.page)
		case op.block != nil:
			s.block(*op.block)
		}
	}
	d.ops = nil
}

// listSink marks paragraphs as list items.
type listSink struct{ sink }

func (l listSink) paragraph(pa para) {
	pa.list = true
	l.sink.paragraph(pa)
}

// textSink collects the text of a note body or a cell; tables found in a
// note are flattened to text, blocks (figures, nested notes) are passed on
// in extras. With keep (cells), tables are kept whole and everything is
// also recorded in rec, in order.
type textSink struct {
	parts  []string
	nested []*document.Table
	keep   bool
	extras deferred
	rec    deferred
}

func (t *textSink) paragraph(pa para) {
	if pa.text != "" {
		t.parts = append(t.parts, pa.text)
	}
	if t.keep {
		t.rec.paragraph(pa)
	}
}

func (t *textSink) table(tb *document.Table, page int) {
	if t.keep {
		t.nested = append(t.nested, tb)
		t.rec.table(tb, page)
		return
	}
	if s := document.NormalizeSpace(document.LinearizeTable(tb, "")); s != "" {
		t.parts = append(t.parts, s)
	}
}

func (t *textSink) block(b document.Block) {
	t.extras.block(b)
	if t.keep {
		t.rec.block(b)
	}
}

// text is the collected text, cut to max bytes (0: no cap); cut reports
// whether it was.
func (t *textSink) text(max int) (s string, cut bool) {
	s = document.NormalizeSpace(strings.Join(t.parts, " "))
	if max > 0 && len(s) > max {
		return truncateText(s, max), true
	}
	return s, false
}

// enter tracks element depth; false means the subtree is too deep to
// handle and must be skipped.
func (p *parser) enter() bool {
	p.depth++
	if p.depth > maxDepth {
		p.warnf("elements nested deeper than %d skipped", maxDepth)
		return false
	}
	return true
}

func (p *parser) leave() { p.depth-- }

// flow reads block content until the end of the current element.
func (p *parser) flow(s sink) error {
	return p.children(func(t xml.StartElement) error { return p.flowElement(t, s) })
}

func (p *parser) flowElement(se xml.StartElement, s sink) error {
	defer p.leave()
	if !p.enter() {
		return p.skip()
	}
	name := qname(se.Name)
	switch {
	case name == "text:p" || name == "text:h":
		return p.paragraph(se, name == "text:h", s)
	case name == "text:list":
		return p.list(s)
	case name == "table:table":
		return p.tableInto(se, s)
	case name == "text:soft-page-break":
		p.page++
		return p.skip()
	case name == "office:automatic-styles":
		return p.styles()
	case name == "draw:frame":
		var d deferred
		err := p.frame(&d)
		d.replay(s)
		return err
	case skipFlow[name]:
		return p.skip()
	default:
		// office:body, office:text, text:section, text:index-body,
		// draw:g, draw:text-box and anything unknown: transparent.
		return p.flow(s)
	}
}

func (p *parser) tableInto(se xml.StartElement, s sink) error {
	if p.breakStyles[attr(se, "table:style-name")] && p.paraSeen {
		p.page++
	}
	page := p.page
	pt, err := p.table()
	if err != nil {
		return err
	}
	if pt.isLayout() {
		for _, c := range pt.cells {
			c.replay(s)
		}
		return nil
	}
	s.table(pt.t, page)
	pt.extras.replay(s)
	return nil
}

// list reads a text:list; its items' paragraphs become list items.
func (p *parser) list(s sink) error {
	return p.flow(listSink{s})
}

// paragraph reads a text:p or text:h and hands it, then anything deferred
// inside it (notes, frames, text boxes), to s.
func (p *parser) paragraph(se xml.StartElement, heading bool, s sink) error {
	if p.breakStyles[attr(se, "text:style-name")] && p.paraSeen {
		p.page++
	}
	p.paraSeen = true
	pa := para{heading: heading, page: p.page}
	if heading {
		pa.level = intAttr(se, "text:outline-level", 10)
	}
	var sb strings.Builder
	var d deferred
	err := p.inline(&sb, &d)
	pa.text = document.NormalizeSpace(sb.String())
	s.paragraph(pa)
	d.replay(s)
	return err
}

// errTextBudget stops a parse whose text reached Limits.MaxTextBytes.
var errTextBudget = errors.New("document text budget used up")

// takeText appends text to sb, charging it to the document's text budget;
// past the budget it appends what fits and returns errTextBudget.
func (p *parser) takeText(sb *strings.Builder, t []byte) error {
	if int64(len(t)) <= p.textLeft {
		p.textLeft -= int64(len(t))
		sb.Write(t)
		return nil
	}
	fit := truncateText(string(t), int(p.textLeft))
	sb.WriteString(fit)
	p.textLeft = 0
	return errTextBudget
}

// isLayoutSpace reports white space that only pretty-prints the XML: a
// text node of white space alone that holds a line break.
func isLayoutSpace(b []byte) bool {
	nl := false
	for _, c := range b {
		switch c {
		case '\n', '\r':
			nl = true
		case ' ', '\t':
		default:
			return false
		}
	}
	return nl
}

// inline reads paragraph content until the end of the current element.
func (p *parser) inline(sb *strings.Builder, d *deferred) error {
	for {
		tok, err := p.inner()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if !isLayoutSpace(t) {
				if err := p.takeText(sb, t); err != nil {
					return err
				}
			}
		case xml.StartElement:
			if err := p.inlineElement(t, sb, d); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

func (p *parser) inlineElement(se xml.StartElement, sb *strings.Builder, d *deferred) error {
	defer p.leave()
	if !p.enter() {
		return p.skip()
	}
	name := qname(se.Name)
	switch {
	case name == "text:s" || name == "text:tab" || name == "text:line-break":
		// Spaces collapse anyway, so text:c need not be expanded.
		sb.WriteByte(' ')
		return p.skip()
	case name == "text:soft-page-break":
		p.page++
		return p.skip()
	case name == "text:note":
		return p.note(d)
	case name == "draw:frame":
		return p.frame(d)
	case name == "draw:a":
		return p.inline(sb, d)
	case strings.HasPrefix(name, "draw:"):
		// Shapes (custom-shape, rect, g, …) may hold paragraphs: they
		// become blocks of their own after the host paragraph.
		return p.flow(d)
	case name == "table:table":
		return p.tableInto(se, d)
	case name == "text:list":
		return p.list(d)
	case name == "text:p" || name == "text:h":
		// Invalid nesting: keep the text, separated.
		sb.WriteByte(' ')
		err := p.inline(sb, d)
		sb.WriteByte(' ')
		return err
	case skipFlow[name]:
		return p.skip()
	default:
		// text:span, text:a, text:ruby, text:meta, fields…: their text
		// is paragraph text.
		return p.inline(sb, d)
	}
}

// note reads a text:note: its body becomes a footnote block (the citation
// mark is dropped so it does not glue into the paragraph text).
func (p *parser) note(d *deferred) error {
	page := p.page
	var ts textSink
	if err := p.children(func(t xml.StartElement) error { return p.noteChild(t, &ts) }); err != nil {
		return err
	}
	text, cut := ts.text(p.lim.MaxParagraphBytes)
	if cut {
		p.warnf("footnote text over %d bytes cut", p.lim.MaxParagraphBytes)
	}
	if text != "" {
		d.block(document.Block{Kind: document.KindFootnote, Text: text, Page: page})
	}
	ts.extras.replay(d)
	return nil
}

func (p *parser) noteChild(se xml.StartElement, ts *textSink) error {
	defer p.leave()
	if !p.enter() {
		return p.skip()
	}
	if qname(se.Name) == "text:note-body" {
		return p.flow(ts)
	}
	return p.skip()
}

// frame reads a draw:frame: an image becomes a figure block, a text box's
// content becomes blocks; all go to d in document order.
func (p *parser) frame(d *deferred) error {
	return p.children(func(t xml.StartElement) error { return p.frameChild(t, d) })
}

func (p *parser) frameChild(se xml.StartElement, d *deferred) error {
	defer p.leave()
	if !p.enter() {
		return p.skip()
	}
	switch qname(se.Name) {
	case "draw:image":
		if href := attr(se, "xlink:href"); strings.TrimSpace(href) != "" {
			img := &document.Image{Name: cleanHref(href)}
			d.block(document.Block{Kind: document.KindFigure, Image: img, Page: p.page})
		}
		return p.skip()
	case "draw:text-box":
		return p.flow(d)
	case "draw:frame":
		return p.frame(d)
	default:
		return p.skip()
	}
}

// cleanHref turns an xlink:href into a package path: "./Pictures/a.png"
// and "/Pictures/a.png" become "Pictures/a.png". External links stay.
func cleanHref(href string) string {
	href = strings.TrimSpace(href)
	if strings.Contains(href, "://") {
		return href
	}
	c := path.Clean("/" + strings.ReplaceAll(href, "\\", "/"))
	return strings.TrimPrefix(c, "/")
}

// styles reads office:automatic-styles, noting the paragraph and table
// styles that start a new page (fo:break-before="page") so pages can be
// counted.
func (p *parser) styles() error {
	var cur string
	for depth := 1; depth > 0; {
		tok, err := p.inner()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch qname(t.Name) {
			case "style:style":
				cur = attr(t, "style:name")
			case "style:paragraph-properties", "style:table-properties":
				if cur != "" && attr(t, "fo:break-before") == "page" && len(p.breakStyles) < 1<<16 {
					p.breakStyles[cur] = true
				}
			}
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// children calls f for each child element of the current element, until
// that element ends.
func (p *parser) children(f func(xml.StartElement) error) error {
	for {
		tok, err := p.inner()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := f(t); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}
