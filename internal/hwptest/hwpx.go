package hwptest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"html"
	"path"
	"slices"
	"strings"
)

const hwpxNS = `xmlns:ha="http://www.hancom.co.kr/hwpml/2011/app" xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" xmlns:hc="http://www.hancom.co.kr/hwpml/2011/core" xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"`

// HWPX writes d as an HWPX (OWPML) package.
func HWPX(d Doc) ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, body string, store bool) error {
		m := zip.Deflate
		if store {
			m = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: m})
		if err != nil {
			return err
		}
		_, err = w.Write([]byte(body))
		return err
	}
	images := sortedKeys(d.Images)
	var manifest strings.Builder
	manifest.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><odf:manifest xmlns:odf="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">`)
	if d.Encrypted {
		manifest.WriteString(`<odf:file-entry full-path="Contents/section0.xml" media-type="application/xml" size="100"><odf:encryption-data checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" checksum="AAAA"><odf:algorithm algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" initialisation-vector="AAAA"/><odf:key-derivation key-derivation-name="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#pbkdf2" key-size="32" iteration-count="1024" salt="AAAA"/></odf:encryption-data></odf:file-entry>`)
	}
	manifest.WriteString(`</odf:manifest>`)
	var hpf strings.Builder
	hpf.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/" version="" unique-identifier="" id=""><opf:metadata><opf:language>ko</opf:language></opf:metadata><opf:manifest><opf:item id="header" href="Contents/header.xml" media-type="application/xml"/>`)
	for i, name := range images {
		fmt.Fprintf(&hpf, `<opf:item id="image%d" href="BinData/image%d%s" media-type="image/%s" isEmbeded="1"/>`, i+1, i+1, path.Ext(name), strings.TrimPrefix(path.Ext(name), "."))
	}
	hpf.WriteString(`<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/></opf:manifest><opf:spine><opf:itemref idref="header" linear="no"/><opf:itemref idref="section0"/></opf:spine></opf:package>`)
	w := &hwpxWriter{images: images}
	var sec strings.Builder
	sec.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hs:sec ` + hwpxNS + `>`)
	first := true
	if len(d.Header) > 0 || len(d.Footer) > 0 {
		sec.WriteString(`<hp:p id="0" paraPrIDRef="0" styleIDRef="0" pageBreak="0"><hp:run charPrIDRef="0"><hp:secPr id="" outlineShapeIDRef="1"/><hp:ctrl>`)
		if len(d.Header) > 0 {
			sec.WriteString(`<hp:header id="1" applyPageType="BOTH"><hp:subList>` + w.paras(d.Header) + `</hp:subList></hp:header>`)
		}
		if len(d.Footer) > 0 {
			sec.WriteString(`<hp:footer id="2" applyPageType="BOTH"><hp:subList>` + w.paras(d.Footer) + `</hp:subList></hp:footer>`)
		}
		sec.WriteString(`</hp:ctrl></hp:run></hp:p>`)
		first = false
	}
	_ = first
	sec.WriteString(w.paras(d.Paras))
	sec.WriteString(`</hs:sec>`)
	files := []struct {
		name, body string
	}{
		{"mimetype", "application/hwp+zip"},
		{"version.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hv:HCFVersion xmlns:hv="http://www.hancom.co.kr/hwpml/2011/version" tagetApplication="WORDPROCESSOR" major="5" minor="1" micro="0" buildNumber="1" xmlVersion="1.4" application="policyqa hwptest"/>`},
		{"Contents/header.xml", headerXML()},
		{"Contents/section0.xml", sec.String()},
		{"Contents/content.hpf", hpf.String()},
		{"META-INF/container.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><ocf:container xmlns:ocf="urn:oasis:names:tc:opendocument:xmlns:container"><ocf:rootfiles><ocf:rootfile full-path="Contents/content.hpf" media-type="application/hwpml-package+xml"/></ocf:rootfiles></ocf:container>`},
		{"META-INF/manifest.xml", manifest.String()},
	}
	for i, f := range files {
		if err := add(f.name, f.body, i == 0); err != nil {
			return nil, err
		}
	}
	for i, name := range images {
		fw, err := zw.Create(fmt.Sprintf("BinData/image%d%s", i+1, path.Ext(name)))
		if err != nil {
			return nil, err
		}
		if _, err := fw.Write(d.Images[name]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func sortedKeys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Paragraph shapes of the writers: 0 plain, 1–7 outline levels, 8–14
// numbering levels, 15 bullet.
func paraShapeID(p Para) int {
	switch {
	case p.Outline > 0:
		return min(p.Outline, 7)
	case p.Number > 0:
		return 7 + min(p.Number, 7)
	case p.Bullet:
		return 15
	}
	return 0
}

// numberFormats are the writers' numbering levels: template and format.
var numberFormats = []struct {
	text   string
	format string
	code   int
}{
	{"^1.", "DIGIT", 0}, {"^2.", "HANGUL_SYLLABLE", 8}, {"^3)", "DIGIT", 0}, {"^4)", "HANGUL_SYLLABLE", 8},
	{"(^5)", "DIGIT", 0}, {"(^6)", "HANGUL_SYLLABLE", 8}, {"^7", "CIRCLED_DIGIT", 1},
}

func headerXML() string {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes" ?><hh:head ` + hwpxNS + ` version="1.4" secCnt="1"><hh:refList>`)
	sb.WriteString(`<hh:numberings itemCnt="1"><hh:numbering id="1" start="0">`)
	for i, nf := range numberFormats {
		fmt.Fprintf(&sb, `<hh:paraHead start="1" level="%d" align="LEFT" numFormat="%s">%s</hh:paraHead>`, i+1, nf.format, html.EscapeString(nf.text))
	}
	sb.WriteString(`</hh:numbering></hh:numberings><hh:bullets itemCnt="1"><hh:bullet id="1" char="-"/></hh:bullets><hh:paraProperties itemCnt="16">`)
	for id := 0; id < 16; id++ {
		kind, ref, level := "NONE", 0, 0
		switch {
		case id >= 1 && id <= 7:
			kind, ref, level = "OUTLINE", 1, id-1
		case id >= 8 && id <= 14:
			kind, ref, level = "NUMBER", 1, id-8
		case id == 15:
			kind, ref = "BULLET", 1
		}
		fmt.Fprintf(&sb, `<hh:paraPr id="%d"><hh:align horizontal="JUSTIFY"/><hh:heading type="%s" idRef="%d" level="%d"/></hh:paraPr>`, id, kind, ref, level)
	}
	sb.WriteString(`</hh:paraProperties><hh:styles itemCnt="1"><hh:style id="0" type="PARA" name="바탕글" engName="Normal" paraPrIDRef="0" charPrIDRef="0" nextStyleIDRef="0" langID="1042"/></hh:styles></hh:refList></hh:head>`)
	return sb.String()
}

type hwpxWriter struct {
	images []string
	id     int
}

func (w *hwpxWriter) paras(ps []Para) string {
	var sb strings.Builder
	for _, p := range ps {
		w.para(&sb, p)
	}
	return sb.String()
}

func (w *hwpxWriter) para(sb *strings.Builder, p Para) {
	w.id++
	brk := 0
	if p.PageBreak {
		brk = 1
	}
	fmt.Fprintf(sb, `<hp:p id="%d" paraPrIDRef="%d" styleIDRef="0" pageBreak="%d" columnBreak="0" merged="0"><hp:run charPrIDRef="0">`, w.id, paraShapeID(p), brk)
	if p.Text != "" {
		sb.WriteString(`<hp:t>` + html.EscapeString(p.Text) + `</hp:t>`)
	}
	if p.Equation != "" {
		sb.WriteString(`<hp:equation id="1" version="Equation Version 60"><hp:script>` + html.EscapeString(p.Equation) + `</hp:script></hp:equation>`)
	}
	if p.Footnote != "" {
		sb.WriteString(`<hp:ctrl><hp:footNote number="1"><hp:subList>` + w.paras([]Para{{Text: p.Footnote}}) + `</hp:subList></hp:footNote></hp:ctrl>`)
	}
	if p.Image != "" {
		idx := slices.Index(w.images, p.Image) + 1
		fmt.Fprintf(sb, `<hp:pic id="%d" numberingType="PICTURE"><hc:img binaryItemIDRef="image%d" bright="0" contrast="0" effect="REAL_PIC" alpha="0"/></hp:pic>`, w.id, idx)
	}
	if t := p.Table; t != nil {
		fmt.Fprintf(sb, `<hp:tbl id="%d" rowCnt="%d" colCnt="%d" cellSpacing="0">`, w.id, t.Rows, t.Cols)
		if t.Caption != "" {
			sb.WriteString(`<hp:caption side="TOP"><hp:subList>` + w.paras([]Para{{Text: t.Caption}}) + `</hp:subList></hp:caption>`)
		}
		for r := 0; r < t.Rows; r++ {
			sb.WriteString(`<hp:tr>`)
			for _, c := range t.Cells {
				if c.Row != r {
					continue
				}
				rs, cs := c.spans()
				sb.WriteString(`<hp:tc header="0" hasMargin="0"><hp:subList vertAlign="CENTER">` + w.paras(c.Paras) + `</hp:subList>`)
				fmt.Fprintf(sb, `<hp:cellAddr colAddr="%d" rowAddr="%d"/><hp:cellSpan colSpan="%d" rowSpan="%d"/><hp:cellSz width="5000" height="1000"/></hp:tc>`, c.Col, c.Row, cs, rs)
			}
			sb.WriteString(`</hp:tr>`)
		}
		sb.WriteString(`</hp:tbl>`)
	}
	sb.WriteString(`</hp:run></hp:p>`)
}
