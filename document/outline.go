package document

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Caption patterns: "[표 6-6] …", "<표 3-1> …", "〈그림 2〉 …", "표 2. …".
var (
	tableCaptionRe  = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
	figureCaptionRe = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:그림|Figure|Fig\.?)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:그림|Figure|Fig\.)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
)

// maxCaptionRunes is the longest paragraph taken for a caption.
const maxCaptionRunes = 150

// IsTableCaption reports whether a paragraph reads as a table caption
// ("[표 6-6] …", "<표 3-1> …", "표 2. …"), at most 150 runes long.
func IsTableCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && tableCaptionRe.MatchString(s)
}

// IsFigureCaption reports whether a paragraph reads as a figure caption
// ("[그림 2-1] …", "〈그림 2〉 …", "Figure 3. …"), at most 150 runes long.
func IsFigureCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && figureCaptionRe.MatchString(s)
}

// headingPatterns are the numbering schemes of Korean reports, outermost
// first; rank orders them (a decimal "6.1" ranks by its depth).
var headingPatterns = []struct {
	re       *regexp.Regexp
	rank     int
	bareOK   bool // the marker alone ("제1장") may be the whole heading
	decimals bool // rank = HeadingRules.DecimalBase + number of dotted groups
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

// maxHeadingRunes is the longest paragraph taken for a numbered heading.
const maxHeadingRunes = 60

// tocPageRe matches a trailing page number as tables of contents print it
// ("제1장 서론1", "Ⅱ. 시장현황 4", "개요 ···· 12").
var tocPageRe = regexp.MustCompile(`(?:[^\d\s.,]\s?|[.·…]\s*)\d{1,3}$`)

// tocTitles are the titles of a table of contents, spaces and brackets
// removed, lower case: 목차, 차례, 순서 (Korean government reports, often
// letter-spaced "목 차", "순 서"), 目次, 目錄, "Contents".
var tocTitles = map[string]bool{
	"목차": true, "차례": true, "순서": true, "目次": true, "目錄": true, "目录": true,
	"contents": true, "tableofcontents": true,
}

// IsTOCTitle reports whether a heading is the title of a table of contents
// ("목 차", "순 서", "[ 차 례 ]", "Contents"): such a heading names the
// contents pages only, so parsers never make it the section parent of
// the text after them.
func IsTOCTitle(s string) bool {
	if utf8.RuneCountInString(s) > 40 {
		return false
	}
	key := strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
	return tocTitles[key]
}

// fieldLabelRe matches a form's bracketed field label at the start of a
// line ("【발명의 명칭】 …", "【청구항 1】"), the way patent specifications
// and applications (KIPO forms) label their fields; group 1 is the label.
var fieldLabelRe = regexp.MustCompile(`^\s*【\s*([^】]{1,30}?)\s*】\s*`)

// attachmentRe: bracketed markers of attachments and references
// ("【붙임1】", "【별 첨】", "【참 고】") head sections of a report; they are
// not field labels.
var attachmentRe = regexp.MustCompile(`^(?:붙\s*임|별\s*첨|별\s*지|별\s*표|참\s*고|부\s*록|첨\s*부)`)

// FieldLabel splits a line that opens with a form's bracketed field label
// ("【발명의 명칭】 전자 문서…") into the label and the value after it
// (empty when the value follows on the next lines); ok is false for any
// other line, and for bracketed attachment markers ("【붙임1】 …"), which
// head sections. A field label labels its value: it is never a heading.
func FieldLabel(s string) (label, value string, ok bool) {
	m := fieldLabelRe.FindStringSubmatchIndex(s)
	if m == nil || attachmentRe.MatchString(s[m[2]:m[3]]) {
		return "", "", false
	}
	return strings.TrimSpace(s[:m[1]]), strings.TrimSpace(s[m[1]:]), true
}

// HeadingRules are the two points on which parsers rank numbered headings
// differently; everything else (the numbering schemes, the length limit,
// the sentence endings, table-of-contents lines) is common. HeadingRank
// is HeadingRules{DecimalBase: 4}.Rank (HWP/HWPX: "3.1" sits under "3.").
// The ODT parser keeps HeadingRules{DecimalBase: 2, NoExclaim: true}, as
// it always ranked: there a decimal heading shares the scale with text:h
// outline levels, and the HWP ranks change the section paths of the
// agc-dev reports (measured with policyqa parse).
type HeadingRules struct {
	// DecimalBase: a decimal heading ("3.1", "3.1.2"; at most five
	// groups) ranks DecimalBase plus its number of dotted groups.
	DecimalBase int
	// NoExclaim: a paragraph ending in "!" is no heading (otherwise a
	// pledge ending in "!", common in press-release headings, may be one).
	NoExclaim bool
}

// HeadingRank returns the rank (1 = outermost, up to 10) of a paragraph
// that looks like a numbered section heading of a Korean report ("제1장",
// "Ⅱ.", "1.", "3.1", "가.", "(1)", "1)", "(가)", "가)"; a decimal "3.1"
// ranks below "3." and "3.1.2" below it), or 0. A heading is at most 60
// runes, starts with a numbering marker followed by a word, does not end
// like a sentence (., :, 다, 함, 임 …; a pledge ending in "!", common in
// press-release headings, is allowed), and is not a table-of-contents line
// (trailing page number, leader dots).
func HeadingRank(s string) int {
	return HeadingRules{DecimalBase: 4}.Rank(s)
}

// Rank returns the rank of a paragraph as a numbered heading under these
// rules, or 0; see HeadingRank.
func (r HeadingRules) Rank(s string) int {
	if utf8.RuneCountInString(s) > maxHeadingRunes {
		return 0
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".。?:;,다음함임", last) || r.NoExclaim && last == '!' {
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
			return r.DecimalBase + groups
		}
		return hp.rank
	}
	return 0
}

// Outliner builds a document's block list for parsers that meet
// paragraphs, headings, tables and figures one at a time in reading order
// (ODT, HWP/HWPX): it keeps the section path of the headings met so far,
// makes numbered short paragraphs headings, and pairs "[표 …]"/"[그림 …]"
// caption paragraphs with the table or figure they name. The zero value
// ranks headings with HeadingRank.
type Outliner struct {
	// Blocks is the block list so far; callers append tables, figures and
	// footnotes themselves (with Section: o.Path()).
	Blocks []Block
	// Rank ranks a paragraph as a numbered heading (0: none); nil means
	// HeadingRank.
	Rank func(string) int

	stack   []outlineSection
	path    []string     // titles of stack, shared by the blocks under it (clipped)
	caption map[int]bool // indices of paragraphs already taken as captions
	// label is 1 + the index of a field label without its value
	// ("【청구항 1】" alone on its line), while it is the last block: the
	// next paragraph is its value and joins it. 0: none.
	label int
}

type outlineSection struct {
	rank  int
	title string
}

// Path returns the current section path (outermost heading first). The
// slice is shared by every block under those headings and clipped, so an
// append by a caller copies it.
func (o *Outliner) Path() []string { return o.path }

// Heading pops the sections of the same or a lower rank (a larger or equal
// number), appends the heading with the path above it as its Section and
// pushes it. The title of a table of contents (IsTOCTitle) closes every
// section before it (the cover's) and is not pushed: the text after the
// contents is under neither. A form's field label (FieldLabel) is a
// paragraph, joined by its value when that follows alone.
func (o *Outliner) Heading(text string, rank, page int) {
	if IsTOCTitle(text) {
		o.stack, o.path = o.stack[:0], nil
		o.Blocks = append(o.Blocks, Block{Kind: KindHeading, Text: text, Level: 1, Page: page})
		return
	}
	if _, value, ok := FieldLabel(text); ok {
		o.Blocks = append(o.Blocks, Block{Kind: KindParagraph, Text: text, Section: o.path, Page: page})
		if value == "" {
			o.label = len(o.Blocks)
		}
		return
	}
	for len(o.stack) > 0 && o.stack[len(o.stack)-1].rank >= rank {
		o.stack = o.stack[:len(o.stack)-1]
	}
	o.Blocks = append(o.Blocks, Block{
		Kind:    KindHeading,
		Text:    text,
		Section: o.path[:len(o.stack):len(o.stack)],
		Level:   len(o.stack) + 1,
		Page:    page,
	})
	o.stack = append(o.stack, outlineSection{rank: rank, title: text})
	path := make([]string, len(o.stack))
	for i, s := range o.stack {
		path[i] = s.title
	}
	o.path = slices.Clip(path)
}

// Paragraph appends a non-empty paragraph (a list item when list): a
// paragraph that ranks as a numbered heading becomes one, and a figure
// caption goes to the uncaptioned figure just before it.
func (o *Outliner) Paragraph(text string, list bool, page int) {
	if text == "" {
		return
	}
	if !list {
		rank := o.Rank
		if rank == nil {
			rank = HeadingRank
		}
		if r := rank(text); r > 0 {
			o.Heading(text, r, page)
			return
		}
	}
	kind := KindParagraph
	if list {
		kind = KindListItem
	}
	if o.label > 0 && o.label == len(o.Blocks) {
		// The value of the field label just before it.
		o.label = 0
		o.Blocks[len(o.Blocks)-1].Text += " " + text
		return
	}
	if _, value, ok := FieldLabel(text); ok && value == "" {
		o.label = len(o.Blocks) + 1
	}
	o.Blocks = append(o.Blocks, Block{Kind: kind, Text: text, Section: o.path, Page: page})
	if kind == KindParagraph && IsFigureCaption(text) {
		o.captionAfterFigure(len(o.Blocks) - 1)
	}
}

// CaptionBefore returns the text of an unused caption among the last two
// paragraphs (footnotes skipped, any other kind of block stops the look)
// that match reads as a caption (IsTableCaption, IsFigureCaption), and
// marks it used; ok is false when there is none.
func (o *Outliner) CaptionBefore(match func(string) bool) (caption string, ok bool) {
	seen := 0
	for i := len(o.Blocks) - 1; i >= 0 && seen < 2; i-- {
		b := o.Blocks[i]
		switch b.Kind {
		case KindFootnote:
			continue
		case KindParagraph:
			seen++
			if !o.caption[i] && match(b.Text) {
				o.markCaption(i)
				return b.Text, true
			}
		default:
			return "", false
		}
	}
	return "", false
}

// captionAfterFigure gives the caption paragraph at index i to the figure
// just before it, if that figure has none (footnotes and one other
// paragraph may sit between them).
func (o *Outliner) captionAfterFigure(i int) {
	paras := 0
	for j := i - 1; j >= 0 && paras < 2; j-- {
		b := &o.Blocks[j]
		switch b.Kind {
		case KindFootnote:
			continue
		case KindParagraph:
			paras++
			continue
		case KindFigure:
			if b.Image != nil && b.Image.Caption == "" {
				b.Image.Caption = o.Blocks[i].Text
				b.Text = b.Image.Caption
				o.markCaption(i)
			}
		}
		return
	}
}

func (o *Outliner) markCaption(i int) {
	if o.caption == nil {
		o.caption = map[int]bool{}
	}
	o.caption[i] = true
}

// IsLayoutCell reports whether a table cell holding paras non-empty
// paragraphs of runes runes in all makes its table a layout box rather
// than data (HWP authors box text in tables: a form whose cells hold
// whole sections): 5 paragraphs and 300 runes or more. Their content reads
// better as ordinary blocks than as a grid; the ODT and HWP parsers share
// the rule, so an HWP and its ODT conversion unbox the same tables.
func IsLayoutCell(paras, runes int) bool {
	return paras >= layoutCellParas && runes >= layoutCellRunes
}

const (
	layoutCellParas = 5
	layoutCellRunes = 300
)
