package odt

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// docSink builds the document's block list: it keeps the section path,
// turns numbered short paragraphs into headings, and attaches captions.
type docSink struct {
	p       *parser
	blocks  []document.Block
	stack   []section
	path    []string     // snapshot of stack titles, shared by blocks (clipped)
	caption map[int]bool // indices of paragraphs already used as captions
}

type section struct {
	rank  int
	title string
}

func newDocSink(p *parser) *docSink {
	return &docSink{p: p, caption: map[int]bool{}}
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
		d.heading(pa.text, pa.level, pa.page)
		return
	}
	if !pa.list {
		if rank := headingRank(pa.text); rank > 0 {
			d.heading(pa.text, rank, pa.page)
			return
		}
	}
	kind := document.KindParagraph
	if pa.list {
		kind = document.KindListItem
	}
	d.blocks = append(d.blocks, document.Block{Kind: kind, Text: pa.text, Section: d.path, Page: pa.page})
	if kind == document.KindParagraph && isFigureCaption(pa.text) {
		d.captionAfterFigure(len(d.blocks) - 1)
	}
}

// heading pops sections of the same or lower rank, emits the heading with
// the path above it, and pushes it.
func (d *docSink) heading(text string, rank, page int) {
	for len(d.stack) > 0 && d.stack[len(d.stack)-1].rank >= rank {
		d.stack = d.stack[:len(d.stack)-1]
	}
	d.blocks = append(d.blocks, document.Block{
		Kind:    document.KindHeading,
		Text:    text,
		Section: d.path[:len(d.stack):len(d.stack)],
		Level:   len(d.stack) + 1,
		Page:    page,
	})
	d.stack = append(d.stack, section{rank: rank, title: text})
	path := make([]string, len(d.stack))
	for i, s := range d.stack {
		path[i] = s.title
	}
	d.path = slices.Clip(path)
}

func (d *docSink) table(t *document.Table, page int) {
	if i := d.captionBefore(isTableCaption); i >= 0 {
		t.Caption = d.blocks[i].Text
	}
	d.blocks = append(d.blocks, document.Block{Kind: document.KindTable, Text: t.Caption, Section: d.path, Page: page, Table: t})
}

func (d *docSink) block(b document.Block) {
	b.Section = d.path
	if b.Kind == document.KindFigure && b.Image != nil && b.Image.Caption == "" {
		if i := d.captionBefore(isFigureCaption); i >= 0 {
			b.Image.Caption = d.blocks[i].Text
			b.Text = b.Image.Caption
		}
	}
	d.blocks = append(d.blocks, b)
}

// captionBefore finds an unused caption among the last two paragraphs
// (footnotes skipped), stopping at any other kind of block.
func (d *docSink) captionBefore(match func(string) bool) int {
	seen := 0
	for i := len(d.blocks) - 1; i >= 0 && seen < 2; i-- {
		b := d.blocks[i]
		switch b.Kind {
		case document.KindFootnote:
			continue
		case document.KindParagraph:
			seen++
			if !d.caption[i] && match(b.Text) {
				d.caption[i] = true
				return i
			}
		default:
			return -1
		}
	}
	return -1
}

// captionAfterFigure gives the caption paragraph at index i to the figure
// just before it, if that figure has none (footnotes and one other
// paragraph may sit between them).
func (d *docSink) captionAfterFigure(i int) {
	paras := 0
	for j := i - 1; j >= 0 && paras < 2; j-- {
		b := &d.blocks[j]
		switch b.Kind {
		case document.KindFootnote:
			continue
		case document.KindParagraph:
			paras++
			continue
		case document.KindFigure:
			if b.Image != nil && b.Image.Caption == "" {
				b.Image.Caption = d.blocks[i].Text
				b.Text = b.Image.Caption
				d.caption[i] = true
			}
		}
		return
	}
}

// Caption patterns: "[표 6-6] …", "<표 3-1> …", "〈그림 2〉 …", "표 2. …".
var (
	tableCaptionRe  = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
	figureCaptionRe = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:그림|Figure|Fig\.?)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:그림|Figure|Fig\.)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
)

const maxCaptionRunes = 150

func isTableCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && tableCaptionRe.MatchString(s)
}

func isFigureCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && figureCaptionRe.MatchString(s)
}

// headingPatterns are the numbering schemes of Korean reports, outermost
// first; rank orders them (a decimal "6.1" ranks by its depth).
var headingPatterns = []struct {
	re       *regexp.Regexp
	rank     int
	bareOK   bool // the marker alone ("제1장") may be the whole heading
	decimals bool // rank = 2 + number of dotted groups
}{
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*편(?:\s+|$)`), rank: 1, bareOK: true},
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*장(?:\s+|$)`), rank: 2, bareOK: true},
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*절(?:\s+|$)`), rank: 3, bareOK: true},
	{re: regexp.MustCompile(`^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]{1,4}\s*[.．]?\s*`), rank: 4},
	{re: regexp.MustCompile(`^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+`), rank: 4},
	{re: regexp.MustCompile(`^\d{1,2}(?:\.\d{1,2}){1,4}\.?\s+`), decimals: true},
	{re: regexp.MustCompile(`^\d{1,2}\.\s*`), rank: 5},
	{re: regexp.MustCompile(`^[가나다라마바사아자차카타파하]\.\s*`), rank: 6},
	{re: regexp.MustCompile(`^\(\d{1,2}\)\s*`), rank: 7},
	{re: regexp.MustCompile(`^\d{1,2}\)\s*`), rank: 8},
	{re: regexp.MustCompile(`^\([가나다라마바사아자차카타파하]\)\s*`), rank: 9},
	{re: regexp.MustCompile(`^[가나다라마바사아자차카타파하]\)\s*`), rank: 10},
}

const maxHeadingRunes = 60

// tocPageRe matches a trailing page number as tables of contents print it
// ("제1장 서론1", "Ⅱ. 시장현황 4", "개요 ···· 12").
var tocPageRe = regexp.MustCompile(`(?:[^\d\s.,]\s?|[.·…]\s*)\d{1,3}$`)

// headingRank returns the rank (1 = outermost) of a paragraph that looks
// like a numbered section heading, or 0. A heading is short, starts with a
// numbering marker followed by a word, does not end like a sentence, and
// is not a table-of-contents line.
func headingRank(s string) int {
	if utf8.RuneCountInString(s) > maxHeadingRunes {
		return 0
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".。!?:;,다음함임", last) {
		return 0
	}
	if tocPageRe.MatchString(s) || strings.Contains(s, "···") || strings.Contains(s, "…") {
		return 0
	}
	for _, hp := range headingPatterns {
		loc := hp.re.FindStringIndex(s)
		if loc == nil {
			continue
		}
		rest := s[loc[1]:]
		if rest == "" {
			if hp.bareOK {
				return hp.rank
			}
			return 0
		}
		first, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsLetter(first) && !strings.ContainsRune("(「『“\"'", first) {
			return 0
		}
		if hp.decimals {
			groups := strings.Count(strings.TrimRight(strings.TrimSpace(s[:loc[1]]), "."), ".") + 1
			return min(2+groups, 9)
		}
		return hp.rank
	}
	return 0
}
