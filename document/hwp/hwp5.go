package hwp

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"

	"github.com/policyqa/policyqa/document"
)

// HWP 5.0 (한글문서파일형식 5.0, Hancom, revision 1.3) is a compound file:
// FileHeader (signature, version, flags), DocInfo (records: binary items,
// numberings, paragraph shapes, styles), BodyText/Section0… (the
// body's records), BinData/BIN0001.jpg… (images); DocInfo, the sections
// and (by default) the binary items are raw-deflate compressed when the
// header's compressed flag is set.

// FileHeader property flags (table 3 of the format).
const (
	flagCompressed   = 1 << 0
	flagPassword     = 1 << 1
	flagDistribution = 1 << 2
	flagDRM          = 1 << 4
	flagCertEncrypt  = 1 << 8
	flagCertDRM      = 1 << 10
)

// ctrlID builds a control id as the format stores it: four ASCII
// characters, the first in the most significant byte.
func ctrlID(s string) uint32 {
	return uint32(s[0])<<24 | uint32(s[1])<<16 | uint32(s[2])<<8 | uint32(s[3])
}

var (
	ctrlTable    = ctrlID("tbl ")
	ctrlGSO      = ctrlID("gso ")
	ctrlEquation = ctrlID("eqed")
	ctrlSection  = ctrlID("secd")
	ctrlHeader   = ctrlID("head")
	ctrlFooter   = ctrlID("foot")
	ctrlFootnote = ctrlID("fn  ")
	ctrlEndnote  = ctrlID("en  ")
	ctrlComment  = ctrlID("tcmt")
	ctrlOverlap  = ctrlID("tcps")
	ctrlDutmal   = ctrlID("tdut")
)

// hwp5 holds the state of one HWP 5.0 parse.
type hwp5 struct {
	ctx        context.Context
	opts       Options
	streams    map[string]*mscfb.File
	compressed bool
	version    uint32
	w          warnings

	binItems   []binItem
	paraShapes []paraHead
	styles     []string
	numberings map[int]*numbering

	bodyState
}

// binItem is a DocInfo BIN_DATA entry: the stream holding an embedded
// image and whether it is compressed.
type binItem struct {
	stream   string // "BinData/BIN0001.jpg"; "" for a link or OLE storage
	compress int    // 0 follow the document, 1 always, 2 never
}

func parseHWP5(ctx context.Context, r io.ReaderAt, size int64, opts Options) (doc *document.Document, err error) {
	defer func() {
		// mscfb trusts sector chains; a hostile file must cost one
		// error, not the process.
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("%w: compound file: %v", ErrBadContainer, p)
		}
	}()
	h, err := openHWP5(ctx, r, size, opts)
	if err != nil {
		return nil, err
	}
	if err := h.docInfo(); err != nil {
		return nil, err
	}
	sections := h.sectionNames()
	if len(sections) == 0 {
		return nil, fmt.Errorf("%w: no BodyText/Section streams", ErrBadContainer)
	}
	var body []para
	for _, s := range sections {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := h.stream(s, h.compressed)
		if err != nil {
			return nil, err
		}
		recs, err := readRecords(b)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s, err)
		}
		h.newSection()
		body = append(body, h.paraList(recordTree(recs), 0, true)...)
	}
	return finish(document.FormatHWP, body, h.headers, h.footers, &h.w), nil
}

// openHWP5 opens the compound file, lists its streams and reads the
// FileHeader.
func openHWP5(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*hwp5, error) {
	cf, err := mscfb.New(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, fmt.Errorf("%w: compound file: %w", ErrBadContainer, err)
	}
	h := &hwp5{ctx: ctx, opts: opts, streams: map[string]*mscfb.File{}, numberings: map[int]*numbering{}}
	for _, f := range cf.File {
		name := strings.Join(append(append([]string{}, f.Path...), f.Name), "/")
		h.streams[name] = f
	}
	if err := h.fileHeader(); err != nil {
		return nil, err
	}
	return h, nil
}

// fileHeader checks the signature, version and protection flags.
func (h *hwp5) fileHeader() error {
	b, err := h.stream("FileHeader", false)
	if err != nil {
		return err
	}
	if len(b) < 40 || !bytes.HasPrefix(b, []byte("HWP Document File")) {
		return fmt.Errorf("%w: FileHeader has no HWP signature", ErrNotHWP)
	}
	h.version = binary.LittleEndian.Uint32(b[32:])
	flags := binary.LittleEndian.Uint32(b[36:])
	if major := h.version >> 24; major != 5 {
		return fmt.Errorf("%w: %d.%d.%d.%d", ErrUnsupported, major, h.version>>16&0xFF, h.version>>8&0xFF, h.version&0xFF)
	}
	switch {
	case flags&(flagPassword|flagCertEncrypt) != 0:
		return fmt.Errorf("%w HWP; cannot be read", ErrEncrypted)
	case flags&(flagDRM|flagCertDRM) != 0:
		return fmt.Errorf("%w (HWP DRM); cannot be read", ErrDRM)
	case flags&flagDistribution != 0:
		return fmt.Errorf("%w (HWP distribution document, body encrypted); cannot be read", ErrDRM)
	}
	h.compressed = flags&flagCompressed != 0
	return nil
}

// stream reads a stream whole, inflating it when compressed. A stream
// over maxStreamBytes, raw or inflated, wraps ErrTooLarge.
func (h *hwp5) stream(name string, compressed bool) ([]byte, error) {
	f := h.streams[name]
	if f == nil {
		return nil, fmt.Errorf("%w: stream %s missing", ErrBadContainer, name)
	}
	if f.Size > h.opts.maxStream() {
		return nil, fmt.Errorf("%w: stream %s of %d bytes", ErrTooLarge, name, f.Size)
	}
	raw := make([]byte, f.Size)
	n, err := f.ReadAt(raw, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: stream %s: %w", ErrBadContainer, name, err)
	}
	if int64(n) < f.Size {
		return nil, fmt.Errorf("%w: stream %s cut short (%d of %d bytes)", ErrBadContainer, name, n, f.Size)
	}
	if !compressed {
		return raw, nil
	}
	b, err := inflate(raw, h.opts.maxStream())
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", name, err)
	}
	return b, nil
}

// inflate decompresses raw deflate (what Hangul writes), or zlib when the
// data carries a zlib header, up to limit bytes.
func inflate(raw []byte, limit int64) ([]byte, error) {
	var rc io.ReadCloser = flate.NewReader(bytes.NewReader(raw))
	b, err := limitedReadAll(rc, limit)
	rc.Close()
	if err == nil || errors.Is(err, ErrTooLarge) {
		return b, err
	}
	if len(raw) >= 2 && raw[0]&0x0F == 8 && (uint16(raw[0])<<8|uint16(raw[1]))%31 == 0 {
		if zr, zerr := zlib.NewReader(bytes.NewReader(raw)); zerr == nil {
			b, zerr = limitedReadAll(zr, limit)
			zr.Close()
			if zerr == nil || errors.Is(zerr, ErrTooLarge) {
				return b, zerr
			}
		}
	}
	return nil, fmt.Errorf("%w: inflate: %w", ErrBadContainer, err)
}

var sectionStream = regexp.MustCompile(`^BodyText/Section(\d+)$`)

// sectionNames lists BodyText/Section<N> in numeric order.
func (h *hwp5) sectionNames() []string {
	return numberedNames(h.streams, sectionStream)
}

// docInfo reads the DocInfo records this reader uses. A DocInfo that
// cannot be read costs numbering and pictures (a warning), not the body.
func (h *hwp5) docInfo() error {
	b, err := h.stream("DocInfo", h.compressed)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return err
		}
		h.w.add("DocInfo: %v", err)
		return nil
	}
	recs, err := readRecords(b)
	if err != nil {
		h.w.add("DocInfo: %v", err)
	}
	numID := 0
	for _, r := range recs {
		br := &bytesReader{b: r.data}
		switch r.tag {
		case tagBinData:
			props := br.u16()
			it := binItem{compress: int(props >> 4 & 3)}
			if t := props & 0xF; t == 1 || t == 2 {
				id := br.u16()
				ext := strings.ToLower(br.wstr())
				if t == 1 && !br.short {
					it.stream = fmt.Sprintf("BinData/BIN%04X.%s", id, ext)
				}
			}
			h.binItems = append(h.binItems, it)
		case tagNumbering:
			numID++
			h.numberings[numID] = parseNumbering(br)
		case tagParaShape:
			props := br.u32()
			br.skip(24 + 2)
			ref := br.u16()
			h.paraShapes = append(h.paraShapes, paraHead{kind: int(props >> 23 & 3), level: int(props >> 25 & 7), ref: int(ref)})
		case tagStyle:
			h.styles = append(h.styles, br.wstr())
		case tagDistributeDocData:
			return fmt.Errorf("%w (HWP distribution document, body encrypted); cannot be read", ErrDRM)
		}
	}
	return nil
}

// parseNumbering reads a NUMBERING record: seven levels of head info (12
// bytes: the number format in bits 5–8 of its properties, as Hangul
// writes it) and format string, the start number, then per-level start
// numbers (5.0.2.5+) and levels 8–10 when present.
func parseNumbering(br *bytesReader) *numbering {
	def := &numbering{}
	level := func() numLevel {
		props := br.u32()
		br.skip(8)
		return numLevel{format: int(props >> 5 & 0xF), text: br.wstr(), start: 1}
	}
	for range 7 {
		def.levels = append(def.levels, level())
	}
	start := int(br.u16())
	for i := range def.levels {
		def.levels[i].start = max(start, 1)
	}
	if br.left() >= 28 {
		for i := range 7 {
			if s := int(br.u32()); s > 0 {
				def.levels[i].start = s
			}
		}
	}
	if br.left() > 0 {
		for range 3 {
			lv := level()
			if br.short {
				break
			}
			def.levels = append(def.levels, lv)
		}
	}
	return def
}

// paraList reads the PARA_HEADER records among recs (a section, or the
// records after a LIST_HEADER).
func (h *hwp5) paraList(recs []*record, depth int, top bool) []para {
	var out []para
	for _, r := range recs {
		if r.tag == tagParaHeader {
			out = append(out, h.para(r, depth, top))
		}
	}
	return out
}

// listAfter returns the paragraphs that follow the LIST_HEADER at
// recs[i], up to the next record that is not a PARA_HEADER.
func listAfter(recs []*record, i int) []*record {
	j := i + 1
	for j < len(recs) && recs[j].tag == tagParaHeader {
		j++
	}
	return recs[i+1 : j]
}

// Control characters of PARA_TEXT (format table 6): extended and inline
// controls take 8 code units, character controls one.
func extendedCtrl(c uint16) bool {
	switch c {
	case 1, 2, 3, 11, 12, 14, 15, 16, 17, 18, 21, 22, 23:
		return true
	}
	return false
}

func inlineCtrl(c uint16) bool {
	switch c {
	case 4, 5, 6, 7, 8, 9, 19, 20:
		return true
	}
	return false
}

// para reads one PARA_HEADER with its text and controls.
func (h *hwp5) para(r *record, depth int, top bool) para {
	var p para
	hb := &bytesReader{b: r.data}
	hb.skip(8)
	shapeID := int(hb.u16())
	styleID := int(hb.u8())
	divide := hb.u8()
	if top {
		h.topParagraph(divide&0x04 != 0)
		for _, c := range r.children {
			if c.tag == tagParaLineSeg {
				h.linePages(c.data)
			}
		}
	}
	p.page = h.page
	var ctrls []*record
	var text []byte
	for _, c := range r.children {
		switch c.tag {
		case tagParaText:
			text = c.data
		case tagCtrlHeader:
			ctrls = append(ctrls, c)
		}
	}
	var sb strings.Builder
	next := 0
	var units []uint16
	flush := func() {
		if len(units) > 0 {
			sb.WriteString(string(utf16.Decode(units)))
			units = units[:0]
		}
	}
	for i := 0; i+1 < len(text); {
		c := binary.LittleEndian.Uint16(text[i:])
		switch {
		case c >= 32:
			units = append(units, c)
			i += 2
		case extendedCtrl(c):
			flush()
			var id uint32
			if i+6 <= len(text) {
				id = uint32(binary.LittleEndian.Uint16(text[i+4:]))<<16 | uint32(binary.LittleEndian.Uint16(text[i+2:]))
			}
			// The k-th extended control is the k-th CTRL_HEADER; skip
			// any header whose id disagrees (lenient on odd files).
			for next < len(ctrls) && id != 0 && ctrlOf(ctrls[next]) != id {
				h.control(ctrls[next], &p, &sb, depth)
				next++
			}
			if next < len(ctrls) {
				h.control(ctrls[next], &p, &sb, depth)
				next++
			}
			i += 16
		case inlineCtrl(c):
			flush()
			if c == 9 {
				sb.WriteByte(' ')
			}
			i += 16
		default:
			switch c {
			case 10, 30, 31:
				units = append(units, ' ')
			case 24:
				units = append(units, '-')
			}
			i += 2
		}
	}
	flush()
	for ; next < len(ctrls); next++ {
		h.control(ctrls[next], &p, &sb, depth)
	}
	text2 := document.NormalizeSpace(sb.String())
	var ph paraHead
	if shapeID < len(h.paraShapes) {
		ph = h.paraShapes[shapeID]
	}
	if styleID < len(h.styles) {
		if lvl := outlineStyleLevel(h.styles[styleID]); lvl > 0 && ph.kind == headNone {
			ph = paraHead{kind: headOutline, level: lvl - 1}
		}
	}
	p.text = applyHead(&p, text2, ph, h.numberings, &h.nums, h.outlineID)
	return p
}

// linePages advances the page when a line's vertical position restarts
// (Hangul saves each paragraph's laid-out lines: 36 bytes each, the
// vertical position at offset 4).
func (h *hwp5) linePages(b []byte) {
	for off := 0; off+36 <= len(b); off += 36 {
		h.line(int(int32(binary.LittleEndian.Uint32(b[off+4:]))))
	}
}

func ctrlOf(r *record) uint32 {
	if len(r.data) < 4 {
		return 0
	}
	return binary.LittleEndian.Uint32(r.data)
}

// control handles one CTRL_HEADER of a paragraph.
func (h *hwp5) control(r *record, p *para, sb *strings.Builder, depth int) {
	if depth > maxDepth {
		h.w.add("controls nested deeper than %d skipped", maxDepth)
		return
	}
	switch id := ctrlOf(r); id {
	case ctrlTable:
		p.objs = append(p.objs, h.table(r, depth+1))
	case ctrlGSO:
		h.shape(r, p, depth+1)
	case ctrlEquation:
		for _, c := range r.children {
			if c.tag == tagEqEdit {
				br := &bytesReader{b: c.data}
				br.skip(4)
				if s := br.wstr(); s != "" {
					sb.WriteString(" " + s + " ")
				}
			}
		}
	case ctrlSection:
		if len(r.data) >= 20 {
			h.outlineID = int(binary.LittleEndian.Uint16(r.data[18:]))
		}
	case ctrlHeader, ctrlFooter:
		ps := h.subList(r.children, depth+1)
		if id == ctrlHeader {
			h.headers = append(h.headers, ps...)
		} else {
			h.footers = append(h.footers, ps...)
		}
	case ctrlFootnote, ctrlEndnote:
		p.objs = append(p.objs, &note{paras: h.subList(r.children, depth+1)})
	case ctrlOverlap:
		br := &bytesReader{b: r.data}
		br.skip(4)
		sb.WriteString(br.wstr())
	case ctrlDutmal:
		br := &bytesReader{b: r.data}
		br.skip(4)
		sb.WriteString(br.wstr())
	case ctrlComment:
		// Hidden comments are not document text.
	}
}

// subList reads the paragraphs after the first LIST_HEADER among recs.
func (h *hwp5) subList(recs []*record, depth int) []para {
	for i, c := range recs {
		if c.tag == tagListHeader {
			return h.paraList(listAfter(recs, i), depth, false)
		}
	}
	return nil
}

// table reads a table control: the caption list before the TABLE record,
// then one LIST_HEADER (cell address, spans) and its paragraphs per cell.
func (h *hwp5) table(r *record, depth int) *table {
	t := &table{}
	seenTable := false
	for i, c := range r.children {
		switch c.tag {
		case tagTable:
			br := &bytesReader{b: c.data}
			br.skip(4)
			t.rows, t.cols = int(br.u16()), int(br.u16())
			seenTable = true
		case tagListHeader:
			ps := h.paraList(listAfter(r.children, i), depth, false)
			if !seenTable {
				t.caption = ps
				continue
			}
			cl, ok := cellAddress(c.data)
			if !ok {
				h.w.add("table cell list header of %d bytes: cell skipped", len(c.data))
				continue
			}
			cl.paras = ps
			t.cells = append(t.cells, cl)
		}
	}
	return t
}

// cellAddress reads a cell's LIST_HEADER: paragraph count and properties
// (8 bytes as Hangul writes them; 6 in the format text, which some
// writers follow), then column, row, column span, row span (UINT16 each).
func cellAddress(b []byte) (cell, bool) {
	off := 8
	if len(b) < off+8+16 {
		off = 6
	}
	if len(b) < off+8 {
		return cell{}, false
	}
	br := &bytesReader{b: b[off:]}
	col, row := int(br.u16()), int(br.u16())
	cs, rs := int(br.u16()), int(br.u16())
	return cell{row: row, col: col, rowSpan: max(rs, 1), colSpan: max(cs, 1)}, true
}

// shape reads a drawing-object control: its caption, pictures (linked to
// DocInfo binary items), text boxes, and shapes grouped in containers.
func (h *hwp5) shape(r *record, p *para, depth int) {
	for i, c := range r.children {
		switch c.tag {
		case tagListHeader:
			if ps := h.paraList(listAfter(r.children, i), depth, false); len(ps) > 0 {
				p.objs = append(p.objs, &textBox{paras: ps})
			}
		case tagShapeComponent:
			h.shapeComponent(c, p, depth+1)
		}
	}
}

func (h *hwp5) shapeComponent(r *record, p *para, depth int) {
	if depth > maxDepth {
		return
	}
	for i, c := range r.children {
		switch c.tag {
		case tagShapeComponentPict:
			p.objs = append(p.objs, h.picture(c))
		case tagListHeader:
			if ps := h.paraList(listAfter(r.children, i), depth, false); len(ps) > 0 {
				p.objs = append(p.objs, &textBox{paras: ps})
			}
		case tagShapeComponent:
			h.shapeComponent(c, p, depth+1)
		}
	}
}

// picture reads SHAPE_COMPONENT_PICTURE: the binary item id sits after
// the border (12 bytes), the image rectangle (32), the crop (16), the
// inner margins (8) and brightness, contrast and effect (3): offset 71.
func (h *hwp5) picture(r *record) *picture {
	pic := &picture{}
	if len(r.data) < 73 {
		h.w.add("picture record of %d bytes: no image", len(r.data))
		return pic
	}
	id := int(binary.LittleEndian.Uint16(r.data[71:]))
	if id < 1 || id > len(h.binItems) || h.binItems[id-1].stream == "" {
		h.w.add("picture refers to binary item %d, which is not an embedded image", id)
		return pic
	}
	it := h.binItems[id-1]
	pic.name = it.stream
	pic.data = h.loadImage(it)
	return pic
}

func (h *hwp5) loadImage(it binItem) []byte {
	if !h.opts.LoadImages {
		return nil
	}
	return h.cachedImage(it.stream, func() []byte {
		compressed := it.compress == 1 || (it.compress == 0 && h.compressed)
		f := h.streams[it.stream]
		switch {
		case f == nil:
			h.w.add("image %s: stream missing", it.stream)
		case f.Size > h.opts.maxImageBytes():
			h.w.add("image %s larger than %d bytes: not loaded", it.stream, h.opts.maxImageBytes())
		default:
			raw, err := h.stream(it.stream, false)
			if err == nil && compressed {
				raw, err = inflate(raw, h.opts.maxImageBytes())
			}
			if err != nil {
				h.w.add("image %s: %v", it.stream, err)
				return nil
			}
			return raw
		}
		return nil
	})
}

// decodeUTF16 decodes little-endian UTF-16.
func decodeUTF16(b []byte) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = binary.LittleEndian.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}
