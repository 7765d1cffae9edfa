package document

import (
	"strings"
	"unicode/utf8"
)

// A passage cut from a report often leaves the words that say what it is
// about in the lines above it: an item "◦ (기간) ’24.3.1.~’25.2.28." sits
// under "□ 사업 개요" in a report whose title names the programme, and a
// table's rows sit under a line "◦ 교육기관 현황 : 총 12개" that is not its
// caption. Context collects those lines for one block so that retrieval
// and the solvers can read a passage with its headings (the heading chain
// of BM25F-style field weighting: the context counts, with less weight
// than the passage's own text).

// Context is the heading context of a block: the document's title, the
// block's section path, and the lead lines above it (LeadLines).
type Context struct {
	Title   string
	Section string
	Lead    []string
}

// String joins the context's parts with " / " (title, section, lead lines
// from the outermost in), each once.
func (c Context) String() string {
	var parts []string
	seen := map[string]bool{}
	for _, s := range append([]string{c.Title, c.Section}, c.Lead...) {
		s = NormalizeSpace(s)
		if s != "" && !seen[s] {
			seen[s] = true
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " / ")
}

// BlockContext returns the context of d.Blocks[i]; the zero Context for
// an index out of range.
func BlockContext(d *Document, i int) Context {
	if d == nil || i < 0 || i >= len(d.Blocks) {
		return Context{}
	}
	return Context{Title: Title(d), Section: strings.Join(d.Blocks[i].Section, " > "), Lead: LeadLines(d.Blocks, i)}
}

// titleScan is how many leading blocks Title looks at.
const titleScan = 8

// Title is the document's title as a report prints it: its first heading
// among the first blocks, else its first paragraph of at most 80
// characters that is not a date or a page number; "" when none.
func Title(d *Document) string {
	if d == nil {
		return ""
	}
	for i, b := range d.Blocks {
		if i >= titleScan {
			break
		}
		if b.Kind == KindHeading && hasLetters(b.Text, 4) {
			return NormalizeSpace(b.Text)
		}
	}
	for i, b := range d.Blocks {
		if i >= titleScan {
			break
		}
		if b.Kind == KindParagraph && utf8.RuneCountInString(b.Text) <= 80 && hasLetters(b.Text, 4) {
			return NormalizeSpace(b.Text)
		}
	}
	return ""
}

// leadScan bounds how far back LeadLines looks, in blocks.
const leadScan = 40

// leadMaxRunes bounds a lead line: a heading or item title, not a body
// paragraph.
const leadMaxRunes = 120

// LeadLines returns the lines that head blocks[i], outermost first:
//
//   - a table or a figure is headed by the nearest short line above it (a
//     heading, or a paragraph of at most leadMaxRunes characters that is
//     not a note, "※ …", "* …"): the line that names what its rows list;
//   - an item with a bullet of rank r (BulletRank: □ 1, ○◦ㅇ 2, - 3), and
//     that line in turn, by the nearest line above of each smaller rank,
//     up to a rank-1 item or a heading;
//   - a paragraph without a bullet (or a line above a table without one)
//     by the nearest rank-1 item or heading above it.
//
// The walk stops at a heading (which is included) and at another table or
// figure; notes are skipped.
func LeadLines(blocks []Block, i int) []string {
	if i < 0 || i >= len(blocks) {
		return nil
	}
	b := blocks[i]
	var out []string
	rank := 0 // 0: looking for a rank-1 item or a heading
	first := b.Kind == KindTable || b.Kind == KindFigure
	switch b.Kind {
	case KindHeading:
		return nil
	case KindParagraph, KindListItem:
		if rank = BulletRank(b.Text); rank == 1 {
			rank = -1 // only a heading heads a rank-1 item
		}
	}
scan:
	for j := i - 1; j >= 0 && j >= i-leadScan; j-- {
		c := blocks[j]
		if c.Kind == KindTable || c.Kind == KindFigure {
			break
		}
		text := NormalizeSpace(c.Text)
		if text == "" || IsNote(text) {
			continue
		}
		if c.Kind == KindHeading {
			if !first || utf8.RuneCountInString(text) <= leadMaxRunes {
				out = append(out, text)
			}
			break
		}
		if c.Kind != KindParagraph && c.Kind != KindListItem {
			continue
		}
		short := utf8.RuneCountInString(text) <= leadMaxRunes
		r := BulletRank(text)
		if first {
			if !short {
				continue
			}
			first = false
			out = append(out, text)
			if r == 1 {
				break scan
			}
			rank = r
			continue
		}
		switch {
		case rank == 0 && r == 1, rank > 0 && r > 0 && r < rank:
			if short {
				out = append(out, text)
			}
			if r == 1 {
				break scan
			}
			rank = r
		}
	}
	for l, r := 0, len(out)-1; l < r; l, r = l+1, r-1 {
		out[l], out[r] = out[r], out[l]
	}
	return out
}

// BulletRank is the outline rank of a Korean report line by its bullet:
// 1 for □ ■ ◆ ◇ ▣ and Roman or "1." headings' boxes, 2 for ○ ◦ ㅇ ● ∘ ▪ •,
// 3 for - – ‐ · ∙, 0 for a line without one. (The ranks follow the
// outline Korean government reports use: □ items hold ○ items, which hold
// - items; notes "※ …", "* …" annotate the line above and have no rank.)
func BulletRank(text string) int {
	text = strings.TrimSpace(text)
	r, size := utf8.DecodeRuneInString(text)
	if size == 0 {
		return 0
	}
	switch r {
	case '□', '■', '◆', '◇', '▣', '❏', '❑':
		return 1
	case '○', '◦', '●', '∘', '▪', '•', '◎', '▸', '▶':
		return 2
	case 'ㅇ':
		if rest := text[size:]; rest == "" || rest[0] == ' ' {
			return 2
		}
	case '-', '–', '‐', '·', '∙', '⁃':
		return 3
	}
	return 0
}

// hasLetters reports whether s holds at least n Hangul syllables or Latin
// letters.
func hasLetters(s string, n int) bool {
	k := 0
	for _, r := range s {
		if r >= 0xAC00 && r <= 0xD7A3 || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			if k++; k >= n {
				return true
			}
		}
	}
	return false
}

// TableCaption is the caption of the table in blocks[i]: the table's own,
// else the block's text, else the nearest line above that heads it
// (LeadLines: "◦ 교육기관 현황 : 총 12개" over the rows that list them);
// "" when none.
func TableCaption(blocks []Block, i int) string {
	if i < 0 || i >= len(blocks) {
		return ""
	}
	b := blocks[i]
	if b.Table != nil && b.Table.Caption != "" {
		return b.Table.Caption
	}
	if b.Text != "" {
		return b.Text
	}
	if lead := LeadLines(blocks, i); len(lead) > 0 {
		return lead[len(lead)-1]
	}
	return ""
}
