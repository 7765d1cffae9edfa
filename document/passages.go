package document

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Passages cuts a document into retrieval passages: one per paragraph, list
// item, footnote and heading, one per table (LinearizeTable: its caption, or the line
// above that heads it (TableCaption), then its rows as text, nested
// tables included) and one per figure with
// text. A note line (IsNote: "※ …", "* …") joins the paragraph or list
// item it annotates, after a line break, as it reads in the report: Korean
// reports put the source, the contact or the condition of an item on its
// own line under it (the passage's Block is the item's). Empty blocks are
// skipped. A line that continues the one before (continues: that line
// is cut mid-phrase, after a comma, a middle dot or "및" or inside a
// parenthesis, and this one starts no new item) joins it the same way:
// an enumeration such as "※ 국세: A과(☎ …),\n관세: B과(☎ …),\n지방세: C과"
// is one passage, so the line that answers stays with the line that asks.
// Ordinals are dense and start at 0.
func Passages(d *Document) []Passage {
	var out []Passage
	block := 0 // index of b in d.Blocks
	add := func(b Block, text string) {
		text = NormalizeSpace(text)
		if text == "" {
			return
		}
		if n := len(out); n > 0 && (b.Kind == KindParagraph || b.Kind == KindListItem) && (IsNote(text) || (b.Kind == KindParagraph && continues(out[n-1].Text, text))) {
			if prev := &out[n-1]; (prev.Kind == KindParagraph || prev.Kind == KindListItem) && utf8.RuneCountInString(prev.Text)+utf8.RuneCountInString(text) <= maxNoteJoin {
				// A note or an enumerated line reads on a line of its own;
				// a phrase cut elsewhere (a middle dot, 및, an open
				// parenthesis) is one sentence with its rest.
				sep := "\n"
				if !IsNote(text) && !endsComma(prev.Text) {
					sep = " "
				}
				prev.Text += sep + text
				return
			}
		}
		n := len(out)
		out = append(out, Passage{
			ID:      PassageID(d.ID, n),
			DocID:   d.ID,
			Ordinal: n,
			Block:   block,
			Kind:    b.Kind,
			Section: strings.Join(b.Section, " > "),
			Page:    b.Page,
			Text:    text,
		})
	}
	for i, b := range d.Blocks {
		block = i
		switch b.Kind {
		case KindTable:
			add(b, LinearizeTable(b.Table, TableCaption(d.Blocks, i)))
		case KindFigure:
			text := b.Text
			if b.Image != nil && b.Image.Caption != "" && !strings.Contains(text, b.Image.Caption) {
				text = b.Image.Caption + " " + text
			}
			add(b, text)
		default:
			add(b, b.Text)
		}
	}
	return out
}

// maxNoteJoin bounds, in characters, a passage that note lines join: a
// document that uses "*" as its bullet would otherwise fold a whole list
// into the paragraph before it. Real items with their notes stay far
// below (at most 4 notes and 241 characters on field-dev).
const maxNoteJoin = 1000

// continues reports whether line continues prev: prev is cut mid-phrase
// at a line break (cutMidPhrase: it ends with a comma, a middle dot or
// "및", or leaves a parenthesis open) and line does not start a new item
// (a bullet, a circled or parenthesised number, "1.", "가.") or a note.
func continues(prev, line string) bool {
	return cutMidPhrase(prev) && !startsItem(line)
}

// endsComma reports whether text's last line ends with a comma.
func endsComma(text string) bool {
	text = strings.TrimSpace(text)
	for _, e := range commaEnds {
		if strings.HasSuffix(text, e) {
			return true
		}
	}
	return false
}

// commaEnds are the commas a line can end with.
var commaEnds = []string{",", "，", "、"}

// joinEnds end a line that a phrase goes on from: a comma (an
// enumeration), a middle dot in any of its code points ("일반용·\n산업용",
// an enumeration of nouns), a slash.
var joinEnds = append([]string{"·", "ㆍ", "･", "‧", "∙", "/"}, commaEnds...)

// cutMidPhrase reports whether the last line of prev stops where no
// sentence, item or title can: after a joinEnds mark, after the word
// "및" or "또는", or inside an open parenthesis ("감면(최대 20만원,"
// → "총 100억원)").
func cutMidPhrase(prev string) bool {
	prev = strings.TrimSpace(prev)
	if i := strings.LastIndexByte(prev, '\n'); i >= 0 {
		prev = prev[i+1:]
	}
	for _, e := range joinEnds {
		if strings.HasSuffix(prev, e) {
			return true
		}
	}
	if ws := strings.Fields(prev); len(ws) > 1 && (ws[len(ws)-1] == "및" || ws[len(ws)-1] == "또는") {
		return true
	}
	return strings.Count(prev, "(")+strings.Count(prev, "（") > strings.Count(prev, ")")+strings.Count(prev, "）")
}

// startsItem reports whether a line starts a list item: a bullet
// (BulletRank), a circled number (①–⑳), "1." "1)" "(1)" "가." "가)" "(가)",
// or a note mark.
func startsItem(line string) bool {
	line = strings.TrimSpace(line)
	if BulletRank(line) > 0 || IsNote(line) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(line)
	if r >= '①' && r <= '⑳' || r >= '㉠' && r <= '㉻' {
		return true
	}
	return itemMarkRE.MatchString(line)
}

// itemMarkRE matches an item number at the start of a line: "1." "1)"
// "(1)" "가." "가)" "(가)", followed by white space.
var itemMarkRE = regexp.MustCompile(`^(?:\(?(?:\d{1,2}|[가-하])\)|(?:\d{1,2}|[가-하])\.)\s`)

// IsNote reports whether a paragraph is a note on the line before it: it
// starts with the reference mark ※ or with asterisks ("*", "**") followed
// by text, the way Korean government reports annotate an item (주석 표시).
// A "*" that starts an emphasis or a formula ("*3", "*)") is not a note.
func IsNote(text string) bool {
	text = strings.TrimSpace(text)
	if strings.HasPrefix(text, "※") {
		return true
	}
	rest := strings.TrimLeft(text, "*")
	if len(rest) == len(text) || len(text)-len(rest) > 3 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(rest)
	return r == ' ' || unicode.Is(unicode.Hangul, r) || r == '(' || r == '’' || r == '‘' || r == '\''
}

// LinearizeTable renders a table as text for the index, the way the table
// reads: the caption, then one line per row (header rows included) with
// its cells in order, separated by spaces, a merged cell once, nested
// tables after. A row is thus the run of its cells' text, as a reader
// quoting the table (or pdftotext) writes it; "header: value" pairs were
// longer (the header repeated per row, which BM25 counts) and matched no
// quoted row.
func LinearizeTable(t *Table, caption string) string {
	if t == nil {
		return caption
	}
	var sb strings.Builder
	if caption == "" {
		caption = t.Caption
	}
	if caption != "" {
		sb.WriteString(caption)
		sb.WriteString("\n")
	}
	grid := t.Grid()
	if len(grid) == 0 {
		return sb.String()
	}
	for _, row := range grid {
		var parts []string
		prev := ""
		for c, v := range row {
			v = NormalizeSpace(v)
			if v == "" || (c > 0 && v == prev) {
				prev = v
				continue
			}
			prev = v
			parts = append(parts, v)
		}
		if len(parts) > 0 {
			sb.WriteString(strings.Join(parts, " "))
			sb.WriteString("\n")
		}
	}
	for _, n := range t.Notes {
		if n = NormalizeSpace(n); n != "" {
			sb.WriteString(n)
			sb.WriteString("\n")
		}
	}
	for _, row := range t.Rows {
		for _, cell := range row {
			for _, n := range cell.Nested {
				sb.WriteString(LinearizeTable(n, ""))
			}
		}
	}
	return sb.String()
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = NormalizeSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
