package hwptest

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf16"
)

// Record tags (한글문서파일형식 5.0).
const (
	tagBinData       = 0x12
	tagNumbering     = 0x17
	tagBullet        = 0x18
	tagParaShape     = 0x19
	tagStyle         = 0x1A
	tagParaHeader    = 0x42
	tagParaText      = 0x43
	tagParaCharShape = 0x44
	tagParaLineSeg   = 0x45
	tagCtrlHeader    = 0x47
	tagListHeader    = 0x48
	tagShapeComp     = 0x4C
	tagTable         = 0x4D
	tagShapePicture  = 0x55
	tagEqEdit        = 0x58
)

// HWP writes d as an HWP 5.0 compound file (version 5.0.3.0).
func HWP(d Doc) ([]byte, error) {
	images := sortedKeys(d.Images)
	w := &hwpWriter{images: images}
	fh := make([]byte, 256)
	copy(fh, "HWP Document File")
	binary.LittleEndian.PutUint32(fh[32:], 0x05000300)
	flags := d.HWPFlags
	if d.Compressed {
		flags |= 1
	}
	binary.LittleEndian.PutUint32(fh[36:], flags)
	var sec bytes.Buffer
	if len(d.Header) > 0 || len(d.Footer) > 0 {
		w.para(&sec, Para{}, 0, d.Header, d.Footer)
	}
	for _, p := range d.Paras {
		w.para(&sec, p, 0, nil, nil)
	}
	pack := func(b []byte) []byte {
		if !d.Compressed {
			return b
		}
		var out bytes.Buffer
		fw, _ := flate.NewWriter(&out, flate.BestCompression)
		fw.Write(b)
		fw.Close()
		return out.Bytes()
	}
	streams := map[string][]byte{
		"FileHeader":        fh,
		"DocInfo":           pack(docInfo(images)),
		"BodyText/Section0": pack(sec.Bytes()),
	}
	for i, name := range images {
		streams[fmt.Sprintf("BinData/BIN%04X%s", i+1, strings.ToLower(path.Ext(name)))] = pack(d.Images[name])
	}
	return compoundFile(streams), nil
}

// Record writes one record: header (tag, level, size; 0xFFF and a 32-bit
// size past 4094 bytes) and data. Tests use it to build hostile streams.
func Record(buf *bytes.Buffer, tag, level int, data []byte) {
	size := len(data)
	if size >= 0xFFF {
		binary.Write(buf, binary.LittleEndian, uint32(tag)|uint32(level)<<10|0xFFF<<20)
		binary.Write(buf, binary.LittleEndian, uint32(size))
	} else {
		binary.Write(buf, binary.LittleEndian, uint32(tag)|uint32(level)<<10|uint32(size)<<20)
	}
	buf.Write(data)
}

type le struct{ bytes.Buffer }

func (b *le) u8(v int)  { b.WriteByte(byte(v)) }
func (b *le) u16(v int) { binary.Write(&b.Buffer, binary.LittleEndian, uint16(v)) }
func (b *le) u32(v int) { binary.Write(&b.Buffer, binary.LittleEndian, uint32(v)) }
func (b *le) wstr(s string) {
	u := utf16.Encode([]rune(s))
	b.u16(len(u))
	for _, c := range u {
		b.u16(int(c))
	}
}

func docInfo(images []string) []byte {
	var out bytes.Buffer
	for i, name := range images {
		var b le
		b.u16(1) // embedding, compression as the document
		b.u16(i + 1)
		b.wstr(strings.TrimPrefix(strings.ToLower(path.Ext(name)), "."))
		Record(&out, tagBinData, 0, b.Bytes())
	}
	var nb le
	for _, nf := range numberFormats {
		nb.u32(nf.code << 5)
		nb.u16(0)
		nb.u16(0)
		nb.u32(0)
		nb.wstr(nf.text)
	}
	nb.u16(1)
	for range 7 {
		nb.u32(1)
	}
	Record(&out, tagNumbering, 0, nb.Bytes())
	var bb le
	bb.u32(0)
	bb.u16(0)
	bb.u16(0)
	bb.u32(0)
	bb.u16('-')
	Record(&out, tagBullet, 0, bb.Bytes())
	for id := 0; id < 16; id++ {
		kind, ref, level := 0, 0, 0
		switch {
		case id >= 1 && id <= 7:
			kind, level = 1, id-1
		case id >= 8 && id <= 14:
			kind, ref, level = 2, 1, id-8
		case id == 15:
			kind, ref = 3, 1
		}
		var b le
		b.u32(kind<<23 | level<<25)
		for range 6 {
			b.u32(0)
		}
		b.u16(0)   // tab def
		b.u16(ref) // numbering or bullet id
		b.u16(0)
		for range 4 {
			b.u16(0)
		}
		b.u32(0)
		Record(&out, tagParaShape, 0, b.Bytes())
	}
	var sb le
	sb.wstr("바탕글")
	sb.wstr("Normal")
	sb.u8(0)
	sb.u8(0)
	sb.u16(1042)
	sb.u16(0)
	sb.u16(0)
	sb.u16(0)
	Record(&out, tagStyle, 0, sb.Bytes())
	return out.Bytes()
}

type hwpWriter struct {
	images []string
	vert   int
}

func ctrlChars(code int, id string) []uint16 {
	v := uint32(id[0])<<24 | uint32(id[1])<<16 | uint32(id[2])<<8 | uint32(id[3])
	return []uint16{uint16(code), uint16(v), uint16(v >> 16), 0, 0, 0, 0, uint16(code)}
}

func ctrlHead(id string, extra []byte) []byte {
	v := uint32(id[0])<<24 | uint32(id[1])<<16 | uint32(id[2])<<8 | uint32(id[3])
	b := binary.LittleEndian.AppendUint32(nil, v)
	return append(b, extra...)
}

// para writes a paragraph at level: its header, text (with a control
// character per control), and the controls' records one level deeper.
// Headers and footers ride on a paragraph of their own.
func (w *hwpWriter) para(out *bytes.Buffer, p Para, level int, header, footer []Para) {
	var text []uint16
	var ctrls bytes.Buffer
	cl := level + 1
	if len(header) > 0 {
		text = append(text, ctrlChars(16, "head")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("head", make([]byte, 8)))
		w.list(&ctrls, header, cl+1, nil)
	}
	if len(footer) > 0 {
		text = append(text, ctrlChars(16, "foot")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("foot", make([]byte, 8)))
		w.list(&ctrls, footer, cl+1, nil)
	}
	text = append(text, utf16.Encode([]rune(p.Text))...)
	if p.Equation != "" {
		text = append(text, ctrlChars(11, "eqed")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("eqed", make([]byte, 40)))
		var b le
		b.u32(0)
		b.wstr(p.Equation)
		b.u32(1000)
		b.u32(0)
		b.u16(0)
		Record(&ctrls, tagEqEdit, cl+1, b.Bytes())
	}
	if p.Footnote != "" {
		text = append(text, ctrlChars(17, "fn  ")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("fn  ", make([]byte, 16)))
		w.list(&ctrls, []Para{{Text: p.Footnote}}, cl+1, nil)
	}
	if p.Image != "" {
		text = append(text, ctrlChars(11, "gso ")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("gso ", make([]byte, 42)))
		Record(&ctrls, tagShapeComp, cl+1, ctrlHead("$pic", ctrlHead("$pic", make([]byte, 200))))
		pic := make([]byte, 78)
		binary.LittleEndian.PutUint16(pic[71:], uint16(slices.Index(w.images, p.Image)+1))
		Record(&ctrls, tagShapePicture, cl+2, pic)
	}
	if t := p.Table; t != nil {
		text = append(text, ctrlChars(11, "tbl ")...)
		Record(&ctrls, tagCtrlHeader, cl, ctrlHead("tbl ", make([]byte, 42)))
		if t.Caption != "" {
			var lh le
			lh.u32(1)
			lh.u32(0)
			lh.u32(0)
			lh.u32(0)
			lh.u16(0)
			lh.u32(0)
			w.list(&ctrls, []Para{{Text: t.Caption}}, cl+1, lh.Bytes())
		}
		var tb le
		tb.u32(0)
		tb.u16(t.Rows)
		tb.u16(t.Cols)
		tb.u16(0)
		for range 4 {
			tb.u16(0)
		}
		for range t.Rows {
			tb.u16(t.Cols)
		}
		tb.u16(1)
		Record(&ctrls, tagTable, cl+1, tb.Bytes())
		for _, c := range t.Cells {
			rs, cs := c.spans()
			var lh le
			lh.u32(len(c.Paras))
			lh.u32(0)
			lh.u16(c.Col)
			lh.u16(c.Row)
			lh.u16(cs)
			lh.u16(rs)
			lh.u32(5000)
			lh.u32(1000)
			for range 4 {
				lh.u16(141)
			}
			lh.u16(1)
			lh.u32(5000)
			w.list(&ctrls, c.Paras, cl+1, lh.Bytes())
		}
	}
	text = append(text, 13)
	var hb le
	hb.u32(len(text))
	hb.u32(0)
	shape := paraShapeID(p)
	hb.u16(shape)
	hb.u8(0)
	if p.PageBreak {
		hb.u8(0x04)
	} else {
		hb.u8(0)
	}
	hb.u16(1)
	hb.u16(0)
	hb.u16(1)
	hb.u32(0)
	Record(out, tagParaHeader, level, hb.Bytes())
	tb := make([]byte, 2*len(text))
	for i, c := range text {
		binary.LittleEndian.PutUint16(tb[2*i:], c)
	}
	Record(out, tagParaText, level+1, tb)
	Record(out, tagParaCharShape, level+1, make([]byte, 8))
	if level == 0 {
		if p.PageBreak {
			w.vert = 0
		}
		seg := make([]byte, 36)
		binary.LittleEndian.PutUint32(seg[4:], uint32(w.vert))
		w.vert += 1600
		Record(out, tagParaLineSeg, level+1, seg)
	}
	out.Write(ctrls.Bytes())
}

// list writes a LIST_HEADER (header bytes given, or a plain one) and its
// paragraphs at level.
func (w *hwpWriter) list(out *bytes.Buffer, ps []Para, level int, header []byte) {
	if header == nil {
		var lh le
		lh.u32(len(ps))
		lh.u32(0)
		header = lh.Bytes()
	}
	Record(out, tagListHeader, level, header)
	for _, p := range ps {
		w.para(out, p, level, nil, nil)
	}
}
