package render

import (
	"bufio"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// writeMarkdown renders d as Markdown: a title and facts list, page
// markers as HTML comments, headings by level, list items, footnotes as
// quotes, tables as HTML tables (Markdown's own cannot span cells) and
// figures as image references with their text.
func writeMarkdown(w io.Writer, d *document.Document) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# %s\n\n", mdInline(d.ID))
	if d.Path != "" {
		fmt.Fprintf(bw, "- file: `%s`\n", d.Path)
	}
	facts := string(d.Format)
	if d.Pages > 0 {
		facts += fmt.Sprintf(", %d pages", d.Pages)
	}
	fmt.Fprintf(bw, "- format: %s\n", facts)
	if s := sourceSummary(d.PageSources); s != "" {
		fmt.Fprintf(bw, "- text: %s\n", s)
	}
	fmt.Fprintf(bw, "- blocks: %d\n", len(d.Blocks))
	for _, warn := range d.Warnings {
		fmt.Fprintf(bw, "- warning: %s\n", mdInline(warn))
	}
	pg := newPager(d, func(page int, ps document.PageSource, known bool) error {
		if known {
			fmt.Fprintf(bw, "\n<!-- page %d: %s -->\n", page, pageLabel(ps))
		} else {
			fmt.Fprintf(bw, "\n<!-- page %d -->\n", page)
		}
		return nil
	})
	var lastSection string
	for _, b := range d.Blocks {
		if err := pg.at(b.Page); err != nil {
			return err
		}
		if b.Kind != document.KindHeading {
			if s := strings.Join(b.Section, " > "); s != lastSection && s != "" {
				fmt.Fprintf(bw, "\n<!-- section: %s -->\n", strings.ReplaceAll(s, "--", "- -"))
				lastSection = s
			}
		}
		bw.WriteString("\n")
		switch b.Kind {
		case document.KindHeading:
			level := min(max(b.Level, 1)+1, 6)
			fmt.Fprintf(bw, "%s %s\n", strings.Repeat("#", level), mdInline(b.Text))
			lastSection = strings.Join(append(append([]string(nil), b.Section...), b.Text), " > ")
		case document.KindListItem:
			fmt.Fprintf(bw, "- %s\n", mdInline(b.Text))
		case document.KindFootnote:
			fmt.Fprintf(bw, "> [footnote] %s\n", mdInline(b.Text))
		case document.KindTable:
			writeMarkdownTable(bw, b)
		case document.KindFigure:
			name := ""
			caption := b.Text
			if b.Image != nil {
				name = b.Image.Name
				if b.Image.Caption != "" {
					caption = b.Image.Caption
				}
			}
			fmt.Fprintf(bw, "![%s](%s)\n", mdInline(firstLine(caption)), strings.ReplaceAll(name, " ", "%20"))
			if b.Text != "" && b.Text != caption {
				for _, line := range strings.Split(b.Text, "\n") {
					fmt.Fprintf(bw, "> %s\n", mdInline(line))
				}
			}
			if b.Table != nil {
				bw.WriteString("\n")
				writeHTMLTable(bw, b.Table, 0)
			}
		default:
			fmt.Fprintf(bw, "%s\n", mdParagraph(b.Text))
		}
	}
	if err := pg.finish(d.Pages); err != nil {
		return err
	}
	return bw.Flush()
}

func writeMarkdownTable(bw *bufio.Writer, b document.Block) {
	caption := b.Text
	if caption == "" && b.Table != nil {
		caption = b.Table.Caption
	}
	if caption != "" {
		fmt.Fprintf(bw, "**%s**\n\n", mdInline(caption))
	}
	if b.Table != nil {
		writeHTMLTable(bw, b.Table, 0)
		for _, n := range b.Table.Notes {
			fmt.Fprintf(bw, "\n> %s\n", mdInline(n))
		}
	}
}

// writeHTMLTable writes t as an HTML table: one tr per row, one td per
// cell with its rowspan/colspan; covered positions have no td, as in HTML.
func writeHTMLTable(bw *bufio.Writer, t *document.Table, depth int) {
	bw.WriteString("<table>\n")
	for _, row := range t.Rows {
		bw.WriteString("<tr>")
		for _, c := range row {
			bw.WriteString("<td")
			if c.RowSpan > 1 {
				fmt.Fprintf(bw, ` rowspan="%d"`, c.RowSpan)
			}
			if c.ColSpan > 1 {
				fmt.Fprintf(bw, ` colspan="%d"`, c.ColSpan)
			}
			bw.WriteString(">")
			bw.WriteString(html.EscapeString(c.Text))
			if depth < maxNest {
				for _, n := range c.Nested {
					bw.WriteString("\n")
					writeHTMLTable(bw, n, depth+1)
				}
			}
			bw.WriteString("</td>")
		}
		bw.WriteString("</tr>\n")
	}
	bw.WriteString("</table>\n")
}

// htmlStart matches what CommonMark would read as the start of raw HTML.
var htmlStart = regexp.MustCompile(`<([A-Za-z/!?])`)

// mdInline escapes text for one Markdown line: raw-HTML starts and line
// breaks (a caption "<표 2-1>" stays readable: Hangul cannot open a tag).
func mdInline(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	return htmlStart.ReplaceAllString(s, `&lt;$1`)
}

// blockStart matches a line start Markdown would read as structure.
var blockStart = regexp.MustCompile(`^(?:[#>*+\-=|]|\d{1,9}[.)](?:\s|$))`)

// mdParagraph escapes a paragraph so it stays a paragraph.
func mdParagraph(s string) string {
	s = mdInline(s)
	if blockStart.MatchString(s) {
		s = `\` + s
	}
	return s
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
