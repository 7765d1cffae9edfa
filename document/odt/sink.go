package odt

import (
	"github.com/policyqa/policyqa/document"
)

// docSink builds the document's block list through a document.Outliner
// (section path, numbered headings, captions), splitting paragraphs over
// the limit first.
type docSink struct {
	p *parser
	document.Outliner
}

// odtHeadingRank is the ODT parser's numbered-heading rank (decimal
// headings ranked 2 + groups, none ending in "!"; see document.HeadingRules).
func odtHeadingRank(s string) int {
	return document.HeadingRules{DecimalBase: 2, NoExclaim: true}.Rank(s)
}

func newDocSink(p *parser) *docSink {
	return &docSink{p: p, Outliner: document.Outliner{Rank: odtHeadingRank}}
}

func (d *docSink) paragraph(pa para) {
	if pa.text == "" {
		return
	}
	if max := d.p.lim.MaxParagraphBytes; len(pa.text) > max {
		d.p.warnf("paragraph over %d bytes split", max)
		for _, part := range splitText(pa.text, max) {
			pp := pa
			pp.text = part
			pp.heading = false
			d.paragraph(pp)
		}
		return
	}
	if pa.heading {
		d.Heading(pa.text, pa.level, pa.page)
		return
	}
	d.Paragraph(pa.text, pa.list, pa.page)
}

func (d *docSink) table(t *document.Table, page int) {
	if c, ok := d.CaptionBefore(document.IsTableCaption); ok {
		t.Caption = c
	}
	d.Blocks = append(d.Blocks, document.Block{Kind: document.KindTable, Text: t.Caption, Section: d.Path(), Page: page, Table: t})
}

func (d *docSink) block(b document.Block) {
	b.Section = d.Path()
	if b.Kind == document.KindFigure && b.Image != nil && b.Image.Caption == "" {
		if c, ok := d.CaptionBefore(document.IsFigureCaption); ok {
			b.Image.Caption = c
			b.Text = b.Image.Caption
		}
	}
	d.Blocks = append(d.Blocks, b)
}
