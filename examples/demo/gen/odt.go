package main

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

const odfNS = `xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"`

func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// para writes a paragraph the way HWP converters do: the text split into
// several spans, pretty-printed on separate lines.
func para(b *strings.Builder, style, text string) {
	fmt.Fprintf(b, "<text:p text:style-name=%q>\n", style)
	words := strings.Fields(text)
	for i := 0; i < len(words); i += 4 {
		end := min(i+4, len(words))
		chunk := strings.Join(words[i:end], " ")
		if end < len(words) {
			chunk += " "
		}
		fmt.Fprintf(b, "<text:span text:style-name=\"T1\">%s</text:span>\n", esc(chunk))
	}
	b.WriteString("</text:p>\n")
}

func tableXML(b *strings.Builder, t *tableSpec) {
	cols := 0
	for _, r := range t.rows {
		cols = max(cols, len(r))
	}
	fmt.Fprintf(b, "<table:table table:name=\"Table\">\n<table:table-column table:number-columns-repeated=\"%d\"/>\n", cols)
	covered := map[[2]int]bool{}
	for r, row := range t.rows {
		b.WriteString("<table:table-row>\n")
		for c, cell := range row {
			if covered[[2]int{r, c}] {
				b.WriteString("<table:covered-table-cell/>\n")
				continue
			}
			cs, rs := max(t.colspan[[2]int{r, c}], 1), max(t.rowspan[[2]int{r, c}], 1)
			for dr := 0; dr < rs; dr++ {
				for dc := 0; dc < cs; dc++ {
					if dr > 0 || dc > 0 {
						covered[[2]int{r + dr, c + dc}] = true
					}
				}
			}
			fmt.Fprintf(b, "<table:table-cell table:number-columns-spanned=\"%d\" table:number-rows-spanned=\"%d\">\n", cs, rs)
			para(b, "Cell", cell)
			b.WriteString("</table:table-cell>\n")
		}
		b.WriteString("</table:table-row>\n")
	}
	b.WriteString("</table:table>\n")
}

func contentXML(r report) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<office:document-content ` + odfNS + ` office:version="1.2"><office:body><office:text>` + "\n")
	para(&b, "Title", r.title)
	for i, it := range r.items {
		switch {
		case it.heading != "":
			fmt.Fprintf(&b, "<text:h text:outline-level=\"1\">%s</text:h>\n", esc(it.heading))
		case it.para != "":
			para(&b, "Body", it.para)
		case it.list != nil:
			b.WriteString("<text:list>\n")
			for _, li := range it.list {
				b.WriteString("<text:list-item>")
				para(&b, "List", li)
				b.WriteString("</text:list-item>\n")
			}
			b.WriteString("</text:list>\n")
		case it.table != nil:
			para(&b, "Caption", it.caption)
			tableXML(&b, it.table)
		case it.image != "":
			fmt.Fprintf(&b, "<text:p text:style-name=\"Figure\"><draw:frame draw:name=\"fig%d\" svg:width=\"120mm\" svg:height=\"80mm\"><draw:image xlink:href=%q xlink:type=\"simple\" xlink:show=\"embed\" xlink:actuate=\"onLoad\"/></draw:frame></text:p>\n", i, it.image)
			para(&b, "Caption", it.caption)
		}
		if i == 6 {
			b.WriteString("<text:p><text:soft-page-break/></text:p>\n")
		}
	}
	b.WriteString("</office:text></office:body></office:document-content>\n")
	return b.String()
}

// odtFiles returns the files of an ODT package.
func odtFiles(r report, extra map[string][]byte) (map[string][]byte, error) {
	files := map[string][]byte{
		"mimetype":    []byte("application/vnd.oasis.opendocument.text"),
		"content.xml": []byte(contentXML(r)),
	}
	var man strings.Builder
	man.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">` + "\n")
	man.WriteString(`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` + "\n")
	man.WriteString(`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>` + "\n")
	for name, data := range extra {
		files[name] = data
		fmt.Fprintf(&man, "<manifest:file-entry manifest:full-path=%q manifest:media-type=\"image/png\"/>\n", name)
	}
	man.WriteString("</manifest:manifest>\n")
	files["META-INF/manifest.xml"] = []byte(man.String())
	return files, nil
}

// buildODT zips an ODT package, mimetype first (stored) unless
// mimetypeLast, as some converters write it.
func buildODT(r report, extra map[string][]byte, mimetypeLast bool) ([]byte, error) {
	files, err := odtFiles(r, extra)
	if err != nil {
		return nil, err
	}
	var names []string
	for n := range files {
		if n != "mimetype" {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	if mimetypeLast {
		names = append(names, "mimetype")
	} else {
		names = append([]string{"mimetype"}, names...)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		method := zip.Deflate
		if n == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: method})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(files[n]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// refTableXML writes the ref table the way the challenge ships them: an
// ODF fragment (caption paragraph + table) without a root element.
func refTableXML() []byte {
	var b strings.Builder
	para(&b, "Caption", refTable.caption)
	b.WriteString("<text:p text:style-name=\"Empty\"/>\n")
	tableXML(&b, &tableSpec{rows: refTable.rows})
	return []byte(b.String())
}
