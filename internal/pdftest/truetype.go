package pdftest

import (
	"encoding/binary"
	"sort"

	ot "github.com/go-text/typesetting/font/opentype"
)

// Glyph is one glyph of a font TrueType builds: the code point its cmap
// gives it (0: none) and its post-table name ("": none).
type Glyph struct {
	Rune rune
	Name string
}

// TrueTypeOptions chooses the tables TrueType writes.
type TrueTypeOptions struct {
	// NoCmap leaves the cmap table out (PDF subsets often do).
	NoCmap bool
	// Symbol writes a (3,0) symbol subtable mapping 0xF000+code to glyph
	// code (glyph i+1 at code SymbolFirst+i) instead of a Unicode one.
	Symbol      bool
	SymbolFirst byte
	// Names writes a version 2 post table with the glyphs' names;
	// otherwise version 3 (no names).
	Names bool
}

// TrueType returns a small TrueType font program: glyph 0 is .notdef and
// glyph i+1 is glyphs[i], each a filled square 600 units wide, with head,
// hhea, maxp, hmtx, loca, glyf and the cmap and post tables opts asks
// for. It is a valid font for poppler and FreeType; tests use it as the
// FontFile2 of PDFs they build.
func TrueType(glyphs []Glyph, opts TrueTypeOptions) []byte {
	n := len(glyphs) + 1
	be := binary.BigEndian
	u16 := func(b []byte, v ...uint16) []byte {
		for _, x := range v {
			b = be.AppendUint16(b, x)
		}
		return b
	}
	u32 := func(b []byte, v ...uint32) []byte {
		for _, x := range v {
			b = be.AppendUint32(b, x)
		}
		return b
	}

	var head []byte
	head = u32(head, 0x00010000, 0x00010000, 0, 0x5F0F3CF5)
	head = u16(head, 0x000B, 1000)        // flags, unitsPerEm
	head = u32(head, 0, 0, 0, 0)          // created, modified
	head = u16(head, 0, 0xFF38, 600, 800) // xMin, yMin (-200), xMax, yMax
	head = u16(head, 0, 8, 2, 0, 0)       // macStyle, lowestRecPPEM, fontDirectionHint, short loca, glyphDataFormat

	var hhea []byte
	hhea = u32(hhea, 0x00010000)
	hhea = u16(hhea, 800, 0xFF38, 0, 600, 0, 0, 600, 1, 0, 0, 0, 0, 0, 0, 0, uint16(n))

	var maxp []byte
	maxp = u32(maxp, 0x00010000)
	maxp = u16(maxp, uint16(n), 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0)

	var hmtx, glyf, loca []byte
	for range n {
		hmtx = u16(hmtx, 600, 50)
		loca = u16(loca, uint16(len(glyf)/2))
		// One contour, a square from (50,0) to (550,500).
		glyf = u16(glyf, 1, 50, 0, 550, 500, 3, 0)
		glyf = append(glyf, 1, 1, 1, 1)      // on-curve, long coordinates
		glyf = u16(glyf, 50, 500, 0, 0xFE0C) // x deltas: 50, +500, 0, -500
		glyf = u16(glyf, 0, 0, 500, 0)       // y deltas
	}
	loca = u16(loca, uint16(len(glyf)/2))

	ts := []ot.Table{
		{Tag: ot.MustNewTag("head"), Content: head},
		{Tag: ot.MustNewTag("hhea"), Content: hhea},
		{Tag: ot.MustNewTag("maxp"), Content: maxp},
		{Tag: ot.MustNewTag("hmtx"), Content: hmtx},
		{Tag: ot.MustNewTag("loca"), Content: loca},
		{Tag: ot.MustNewTag("glyf"), Content: glyf},
		{Tag: ot.MustNewTag("post"), Content: post(glyphs, opts.Names)},
	}
	if !opts.NoCmap {
		type pair struct {
			code uint16
			gid  uint16
		}
		var pairs []pair
		for i, g := range glyphs {
			switch {
			case opts.Symbol:
				pairs = append(pairs, pair{0xF000 | uint16(opts.SymbolFirst) + uint16(i), uint16(i + 1)})
			case g.Rune > 0 && g.Rune < 0xFFFF:
				pairs = append(pairs, pair{uint16(g.Rune), uint16(i + 1)})
			}
		}
		sort.Slice(pairs, func(i, j int) bool { return pairs[i].code < pairs[j].code })
		// Format 4, one segment per code and the final 0xFFFF one.
		seg := len(pairs) + 1
		sr, es := 1, 0
		for sr*2 <= seg {
			sr *= 2
			es++
		}
		var sub []byte
		sub = u16(sub, 4, uint16(16+8*seg), 0, uint16(2*seg), uint16(2*sr), uint16(es), uint16(2*seg-2*sr))
		for _, p := range pairs {
			sub = u16(sub, p.code)
		}
		sub = u16(sub, 0xFFFF, 0)
		for _, p := range pairs {
			sub = u16(sub, p.code)
		}
		sub = u16(sub, 0xFFFF)
		for _, p := range pairs {
			sub = u16(sub, p.gid-p.code)
		}
		sub = u16(sub, 1)
		for range seg {
			sub = u16(sub, 0)
		}
		enc := uint16(1)
		if opts.Symbol {
			enc = 0
		}
		var cm []byte
		cm = u16(cm, 0, 1, 3, enc)
		cm = u32(cm, 12)
		cm = append(cm, sub...)
		ts = append(ts, ot.Table{Tag: ot.MustNewTag("cmap"), Content: cm})
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Tag < ts[j].Tag })
	return ot.WriteTTF(ts)
}

// post writes a version 2 post table naming the glyphs (.notdef first,
// the others as custom names), or a version 3 one.
func post(glyphs []Glyph, names bool) []byte {
	be := binary.BigEndian
	var b []byte
	version := uint32(0x00030000)
	if names {
		version = 0x00020000
	}
	b = be.AppendUint32(b, version)
	b = append(b, make([]byte, 28)...) // italicAngle … maxMemType1
	if !names {
		return b
	}
	b = be.AppendUint16(b, uint16(len(glyphs)+1))
	b = be.AppendUint16(b, 0) // .notdef: standard name 0
	var strs []byte
	k := 0
	for _, g := range glyphs {
		if g.Name == "" {
			b = be.AppendUint16(b, 0)
			continue
		}
		b = be.AppendUint16(b, uint16(258+k))
		strs = append(strs, byte(len(g.Name)))
		strs = append(strs, g.Name...)
		k++
	}
	return append(b, strs...)
}
