package pdf

import (
	"bytes"
	"fmt"
	"strings"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/policyqa/policyqa/document/pdf/cmap"
	"github.com/policyqa/policyqa/document/pdf/fontprog"
)

// maxFontProgramBytes bounds the embedded font program read per font (a
// whole CJK TrueType font is 5–20 MB).
const maxFontProgramBytes = 48 << 20

// program is a font's embedded font program as a last source of text
// (package fontprog), loaded on the first code the font's mappings leave
// undecoded.
type program struct {
	desc lpdf.Value // the font descriptor holding FontFile2 or FontFile3
	// cidToGID is a CIDFontType2's CIDToGIDMap stream (two bytes per CID);
	// nil for the Identity map.
	cidToGID []byte
	// cff restricts the program to glyph names: a CIDFontType0's CIDs are
	// glyph ids only in a name-keyed CFF font.
	cff bool

	loaded bool
	p      *fontprog.Program
	names  map[string]string // glyph name → text
}

// gid maps a CID to a glyph id through the CIDToGIDMap (PDF 32000
// §9.7.4.2); ok is false past the map's end.
func (pr *program) gid(cid uint32) (uint16, bool) {
	if pr.cidToGID == nil {
		return uint16(cid), cid < fontprog.MaxGlyphs
	}
	i := 2 * int(cid)
	if cid >= fontprog.MaxGlyphs || i+1 >= len(pr.cidToGID) {
		return 0, false
	}
	return uint16(pr.cidToGID[i])<<8 | uint16(pr.cidToGID[i+1]), true
}

func (pr *program) load() *fontprog.Program {
	if pr.loaded {
		return pr.p
	}
	pr.loaded = true
	var (
		p   *fontprog.Program
		err error
	)
	if ff := pr.desc.Key("FontFile2"); ff.Kind() == lpdf.Stream {
		if data := readStreamMax(ff, maxFontProgramBytes); data != nil {
			p, err = fontprog.ParseSFNT(data)
		}
	} else if ff := pr.desc.Key("FontFile3"); ff.Kind() == lpdf.Stream {
		if data := readStreamMax(ff, maxFontProgramBytes); data != nil {
			if ff.Key("Subtype").Name() == "OpenType" {
				p, err = fontprog.ParseSFNT(data)
			} else {
				p, err = fontprog.ParseCFF(data)
			}
		}
	}
	if err != nil || p == nil || (pr.cff && !p.HasNames()) {
		return nil
	}
	pr.p = p
	var todo []string
	seen := map[string]bool{}
	for g := range p.NumNamed() {
		n := p.Name(uint16(g))
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if cmap.GlyphNameText(n) == "" {
			todo = append(todo, n)
		}
	}
	pr.names = aglTexts(todo)
	return p
}

// text returns the text the font program gives a glyph: its own Unicode
// cmap inverted, else its glyph name read by the Adobe Glyph List rules.
func (pr *program) text(gid uint16) (string, bool) {
	p := pr.load()
	if p == nil || gid == 0 {
		return "", false
	}
	if !pr.cff {
		if r, ok := p.GlyphRune(gid); ok {
			return string(r), true
		}
	}
	name := p.Name(gid)
	if name == "" {
		return "", false
	}
	if s := cmap.GlyphNameText(name); s != "" {
		return s, true
	}
	if s := pr.names[name]; s != "" {
		return s, true
	}
	return "", false
}

// aglTexts maps glyph names to text through the pdf library's Adobe Glyph
// List (4,000 names: "zero", "comma", "Aacute", …), the table it reads
// /Differences encodings with. The table is unexported, so this reaches
// it the way a PDF does: an in-memory font dictionary whose /Differences
// lists the names, decoded code by code. Names that are not PDF name
// tokens or that the list lacks are left out.
func aglTexts(names []string) map[string]string {
	out := map[string]string{}
	for len(names) > 0 {
		n := min(len(names), 255)
		batch := names[:n]
		names = names[n:]
		var diffs strings.Builder
		codes := map[int]string{}
		code := 1
		for _, name := range batch {
			if !pdfNameToken(name) {
				continue
			}
			fmt.Fprintf(&diffs, "%d /%s ", code, name)
			codes[code] = name
			code++
		}
		if len(codes) == 0 {
			continue
		}
		enc, ok := differencesEncoder(diffs.String())
		if !ok {
			continue
		}
		for c, name := range codes {
			if s := usableText(enc.Decode(string([]byte{byte(c)}))); s != "" && s != string(rune(c)) {
				out[name] = s
			}
		}
	}
	return out
}

// pdfNameToken reports whether s can be written as a PDF name without
// escapes.
func pdfNameToken(s string) bool {
	if s == "" || len(s) > 127 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>[]{}/%#", c) >= 0 {
			return false
		}
	}
	return true
}

// differencesEncoder builds, with the pdf library, the encoder of a simple
// font whose /Encoding is << /Differences [diffs] >>.
func differencesEncoder(diffs string) (enc lpdf.TextEncoding, ok bool) {
	defer func() {
		if recover() != nil {
			enc, ok = nil, false
		}
	}()
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	off := b.Len()
	fmt.Fprintf(&b, "1 0 obj\n<< /Type /Font /Subtype /Type1 /Encoding << /Differences [%s] >> >>\nendobj\n", diffs)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 2\n0000000000 65535 f \n%010d 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", off, xref)
	r, err := lpdf.NewReader(bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		return nil, false
	}
	f := lpdf.Font{V: r.Trailer().Key("Root")}
	return f.Encoder(), true
}
