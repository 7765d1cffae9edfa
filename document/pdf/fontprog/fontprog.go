// Package fontprog reads what an embedded font program (a PDF font's
// FontFile2 or FontFile3 stream) knows about the text of its glyphs: the
// font's own cmap table (Unicode → glyph id, inverted) and its glyph names
// (the post table of TrueType and OpenType fonts, the charset of a CFF
// font). It is the last resort of text extraction for fonts without a
// ToUnicode CMap and without a character collection that maps CIDs to
// Unicode: CID TrueType fonts (CIDFontType2) with Identity ordering and
// simple TrueType fonts with a symbolic or absent encoding, which is where
// poppler and pdf.js read the font program too.
//
// The binary tables are parsed by github.com/go-text/typesetting (package
// font and its opentype, tables and cff packages); this package only
// chooses and inverts. The rules are those of PDF 32000-1:2008 §9.6.6.4
// (simple TrueType fonts: a code goes through the (3,0) subtable at
// 0xF000+code, else the (1,0) subtable) and §9.7.4.2 (CIDToGIDMap), and of
// the Adobe Glyph List specification for names (resolved by the caller,
// see Program.Name).
package fontprog

import (
	"bytes"
	"errors"
	"fmt"
	"sort"
	"unicode"

	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/font/cff"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
)

// MaxGlyphs is the largest glyph count a font may declare (glyph ids are
// 16 bits).
const MaxGlyphs = 1 << 16

// ErrNoText is returned when a font program parses but holds neither a
// Unicode cmap subtable nor glyph names.
var ErrNoText = errors.New("fontprog: font has no Unicode cmap and no glyph names")

// Program is what one font program says about its glyphs. The zero value
// knows nothing. A Program is immutable and safe for concurrent use.
type Program struct {
	// uni maps glyph ids to the code point the font's Unicode cmap
	// subtables give them (the lowest one outside the Private Use Areas
	// when several map to one glyph).
	uni map[uint16]rune
	// symbol and mac are the (3,0) and (1,0) subtables: codes → glyph ids.
	symbol, mac map[uint32]uint16
	names       []string // by glyph id; nil when the font names none
}

// GlyphRune returns the code point the font's own Unicode cmap gives the
// glyph, and whether it gives one.
func (p *Program) GlyphRune(gid uint16) (rune, bool) {
	r, ok := p.uni[gid]
	return r, ok
}

// Name returns the glyph's name from the post table or the CFF charset,
// "" when it has none (post table version 3, CID-keyed CFF, .notdef). A
// name is a PostScript glyph name; its text follows the Adobe Glyph List
// rules ("uniAC00", "zero"), which the caller applies.
func (p *Program) Name(gid uint16) string {
	if int(gid) < len(p.names) {
		return p.names[gid]
	}
	return ""
}

// HasNames reports whether the font names its glyphs.
func (p *Program) HasNames() bool {
	for _, n := range p.names {
		if n != "" {
			return true
		}
	}
	return false
}

// NumNamed returns len of the glyph-name table (the font's glyph count
// when it names glyphs, 0 otherwise).
func (p *Program) NumNamed() int { return len(p.names) }

// CodeGlyph maps a simple font's one-byte code to a glyph id through the
// font's own cmap, as PDF 32000 §9.6.6.4 prescribes for symbolic
// TrueType fonts: the (3,0) subtable at 0xF000+code (and, as pdf.js and
// poppler also try, at the code itself, 0xF100+code and 0xF200+code),
// else the (1,0) subtable at the code.
func (p *Program) CodeGlyph(code byte) (uint16, bool) {
	if p.symbol != nil {
		for _, c := range []uint32{0xF000 | uint32(code), uint32(code), 0xF100 | uint32(code), 0xF200 | uint32(code)} {
			if g, ok := p.symbol[c]; ok && g != 0 {
				return g, true
			}
		}
	}
	if g, ok := p.mac[uint32(code)]; ok && g != 0 {
		return g, true
	}
	return 0, false
}

// usableRune reports whether a code point from a cmap stands for text:
// not in a Private Use Area (symbol fonts' 0xF0xx codes), not a control,
// not a surrogate or noncharacter.
func usableRune(r rune) bool {
	switch {
	case r <= 0 || r > unicode.MaxRune, r >= 0xD800 && r <= 0xDFFF,
		r >= 0xE000 && r <= 0xF8FF, r >= 0xF0000, r&0xFFFE == 0xFFFE,
		r >= 0xFDD0 && r <= 0xFDEF:
		return false
	}
	return !unicode.IsControl(r)
}

// ParseSFNT reads a TrueType or OpenType font program (FontFile2, or
// FontFile3 with Subtype OpenType; a TrueType collection's first font).
// Fonts without a cmap table are read too (PDF subsets often drop it):
// their glyph names still count. The error wraps ErrNoText when the font
// holds neither a Unicode cmap nor glyph names; malformed data gives
// another error, never a panic.
func ParseSFNT(data []byte) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("fontprog: malformed font: %v", r)
		}
	}()
	sound, err := soundTables(data)
	if err != nil {
		return nil, err
	}
	lds, err := ot.NewLoaders(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("fontprog: %w", err)
	}
	if len(lds) == 0 {
		return nil, fmt.Errorf("fontprog: empty font collection")
	}
	ld := lds[0]
	p = &Program{}
	if sound[ot.MustNewTag("cmap")] {
		if raw, err := ld.RawTable(ot.MustNewTag("cmap")); err == nil {
			p.readCmap(raw)
		}
	}
	p.names = glyphNames(ld, sound)
	if len(p.uni) == 0 && !p.HasNames() && p.symbol == nil && p.mac == nil {
		return nil, ErrNoText
	}
	return p, nil
}

// readCmap inverts the Unicode subtables and keeps the symbol and
// Macintosh ones as code maps. Each subtable goes through
// font.ProcessCmap alone, so that its own codes are read as they are.
func (p *Program) readCmap(raw []byte) {
	if len(raw) < 4 {
		return
	}
	// A font has a handful of subtables; a header claiming thousands
	// (each parsed in full by ParseCmap) is cut to the first few.
	if n := int(raw[2])<<8 | int(raw[3]); n > maxCmapRecords {
		raw = append([]byte(nil), raw...)
		raw[2], raw[3] = 0, maxCmapRecords
	}
	tb, _, err := tables.ParseCmap(raw)
	if err != nil {
		return
	}
	budget := maxCmapEntries
	for _, rec := range tb.Records {
		cm, _, err := font.ProcessCmap(tables.Cmap{Records: []tables.EncodingRecord{rec}}, tables.FPNone)
		if err != nil || cm == nil {
			continue
		}
		switch {
		case rec.PlatformID == tables.PlatformMicrosoft && rec.EncodingID == tables.PEMicrosoftSymbolCs:
			p.symbol = codeMap(cm, p.symbol, &budget)
		case rec.PlatformID == tables.PlatformMac && rec.EncodingID == 0:
			p.mac = codeMap(cm, p.mac, &budget)
		case rec.PlatformID == tables.PlatformUnicode,
			rec.PlatformID == tables.PlatformMicrosoft && (rec.EncodingID == tables.PEMicrosoftUnicodeCs || rec.EncodingID == tables.PEMicrosoftUcs4):
			p.invert(cm, &budget)
		}
	}
}

// codeMap adds a code subtable's entries to m, at most *budget of them
// (the budget shrinks by what was read).
func codeMap(cm font.Cmap, m map[uint32]uint16, budget *int) map[uint32]uint16 {
	if m == nil {
		m = map[uint32]uint16{}
	}
	it := cm.Iter()
	for ; *budget > 0 && it.Next(); *budget-- {
		r, g := it.Char()
		if g < MaxGlyphs {
			if _, ok := m[uint32(r)]; !ok {
				m[uint32(r)] = uint16(g)
			}
		}
	}
	return m
}

const (
	// maxCmapEntries bounds the code points read from a font's cmap
	// subtables together (Unicode has 1.1 million; a format 12 group can
	// claim all of them).
	maxCmapEntries = 1 << 18
	// maxCmapRecords bounds the subtables read.
	maxCmapRecords = 16
)

// invert adds a Unicode subtable's entries to p.uni (see codeMap for
// budget).
func (p *Program) invert(cm font.Cmap, budget *int) {
	if p.uni == nil {
		p.uni = map[uint16]rune{}
	}
	it := cm.Iter()
	for ; *budget > 0 && it.Next(); *budget-- {
		r, g := it.Char()
		if g == 0 || g >= MaxGlyphs || !usableRune(r) {
			continue
		}
		if old, ok := p.uni[uint16(g)]; !ok || r < old {
			p.uni[uint16(g)] = r
		}
	}
}

// emptyCmap is a cmap table with one (3,1) format 4 subtable holding only
// the final 0xFFFF segment: font.NewFont requires a cmap, and the names
// need none (the font's own was read by readCmap, or is missing: PDF
// subsets often drop it).
var emptyCmap = []byte{
	0, 0, 0, 1, // version 0, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // (3,1) at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length 24, language 0
	0, 2, 0, 2, 0, 0, 0, 0, // segCountX2 2, searchRange 2, entrySelector 0, rangeShift 0
	0xFF, 0xFF, 0, 0, // endCode, reservedPad
	0xFF, 0xFF, 0, 1, 0, 0, // startCode, idDelta 1, idRangeOffset 0
}

// glyphNames reads the post table's names (or an OpenType CFF table's
// charset) through font.NewFont, given only the tables it needs; nil when
// the font names no glyph.
func glyphNames(ld *ot.Loader, sound map[ot.Tag]bool) []string {
	ts := []ot.Table{{Tag: ot.MustNewTag("cmap"), Content: emptyCmap}}
	for _, tag := range []string{"CFF ", "head", "maxp", "post"} {
		t := ot.MustNewTag(tag)
		if !sound[t] {
			continue
		}
		if raw, err := ld.RawTable(t); err == nil {
			ts = append(ts, ot.Table{Tag: t, Content: raw})
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Tag < ts[j].Tag })
	ld2, err := ot.NewLoader(bytes.NewReader(ot.WriteTTF(ts)))
	if err != nil {
		return nil
	}
	f, err := font.NewFont(ld2)
	if err != nil {
		return nil
	}
	raw, err := ld2.RawTable(ot.MustNewTag("maxp"))
	if err != nil {
		return nil
	}
	maxp, _, err := tables.ParseMaxp(raw)
	if err != nil {
		return nil
	}
	return namesOf(f.GlyphName, int(maxp.NumGlyphs))
}

func namesOf(name func(ot.GID) string, n int) []string {
	n = min(n, MaxGlyphs)
	out := make([]string, n)
	any := false
	for g := 1; g < n; g++ { // glyph 0 is .notdef
		if s := name(ot.GID(g)); s != "" && s != ".notdef" {
			out[g] = s
			any = true
		}
	}
	if !any {
		return nil
	}
	return out
}

// soundTables reads the table directory of an sfnt font (the first of a
// collection) and returns the tags of the tables that lie within data.
// The font loader allocates a table's declared length before reading it,
// so a table claiming 4 GB in a 600-byte file is never asked for. WOFF
// and other wrappers (not PDF font programs) are an error.
func soundTables(data []byte) (map[ot.Tag]bool, error) {
	be := func(i int) uint32 {
		if i < 0 || i+4 > len(data) {
			return 0
		}
		return uint32(data[i])<<24 | uint32(data[i+1])<<16 | uint32(data[i+2])<<8 | uint32(data[i+3])
	}
	off := 0
	if len(data) >= 16 && string(data[:4]) == "ttcf" {
		off = int(be(12))
	}
	if off < 0 || off+12 > len(data) {
		return nil, errors.New("fontprog: truncated font header")
	}
	switch be(off) {
	case 0x00010000, 0x74727565, 0x4F54544F: // TrueType, 'true', 'OTTO'
	default:
		return nil, fmt.Errorf("fontprog: not a TrueType or OpenType font (%q)", data[off:off+4])
	}
	n := int(be(off+4) >> 16)
	sound := map[ot.Tag]bool{}
	for i := range n {
		rec := off + 12 + 16*i
		if rec+16 > len(data) {
			break
		}
		start, length := uint64(be(rec+8)), uint64(be(rec+12))
		if start+length <= uint64(len(data)) {
			sound[ot.Tag(be(rec))] = true
		}
	}
	return sound, nil
}

// ParseCFF reads a bare CFF font program (FontFile3 with Subtype Type1C
// or CIDFontType0C). A name-keyed CFF names its glyphs through its
// charset; a CID-keyed one (CIDFontType0C) names none, and gives an error
// wrapping ErrNoText. Malformed data gives an error, never a panic.
func ParseCFF(data []byte) (p *Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("fontprog: malformed CFF font: %v", r)
		}
	}()
	c, err := cff.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("fontprog: %w", err)
	}
	p = &Program{names: namesOf(c.GlyphName, len(c.Charstrings))}
	if !p.HasNames() {
		return nil, ErrNoText
	}
	return p, nil
}
