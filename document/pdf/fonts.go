package pdf

import (
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/policyqa/policyqa/document/pdf/cmap"
	"github.com/policyqa/policyqa/document/pdf/fontprog"
)

// maxCMapBytes bounds the ToUnicode or encoding CMap data read per font.
const maxCMapBytes = 8 << 20

// fontInfo is what the interpreter needs of a font: how to split a string
// into codes, decode a code, and measure it.
//
// Text comes, in this order (PDF 32000 §9.10.2), from the font's
// ToUnicode CMap (package cmap; the pdf library's own reader increments
// only the low byte across a bfrange and ignores ToUnicode whenever
// /Encoding is set), then for composite fonts from the CID through the
// character collection's CID → Unicode map (Adobe-Korea1-UCS2 for Korea1
// fonts and the predefined Korean CMaps) or, for other collections
// (Identity), through the embedded font program (package fontprog: the
// CIDToGIDMap, then the font's own cmap inverted or its glyph names), then
// for simple fonts from the /Encoding (the pdf library's WinAnsi, MacRoman
// and /Differences tables), where a symbolic TrueType font without one
// first asks its font program (code → glyph through its (3,0) or (1,0)
// cmap subtable, glyph → text as above). A code none of these maps is
// undecodable: it draws no text and is counted (PageText.Undecoded).
type fontInfo struct {
	name string
	// composite (Type0) fonts split strings with enc, which also maps
	// codes to CIDs; simple fonts use one byte per code.
	composite bool
	enc       *cmap.CMap
	toUni     *cmap.CMap
	cidUni    *cmap.CMap
	simple    lpdf.TextEncoding
	// vertical is the writing mode of a composite font (WMode 1).
	vertical bool

	first    int
	widths   []float64       // simple fonts, glyph space (1/1000 em except Type 3)
	cidW     map[int]float64 // composite fonts by CID, 1/1000 em
	defWidth float64
	vAdv     float64 // vertical advance (DW2's w1y), 1/1000 em, negative
	scale    float64 // glyph space to text space (1/1000 except Type 3)
	decoded  map[uint32]decoded
	// prog is the embedded font program, the last source of text: for
	// composite fonts without a CID → Unicode map, and for symbolic
	// simple TrueType fonts without an encoding (progFirst: it comes
	// before the Latin-1 fallback). nil when the font embeds none.
	prog      *program
	progFirst bool
}

type decoded struct {
	text string
	ok   bool
}

// next splits the first code off s.
func (f *fontInfo) next(s string) (code uint32, n int) {
	if !f.composite {
		return uint32(s[0]), 1
	}
	return f.enc.Next(s)
}

// cid returns the CID of a composite font's code (the code itself for
// simple fonts).
func (f *fontInfo) cid(code uint32) uint32 {
	if f.composite {
		if c, ok := f.enc.CID(code); ok {
			return c
		}
		return 0
	}
	return code
}

// decode maps one character code to text, memoised; ok is false when the
// code is undecodable.
func (f *fontInfo) decode(code uint32, raw string) (string, bool) {
	if d, ok := f.decoded[code]; ok {
		return d.text, d.ok
	}
	text, ok := f.lookup(code, raw)
	if f.decoded == nil {
		f.decoded = map[uint32]decoded{}
	}
	if len(f.decoded) < 1<<16 {
		f.decoded[code] = decoded{text, ok}
	}
	return text, ok
}

func (f *fontInfo) lookup(code uint32, raw string) (string, bool) {
	if f.toUni != nil {
		if s, ok := f.toUni.Text(code); ok {
			if s = usableText(s); s != "" {
				return s, true
			}
		}
	}
	if f.composite {
		if f.cidUni != nil {
			if s, ok := f.cidUni.Text(f.cid(code)); ok {
				if s = usableText(s); s != "" {
					return s, true
				}
			}
		}
		if f.prog != nil {
			if gid, ok := f.prog.gid(f.cid(code)); ok {
				if s, ok := f.prog.text(gid); ok {
					if s = usableText(s); s != "" {
						return s, true
					}
				}
			}
		}
		return "", false
	}
	if f.progFirst && f.prog != nil && code < 256 {
		if p := f.prog.load(); p != nil {
			if gid, ok := p.CodeGlyph(byte(code)); ok {
				if s, ok := f.prog.text(gid); ok {
					if s = usableText(s); s != "" {
						return s, true
					}
				}
			}
		}
	}
	if f.simple != nil {
		if s := usableText(f.simple.Decode(raw)); s != "" {
			return s, true
		}
	}
	return "", false
}

// usableText drops what a mapping may hold but a page never shows:
// invalid UTF-8, U+FFFD, noncharacters (Hancom maps unused codes to
// U+FFFF), and control characters other than whitespace.
func usableText(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	bad := func(r rune) bool {
		return r == utf8.RuneError || (r >= 0xFDD0 && r <= 0xFDEF) || r&0xFFFE == 0xFFFE ||
			(unicode.IsControl(r) && !unicode.IsSpace(r))
	}
	if strings.IndexFunc(s, bad) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if bad(r) {
			return -1
		}
		return r
	}, s)
}

func (f *fontInfo) width(code uint32) float64 {
	if f.composite {
		if w, ok := f.cidW[int(f.cid(code))]; ok {
			return w
		}
		return f.defWidth
	}
	if i := int(code) - f.first; i >= 0 && i < len(f.widths) {
		if w := f.widths[i]; w > 0 {
			return w
		}
	}
	return f.defWidth
}

// fontCache shares parsed fonts between the pages of one document. Fonts
// are keyed by what identifies a subset: base name (with subset tag), type,
// first code, widths count and ToUnicode length.
type fontCache map[string]*fontInfo

func (fc fontCache) load(v lpdf.Value) *fontInfo {
	if fc == nil {
		return loadFont(v)
	}
	tu := v.Key("ToUnicode")
	k := fmt.Sprintf("%s|%s|%d|%d|%d|%d|%s", v.Key("BaseFont").Name(), v.Key("Subtype").Name(),
		v.Key("FirstChar").Int64(), v.Key("Widths").Len(), tu.Key("Length").Int64(),
		v.Key("DescendantFonts").Index(0).Key("W").Len(), v.Key("Encoding").String())
	if f, ok := fc[k]; ok {
		return f
	}
	f := loadFont(v)
	if len(fc) < 4096 {
		fc[k] = f
	}
	return f
}

const maxWidthEntries = 1 << 16

// readStream reads at most maxCMapBytes of a stream; nil when it cannot.
func readStream(v lpdf.Value) []byte { return readStreamMax(v, maxCMapBytes) }

// readStreamMax reads at most limit bytes of a stream; nil when it
// cannot or the stream is longer.
func readStreamMax(v lpdf.Value, limit int) (data []byte) {
	defer func() {
		if recover() != nil {
			data = nil
		}
	}()
	if v.Kind() != lpdf.Stream {
		return nil
	}
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, int64(limit)+1))
	if err != nil || len(data) > limit {
		return nil
	}
	return data
}

// parseCMapStream reads an embedded CMap; nil when it holds nothing
// usable.
func parseCMapStream(v lpdf.Value) *cmap.CMap {
	data := readStream(v)
	if data == nil {
		return nil
	}
	m, err := cmap.Parse(data)
	if err != nil {
		return nil
	}
	if m.UseCMap == "" {
		if u := v.Key("UseCMap"); u.Kind() == lpdf.Name {
			m.UseCMap = u.Name()
		}
	}
	if m.UseCMap != "" {
		_ = m.Resolve(cmap.Predefined) // without its parent the CMap still maps its own codes
	}
	return m
}

// korea1 reports whether a character collection is Adobe-Korea1.
func korea1(registry, ordering string) bool {
	return registry == "Adobe" && ordering == "Korea1"
}

func loadFont(v lpdf.Value) *fontInfo {
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i >= 0 {
		base = base[i+1:]
	}
	fi := &fontInfo{name: base, scale: 0.001}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream {
		if m := parseCMapStream(tu); m != nil && m.HasText() {
			fi.toUni = m
		}
	}
	if v.Key("Subtype").Name() == "Type0" {
		loadComposite(fi, v)
		return fi
	}
	loadSimple(fi, v)
	return fi
}

func loadComposite(fi *fontInfo, v lpdf.Value) {
	fi.composite = true
	d := v.Key("DescendantFonts").Index(0)
	csi := d.Key("CIDSystemInfo")
	registry, ordering := csi.Key("Registry").Text(), csi.Key("Ordering").Text()
	switch e := v.Key("Encoding"); e.Kind() {
	case lpdf.Name:
		if m, err := cmap.Predefined(e.Name()); err == nil {
			fi.enc = m
			if !strings.HasPrefix(e.Name(), "Identity") {
				// A predefined CMap names its collection (PDF 32000
				// §9.10.2, second method).
				registry, ordering = m.Registry, m.Ordering
			}
		}
	case lpdf.Stream:
		if m := parseCMapStream(e); m != nil && m.HasCodespace() {
			fi.enc = m
			if m.Registry != "" && m.Ordering != "" && !strings.EqualFold(m.Ordering, "Identity") {
				registry, ordering = m.Registry, m.Ordering
			}
		}
	}
	if fi.enc == nil {
		// An encoding we do not ship (Japanese, Chinese CMaps) or a broken
		// one: two-byte codes, CID = code.
		fi.enc, _ = cmap.Predefined("Identity-H")
	}
	fi.vertical = fi.enc.WMode == 1
	if korea1(registry, ordering) {
		if m, err := cmap.Predefined(cmap.Korea1UCS2); err == nil {
			fi.cidUni = m
		}
	}
	if fi.cidUni == nil {
		fi.prog = compositeProgram(d)
	}
	fi.defWidth = 1000
	if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
		fi.defWidth = dw.Float64()
	}
	fi.vAdv = -1000
	if dw2 := d.Key("DW2"); dw2.Len() == 2 && dw2.Index(1).Float64() < 0 {
		fi.vAdv = dw2.Index(1).Float64()
	}
	fi.cidW = map[int]float64{}
	w := d.Key("W")
	n := min(w.Len(), maxWidthEntries)
	for i := 0; i < n; {
		c := int(w.Index(i).Int64())
		next := w.Index(i + 1)
		if next.Kind() == lpdf.Array {
			for j := 0; j < next.Len() && len(fi.cidW) < maxWidthEntries; j++ {
				fi.cidW[c+j] = next.Index(j).Float64()
			}
			i += 2
			continue
		}
		last := int(next.Int64())
		wv := w.Index(i + 2).Float64()
		for c2 := c; c2 <= last && c2-c < maxWidthEntries && len(fi.cidW) < maxWidthEntries; c2++ {
			fi.cidW[c2] = wv
		}
		i += 3
	}
}

// hasProgram reports whether a font descriptor embeds a TrueType,
// OpenType or CFF font program.
func hasProgram(fd lpdf.Value) bool {
	return fd.Key("FontFile2").Kind() == lpdf.Stream || fd.Key("FontFile3").Kind() == lpdf.Stream
}

// compositeProgram returns the font program of a CIDFont d, nil when it
// embeds none. A CIDFontType2 maps CIDs to glyphs through its
// CIDToGIDMap (Identity when absent or a name); a CIDFontType0's CIDs
// are glyph ids only in a name-keyed CFF, so only glyph names count.
func compositeProgram(d lpdf.Value) *program {
	fd := d.Key("FontDescriptor")
	if !hasProgram(fd) {
		return nil
	}
	pr := &program{desc: fd}
	switch d.Key("Subtype").Name() {
	case "CIDFontType2":
		if m := d.Key("CIDToGIDMap"); m.Kind() == lpdf.Stream {
			pr.cidToGID = readStreamMax(m, 2*fontprog.MaxGlyphs)
			if pr.cidToGID == nil {
				return nil
			}
		}
	case "CIDFontType0":
		pr.cff = true
	default:
		return nil
	}
	return pr
}

func loadSimple(fi *fontInfo, v lpdf.Value) {
	e := v.Key("Encoding")
	if e.Kind() == lpdf.Dict || e.Name() == "WinAnsiEncoding" || e.Name() == "MacRomanEncoding" {
		// WinAnsi, MacRoman and /Differences with glyph names: the pdf
		// library's tables. (It ignores ToUnicode whenever /Encoding is
		// set, which is why ours comes first; other names would make it
		// read ToUnicode with its own reader, so they are not passed.)
		f := lpdf.Font{V: v}
		fi.simple = f.Encoder()
	}
	if fi.simple == nil {
		fi.simple = latin1Encoding{}
		fd := v.Key("FontDescriptor")
		// A symbolic TrueType font without a usable /Encoding draws its
		// codes through its own cmap (PDF 32000 §9.6.6.4).
		if v.Key("Subtype").Name() == "TrueType" && fi.toUni == nil &&
			(fd.Key("Flags").Int64()&4 != 0 || e.Kind() == lpdf.Null) && hasProgram(fd) {
			fi.prog = &program{desc: fd}
			fi.progFirst = true
		}
	}
	fi.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	n := min(ws.Len(), 256)
	fi.widths = make([]float64, n)
	sum, cnt := 0.0, 0
	for i := range n {
		fi.widths[i] = ws.Index(i).Float64()
		if fi.widths[i] > 0 {
			sum += fi.widths[i]
			cnt++
		}
	}
	fi.defWidth = 500
	if cnt > 0 {
		fi.defWidth = sum / float64(cnt)
	}
	if v.Key("Subtype").Name() == "Type3" {
		if fm := v.Key("FontMatrix"); fm.Len() == 6 && fm.Index(0).Float64() != 0 {
			fi.scale = fm.Index(0).Float64()
			// Widths are in glyph space; convert the default to match.
			fi.defWidth = 0.5 / fi.scale
		}
	}
}

// latin1Encoding decodes bytes as Latin-1 (Standard and PDFDoc encoding
// agree with it on ASCII); the fallback for simple fonts without
// /Encoding.
type latin1Encoding struct{}

func (latin1Encoding) Decode(raw string) string {
	var sb strings.Builder
	for i := 0; i < len(raw); i++ {
		sb.WriteRune(rune(raw[i]))
	}
	return sb.String()
}
