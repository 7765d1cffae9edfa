package hwp

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// HWPX (OWPML, KS X 6101) is a zip package: META-INF/manifest.xml (with
// ODF-style encryption data when password-protected), Contents/content.hpf
// (an OPF package: manifest items and the spine giving section order),
// Contents/header.xml (paragraph shapes, numberings, styles),
// Contents/section*.xml (the body) and BinData/ (images).

// hwpxHeader is what the reader needs from Contents/header.xml.
type hwpxHeader struct {
	paraHeads  map[int]paraHead // paraPr id → heading
	numberings map[int]*numbering
	styles     map[int]string // style id → name
}

// paraHead is a paragraph shape's head: kind 0 none, 1 outline, 2 number,
// 3 bullet; ref the numbering or bullet id; level 0-based.
type paraHead struct {
	kind, ref, level int
}

const (
	headNone = iota
	headOutline
	headNumber
	headBullet
)

func parseHWPX(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*document.Document, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: HWPX zip: %w", ErrBadContainer, err)
	}
	x := &hwpxReader{ctx: ctx, zr: zr, opts: opts, files: map[string]*zip.File{}}
	for _, f := range zr.File {
		x.files[strings.TrimPrefix(path.Clean("/"+f.Name), "/")] = f
	}
	if err := x.checkEncryption(); err != nil {
		return nil, err
	}
	sections, items, err := x.contents()
	if err != nil {
		return nil, err
	}
	x.items = items
	x.head, err = x.header()
	if err != nil {
		return nil, err
	}
	x.page = 0
	var body []para
	for _, s := range sections {
		root, err := x.part(s)
		if err != nil {
			return nil, err
		}
		x.newSection()
		sec := root.child("sec")
		if sec == nil {
			x.w.add("%s: no hs:sec root", s)
			continue
		}
		x.outlineID = 0
		if sp := sec.find("secPr"); sp != nil {
			x.outlineID = sp.intAttr("outlineShapeIDRef")
		}
		body = append(body, x.paras(sec, 0, true)...)
	}
	return finish(document.FormatHWPX, body, x.headers, x.footers, &x.w), nil
}

type hwpxReader struct {
	ctx   context.Context
	zr    *zip.Reader
	opts  Options
	files map[string]*zip.File
	items map[string]string // manifest item id → package path
	// binStems maps a BinData file's name without extension to its path
	// (findBinData; built on first use).
	binStems map[string]string
	head     *hwpxHeader
	w        warnings

	bodyState
}

// checkEncryption fails with ErrEncrypted when the manifest lists
// encryption data for any entry (the body then cannot be read without the
// password, and nothing is decoded).
func (x *hwpxReader) checkEncryption() error {
	f := x.files["META-INF/manifest.xml"]
	if f == nil {
		return nil
	}
	root, err := x.part("META-INF/manifest.xml")
	if err != nil {
		return err
	}
	if root.find("encryption-data") != nil {
		return fmt.Errorf("%w HWPX; cannot be read", ErrEncrypted)
	}
	return nil
}

// part reads and parses one XML part.
func (x *hwpxReader) part(name string) (*xnode, error) {
	f := x.files[name]
	if f == nil {
		return nil, fmt.Errorf("%w: HWPX part %s missing", ErrBadContainer, name)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: HWPX part %s: %w", ErrBadContainer, name, err)
	}
	defer rc.Close()
	limit := x.opts.maxStream()
	lr := &io.LimitedReader{R: rc, N: limit + 1}
	root, err := parseXML(x.ctx, lr)
	if lr.N <= 0 {
		return nil, fmt.Errorf("%w: HWPX part %s over %d bytes", ErrTooLarge, name, limit)
	}
	if err != nil {
		if errors.Is(err, zip.ErrChecksum) || errors.Is(err, zip.ErrFormat) {
			return nil, fmt.Errorf("%w: HWPX part %s: %w", ErrBadContainer, name, err)
		}
		return nil, fmt.Errorf("HWPX part %s: %w", name, err)
	}
	return root, nil
}

var sectionName = regexp.MustCompile(`(?i)^Contents/section(\d+)\.xml$`)

// contents reads the package (content.hpf, located through
// META-INF/container.xml) for the section order and the manifest items;
// without it, Contents/section*.xml in numeric order.
func (x *hwpxReader) contents() ([]string, map[string]string, error) {
	hpf := "Contents/content.hpf"
	if x.files["META-INF/container.xml"] != nil {
		if root, err := x.part("META-INF/container.xml"); err == nil {
			for _, rf := range allNamed(root, "rootfile") {
				if strings.Contains(rf.attr("media-type"), "hwpml-package") {
					hpf = cleanPath(rf.attr("full-path"))
				}
			}
		}
	}
	items := map[string]string{}
	var sections []string
	if x.files[hpf] != nil {
		root, err := x.part(hpf)
		if err != nil {
			return nil, nil, err
		}
		for _, it := range allNamed(root, "item") {
			items[it.attr("id")] = cleanPath(it.attr("href"))
		}
		for _, ref := range allNamed(root, "itemref") {
			p := items[ref.attr("idref")]
			if sectionName.MatchString(p) && x.files[p] != nil {
				sections = append(sections, p)
			}
		}
	}
	if len(sections) == 0 {
		sections = numberedNames(x.files, sectionName)
	}
	if len(sections) == 0 {
		return nil, nil, fmt.Errorf("%w: HWPX package has no Contents/section*.xml", ErrBadContainer)
	}
	return sections, items, nil
}

func cleanPath(p string) string {
	return strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(strings.TrimSpace(p), "\\", "/")), "/")
}

// allNamed lists the elements with the name below n, in document order.
func allNamed(n *xnode, name string) []*xnode {
	var out []*xnode
	var walk func(n *xnode)
	walk = func(n *xnode) {
		for _, k := range n.kids {
			if k.name == name {
				out = append(out, k)
			}
			walk(k)
		}
	}
	walk(n)
	return out
}

// header reads Contents/header.xml; a package without one parses with no
// outline or numbering information.
func (x *hwpxReader) header() (*hwpxHeader, error) {
	h := &hwpxHeader{paraHeads: map[int]paraHead{}, numberings: map[int]*numbering{}, styles: map[int]string{}}
	name := "Contents/header.xml"
	for _, p := range x.items {
		if strings.EqualFold(path.Base(p), "header.xml") {
			name = p
		}
	}
	if x.files[name] == nil {
		x.w.add("HWPX package has no header.xml")
		return h, nil
	}
	root, err := x.part(name)
	if err != nil {
		return nil, err
	}
	for _, pp := range allNamed(root, "paraPr") {
		hd := pp.find("heading")
		if hd == nil {
			continue
		}
		ph := paraHead{ref: hd.intAttr("idRef"), level: hd.intAttr("level")}
		switch hd.attr("type") {
		case "OUTLINE":
			ph.kind = headOutline
		case "NUMBER":
			ph.kind = headNumber
		case "BULLET":
			ph.kind = headBullet
		}
		h.paraHeads[pp.intAttr("id")] = ph
	}
	for _, nb := range allNamed(root, "numbering") {
		def := &numbering{}
		start := max(nb.intAttr("start"), 1)
		for _, ph := range allNamed(nb, "paraHead") {
			lvl := ph.intAttr("level")
			if lvl < 1 || lvl > 10 {
				continue
			}
			for len(def.levels) < lvl {
				def.levels = append(def.levels, numLevel{start: start})
			}
			st := start
			if ph.attr("start") != "" {
				st = ph.intAttr("start")
			}
			def.levels[lvl-1] = numLevel{format: numFormatCode(ph.attr("numFormat")), text: nodeText(ph), start: st}
		}
		h.numberings[nb.intAttr("id")] = def
	}
	for _, s := range allNamed(root, "style") {
		h.styles[s.intAttr("id")] = s.attr("name")
	}
	return h, nil
}

// nodeText is the character data directly inside n.
func nodeText(n *xnode) string {
	var sb strings.Builder
	for _, k := range n.kids {
		if k.name == "" {
			sb.WriteString(k.text)
		}
	}
	return sb.String()
}

// outlineStyleLevel reads "개요 N" / "Outline N" style names as outline
// level N.
var outlineStyleRe = regexp.MustCompile(`^(?:개요|Outline)\s*(\d{1,2})$`)

func outlineStyleLevel(name string) int {
	if m := outlineStyleRe.FindStringSubmatch(strings.TrimSpace(name)); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// paras reads the hp:p children of n (a section or a sub-list). top marks
// the section body, whose paragraphs count pages.
func (x *hwpxReader) paras(n *xnode, depth int, top bool) []para {
	var out []para
	for _, k := range n.kids {
		if k.name == "p" {
			out = append(out, x.para(k, depth, top))
		}
	}
	return out
}

// para reads one hp:p: its runs' text, inline controls and the objects
// anchored in it.
func (x *hwpxReader) para(n *xnode, depth int, top bool) para {
	var p para
	if top {
		x.notePage(n)
	}
	p.page = x.page
	var sb strings.Builder
	for _, run := range n.kids {
		if run.name != "run" {
			continue
		}
		for _, k := range run.kids {
			x.runChild(k, &sb, &p, depth)
		}
	}
	text := document.NormalizeSpace(sb.String())
	ph := x.head.paraHeads[n.intAttr("paraPrIDRef")]
	if lvl := outlineStyleLevel(x.head.styles[n.intAttr("styleIDRef")]); lvl > 0 && ph.kind == headNone {
		ph = paraHead{kind: headOutline, ref: x.outlineID, level: lvl - 1}
	}
	text = applyHead(&p, text, ph, x.head.numberings, &x.nums, x.outlineID)
	p.text = text
	return p
}

// applyHead prefixes a paragraph's number (Hangul draws it; it is not in
// the text, yet "1." is what makes it read as a section heading), marks
// outline levels, and marks bulleted paragraphs as list items.
func applyHead(p *para, text string, ph paraHead, nums map[int]*numbering, c *numberer, outlineID int) string {
	if text == "" {
		return text
	}
	switch ph.kind {
	case headOutline:
		p.outline = ph.level + 1
		if label := c.next(nums, outlineID, ph.level); label != "" {
			return label + " " + text
		}
	case headNumber:
		if label := c.next(nums, ph.ref, ph.level); label != "" {
			return label + " " + text
		}
	case headBullet:
		// The bullet glyph is drawn, not text; the list item kind
		// carries it, as ODT list items do.
		p.list = true
	}
	return text
}

// notePage counts pages in the section body: Hangul saves each
// paragraph's line layout, whose vertical position restarts at the top of
// a new page; an explicit page break also starts one.
func (x *hwpxReader) notePage(n *xnode) {
	x.topParagraph(n.attr("pageBreak") == "1")
	if la := n.child("linesegarray"); la != nil {
		for _, ls := range la.kids {
			if ls.name == "lineseg" {
				x.line(ls.intAttr("vertpos"))
			}
		}
	}
}

// runChild handles one child of hp:run.
func (x *hwpxReader) runChild(k *xnode, sb *strings.Builder, p *para, depth int) {
	if depth > maxDepth {
		return
	}
	switch k.name {
	case "t":
		x.text(k, sb)
	case "tbl":
		p.objs = append(p.objs, x.table(k, depth+1))
	case "pic":
		p.objs = append(p.objs, x.picture(k, depth+1))
	case "equation":
		if s := k.child("script"); s != nil {
			sb.WriteString(" " + nodeText(s) + " ")
		}
	case "ctrl":
		for _, c := range k.kids {
			x.ctrl(c, p, depth+1)
		}
	case "compose":
		sb.WriteString(k.attr("composeText"))
	case "dutmal":
		if m := k.child("mainText"); m != nil {
			sb.WriteString(nodeText(m))
		}
	case "container", "rect", "ellipse", "arc", "polygon", "curve", "connectLine", "textart", "ole", "chart":
		x.shape(k, p, depth+1)
	case "btn", "radioBtn", "checkBtn", "comboBox", "edit", "listBox", "scrollBar":
		sb.WriteString(" " + k.attr("caption") + " ")
	}
}

// text reads hp:t: character data and the inline marks inside it.
func (x *hwpxReader) text(t *xnode, sb *strings.Builder) {
	for _, k := range t.kids {
		switch k.name {
		case "":
			sb.WriteString(k.text)
		case "tab", "lineBreak", "fwSpace", "nbSpace":
			sb.WriteByte(' ')
		case "hyphen":
			sb.WriteByte('-')
		case "markpenBegin", "markpenEnd", "titleMark", "insertBegin", "insertEnd", "deleteBegin", "deleteEnd":
		default:
			x.text(k, sb)
		}
	}
}

// ctrl handles a control inside hp:ctrl: headers and footers are kept
// apart, notes become note objects.
func (x *hwpxReader) ctrl(c *xnode, p *para, depth int) {
	switch c.name {
	case "header", "footer":
		if sl := c.child("subList"); sl != nil {
			ps := x.paras(sl, depth, false)
			if c.name == "header" {
				x.headers = append(x.headers, ps...)
			} else {
				x.footers = append(x.footers, ps...)
			}
		}
	case "footNote", "endNote":
		if sl := c.child("subList"); sl != nil {
			p.objs = append(p.objs, &note{paras: x.paras(sl, depth, false)})
		}
	}
}

// table reads hp:tbl: cells by hp:cellAddr with hp:cellSpan, and the
// caption.
func (x *hwpxReader) table(n *xnode, depth int) *table {
	t := &table{rows: n.intAttr("rowCnt"), cols: n.intAttr("colCnt")}
	if c := n.child("caption"); c != nil {
		if sl := c.child("subList"); sl != nil {
			t.caption = x.paras(sl, depth, false)
		}
	}
	for _, tr := range n.kids {
		if tr.name != "tr" {
			continue
		}
		for _, tc := range tr.kids {
			if tc.name != "tc" {
				continue
			}
			c := cell{rowSpan: 1, colSpan: 1}
			if a := tc.child("cellAddr"); a != nil {
				c.row, c.col = a.intAttr("rowAddr"), a.intAttr("colAddr")
			}
			if s := tc.child("cellSpan"); s != nil {
				c.rowSpan, c.colSpan = max(s.intAttr("rowSpan"), 1), max(s.intAttr("colSpan"), 1)
			}
			if sl := tc.child("subList"); sl != nil {
				c.paras = x.paras(sl, depth, false)
			}
			t.cells = append(t.cells, c)
		}
	}
	return t
}

// picture reads hp:pic: the image it shows (hc:img binaryItemIDRef, an
// item of content.hpf) and its caption.
func (x *hwpxReader) picture(n *xnode, depth int) *picture {
	pic := &picture{}
	if img := n.find("img"); img != nil {
		ref := img.attr("binaryItemIDRef")
		pic.name = x.items[ref]
		if pic.name == "" && ref != "" {
			pic.name = x.findBinData(ref)
		}
	}
	if c := n.child("caption"); c != nil {
		if sl := c.child("subList"); sl != nil {
			pic.caption = x.paras(sl, depth, false)
		}
	}
	pic.data = x.loadImage(pic.name)
	return pic
}

// findBinData finds BinData/<ref>.* when the manifest does not list ref
// (the first such name in byte order when several share the stem). The
// package's BinData names are indexed once, so a document of many such
// pictures costs one pass over the package, not one a picture.
func (x *hwpxReader) findBinData(ref string) string {
	if x.binStems == nil {
		x.binStems = map[string]string{}
		for name := range x.files {
			if !strings.HasPrefix(name, "BinData/") {
				continue
			}
			stem := strings.TrimSuffix(path.Base(name), path.Ext(name))
			if old, ok := x.binStems[stem]; !ok || name < old {
				x.binStems[stem] = name
			}
		}
	}
	if name, ok := x.binStems[ref]; ok {
		return name
	}
	return "BinData/" + ref
}

func (x *hwpxReader) loadImage(name string) []byte {
	if !x.opts.LoadImages || name == "" {
		return nil
	}
	return x.cachedImage(name, func() []byte {
		f := x.files[name]
		switch {
		case f == nil:
			x.w.add("image %s: not in the package", name)
		case int64(f.UncompressedSize64) > x.opts.maxImageBytes():
			x.w.add("image %s larger than %d bytes: not loaded", name, x.opts.maxImageBytes())
		default:
			rc, err := f.Open()
			if err != nil {
				x.w.add("image %s: %v", name, err)
				return nil
			}
			defer rc.Close()
			b, err := limitedReadAll(rc, x.opts.maxImageBytes())
			if err != nil {
				x.w.add("image %s: %v", name, err)
				return nil
			}
			return b
		}
		return nil
	})
}

// shape reads a drawing object: its text (hp:drawText sub-lists) becomes
// a text box, pictures and shapes inside a group are read in turn.
func (x *hwpxReader) shape(n *xnode, p *para, depth int) {
	if depth > maxDepth {
		return
	}
	for _, k := range n.kids {
		switch k.name {
		case "drawText":
			if sl := k.child("subList"); sl != nil {
				p.objs = append(p.objs, &textBox{paras: x.paras(sl, depth, false)})
			}
		case "caption":
			if sl := k.child("subList"); sl != nil {
				p.objs = append(p.objs, &textBox{paras: x.paras(sl, depth, false)})
			}
		case "pic":
			p.objs = append(p.objs, x.picture(k, depth+1))
		case "container", "rect", "ellipse", "arc", "polygon", "curve", "connectLine", "textart":
			x.shape(k, p, depth+1)
		}
	}
}

var _ fs.FS = (*zip.Reader)(nil)
