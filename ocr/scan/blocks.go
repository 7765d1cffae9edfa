package scan

import (
	"context"
	"image"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/pdf"
	"github.com/policyqa/policyqa/ocr"
)

// Blocks turns pages read by Reader into document blocks in reading order,
// the way a text page's are made: the words of the running text become
// positioned runs for pdf.Rebuild, which rebuilds lines, joins them into
// paragraphs by geometry (line pitch, right margin, indents, bullets,
// across pages too), finds headings, captions and footnotes, and drops
// running headers; tables read cell by cell take their place between the
// paragraphs (with the caption line above them); margin text becomes
// vertical lines, kept once per document.
func Blocks(pages []*Page) []document.Block {
	var texts []pdf.PageText
	tables := map[string]*Table{}
	for _, p := range pages {
		texts = append(texts, p.pageText(tables))
	}
	var out []document.Block
	for _, b := range pdf.Rebuild(texts) {
		out = expand(out, b, tables)
	}
	return out
}

// placeholder stands for a table among the runs: private-use characters,
// which no OCR text holds, around a key in private-use characters too (not
// digits: pdf.Rebuild takes lines that differ only in digits for running
// headers).
var placeholderRE = regexp.MustCompile("\uE000[\uE100-\uE1FF]+\uE001")

func placeholder(k int) string {
	key := []rune{0xE000}
	for {
		key = append(key, rune(0xE100+k%256))
		if k /= 256; k == 0 {
			break
		}
	}
	return string(append(key, 0xE001))
}

// pageText makes the runs of a page: one run per word (syllables the
// engine reports one by one are joined first, see ocr.LineText), a
// space run between words, sizes from the line heights, PDF points with
// the origin at the bottom left. Each table is one placeholder run at its
// left edge, half way down; margin lines are vertical runs.
func (p *Page) pageText(tables map[string]*Table) pdf.PageText {
	dpi := float64(p.DPI)
	if dpi <= 0 {
		dpi = DefaultDPI
	}
	pt := func(px int) float64 { return float64(px) * 72 / dpi }
	h := p.Size.Y
	out := pdf.PageText{Number: p.Number, Box: [4]float64{0, 0, pt(p.Size.X), pt(h)}}
	body := bodySize(p.Lines)
	for _, l := range p.Lines {
		size := lineSize(l)
		if body > 0 && size > 0.88*body && size < 1.12*body {
			size = body
		}
		size = size * 72 / dpi
		y := pt(h - l.Box.Max.Y)
		words := joinSyllables(l.Words)
		for i, w := range words {
			if i > 0 {
				gap := pt(w.Box.Min.X - words[i-1].Box.Max.X)
				// A space of a nominal width: the rest of the gap is
				// justification's stretch, which tells Rebuild that the
				// line broke at a word (see its line joining).
				if gap < 2*size {
					out.Runs = append(out.Runs, pdf.Run{Text: " ", X: pt(words[i-1].Box.Max.X), Y: y, W: 0.3 * size, Size: size})
				}
			}
			out.Runs = append(out.Runs, pdf.Run{Text: w.Text, X: pt(w.Box.Min.X), Y: y, W: pt(w.Box.Dx()), Size: size})
		}
	}
	for i := range p.Tables {
		t := &p.Tables[i]
		k := len(tables)
		tables[placeholder(k)] = t
		// At the table's middle height, in body size: its own line, between
		// the lines above and below the table (a caption line just above
		// would share a baseline with the table's top edge).
		size := 10.0
		if body > 0 {
			size = body * 72 / dpi
		}
		out.Runs = append(out.Runs, pdf.Run{Text: placeholder(k), X: pt(t.Box.Min.X), Y: pt(h - (t.Box.Min.Y+t.Box.Max.Y)/2), W: pt(t.Box.Dx()), Size: size})
	}
	for _, l := range p.Margin {
		out.Runs = append(out.Runs, pdf.Run{Text: l.Text, X: pt(l.Box.Min.X), Y: pt(h - l.Box.Min.Y), W: pt(l.Box.Dy()), Size: pt(l.Box.Dx()), Vertical: true})
	}
	return out
}

// expand appends b to out, with placeholders replaced by the tables they
// stand for; text around a placeholder stays a paragraph. A caption just
// before a table on its page (a paragraph such as "<표 3> …" or
// "< ’24년 … >") becomes the table's caption.
func expand(out []document.Block, b document.Block, tables map[string]*Table) []document.Block {
	locs := placeholderRE.FindAllStringIndex(b.Text, -1)
	if len(locs) == 0 {
		return append(out, b)
	}
	text := func(s string) {
		if s = document.NormalizeSpace(s); s != "" {
			nb := b
			nb.Kind, nb.Text, nb.Level = document.KindParagraph, s, 0
			out = append(out, nb)
		}
	}
	prev := 0
	for _, loc := range locs {
		text(b.Text[prev:loc[0]])
		prev = loc[1]
		t := tables[b.Text[loc[0]:loc[1]]]
		if t == nil {
			continue
		}
		tb := b
		tb.Kind, tb.Text, tb.Level, tb.Table = document.KindTable, "", 0, t.Document()
		if n := len(out); n > 0 && out[n-1].Page == b.Page && (out[n-1].Kind == document.KindParagraph || out[n-1].Kind == document.KindHeading) && isCaption(out[n-1].Text) {
			tb.Text = out[n-1].Text
			out = out[:n-1]
		}
		tb.Table.Caption = tb.Text
		out = append(out, tb)
	}
	text(b.Text[prev:])
	return out
}

// isCaption reports a table caption: "<표 1> …", "[표] …", or a short
// line in angle brackets ("< ’24년 대학별 사업비 배분(안) >").
func isCaption(s string) bool {
	if document.IsTableCaption(s) {
		return true
	}
	s = strings.TrimSpace(s)
	return len([]rune(s)) <= 60 && (strings.HasPrefix(s, "<") && strings.HasSuffix(s, ">") || strings.HasPrefix(s, "〈") && strings.HasSuffix(s, "〉"))
}

// lineSize is the line's text height in pixels as a font size: the lower
// quartile of the heights of its words that hold Hangul (a syllable fills
// about 0.9 em; the engine's box of a word is now and then much taller
// than the word), else the median of all words (digits and capitals:
// about 0.72 em).
func lineSize(l Line) float64 {
	var hangul, other []int
	for _, w := range l.Words {
		if strings.IndexFunc(w.Text, func(r rune) bool { return unicode.Is(unicode.Hangul, r) }) >= 0 {
			hangul = append(hangul, w.Box.Dy())
		} else {
			other = append(other, w.Box.Dy())
		}
	}
	if len(hangul) > 0 {
		sort.Ints(hangul)
		return float64(hangul[len(hangul)/4]) / 0.9
	}
	if len(other) > 0 {
		return float64(median(other)) / 0.72
	}
	return float64(l.Box.Dy())
}

// bodySize is the page's most common line size (by characters), in
// pixels, with sizes within 5% counted together.
func bodySize(lines []Line) float64 {
	count := map[int]int{}
	for _, l := range lines {
		count[int(lineSize(l)/2)] += len([]rune(l.Text))
	}
	best, n := 0, 0
	for k, c := range count {
		if c > n || c == n && k < best {
			best, n = k, c
		}
	}
	if n == 0 {
		return 0
	}
	return float64(best*2 + 1)
}

func median(v []int) int {
	s := append([]int(nil), v...)
	sort.Ints(s)
	return s[len(s)/2]
}

// joinSyllables merges the engine's words of one line into words as
// printed (ocr.Spaces).
func joinSyllables(ws []ocr.Word) []ocr.Word {
	sp := ocr.Spaces(ws)
	var out []ocr.Word
	for i, w := range ws {
		t := strings.TrimSpace(w.Text)
		if t == "" {
			continue
		}
		w.Text = t
		if n := len(out); n > 0 && !sp[i] {
			out[n-1].Text += t
			out[n-1].Box = out[n-1].Box.Union(w.Box)
			out[n-1].Conf = min(out[n-1].Conf, w.Conf)
			continue
		}
		out = append(out, w)
	}
	return out
}

// ReadImage reads a picture of text (a scanned insert or an outlined
// heading on a page that otherwise has a text layer, a figure that holds
// text) as ReadPage reads a page, and returns its blocks as Blocks makes
// them (Page 0: the caller places them). The image is taken to be at
// r.DPI (default DefaultDPI): rule lengths and bullet sizes scale with it.
func (r *Reader) ReadImage(ctx context.Context, img image.Image) ([]document.Block, error) {
	p, err := r.ReadPage(ctx, ocr.Gray(img))
	if err != nil {
		return nil, err
	}
	return Blocks([]*Page{p}), nil
}
