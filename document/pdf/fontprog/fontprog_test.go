package fontprog

import (
	"errors"
	"testing"

	"github.com/policyqa/policyqa/internal/pdftest"
)

var hangul = []pdftest.Glyph{
	{Rune: '대', Name: "uB300"}, {Rune: '한', Name: "uniD55C"}, {Rune: '2', Name: "two"},
	{Rune: 0xE001, Name: "uniE001"}, {Rune: '0', Name: "zero"},
}

func TestParseSFNT(t *testing.T) {
	tests := []struct {
		name  string
		opts  pdftest.TrueTypeOptions
		runes map[uint16]rune   // glyph id → cmap's code point
		names map[uint16]string // glyph id → name
		codes map[byte]uint16   // simple-font code → glyph id
	}{
		{
			name:  "Unicode cmap, no names",
			runes: map[uint16]rune{1: '대', 2: '한', 3: '2', 5: '0'},
		},
		{
			name:  "no cmap, post names",
			opts:  pdftest.TrueTypeOptions{NoCmap: true, Names: true},
			names: map[uint16]string{1: "uB300", 2: "uniD55C", 3: "two", 5: "zero"},
		},
		{
			name:  "symbol cmap and names",
			opts:  pdftest.TrueTypeOptions{Symbol: true, SymbolFirst: 0x21, Names: true},
			names: map[uint16]string{2: "uniD55C"},
			codes: map[byte]uint16{0x21: 1, 0x22: 2, 0x25: 5},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseSFNT(pdftest.TrueType(hangul, tt.opts))
			if err != nil {
				t.Fatal(err)
			}
			for g, want := range tt.runes {
				if r, ok := p.GlyphRune(g); !ok || r != want {
					t.Errorf("GlyphRune(%d) = %q, %v; want %q", g, r, ok, want)
				}
			}
			if tt.runes == nil {
				if r, ok := p.GlyphRune(1); ok {
					t.Errorf("GlyphRune(1) = %q from a font without a Unicode cmap", r)
				}
			} else if r, ok := p.GlyphRune(4); ok {
				t.Errorf("GlyphRune(4) = %U, a Private Use Area code point", r)
			}
			for g, want := range tt.names {
				if got := p.Name(g); got != want {
					t.Errorf("Name(%d) = %q, want %q", g, got, want)
				}
			}
			if tt.names == nil && p.HasNames() {
				t.Errorf("HasNames for a version 3 post table")
			}
			for c, want := range tt.codes {
				if g, ok := p.CodeGlyph(c); !ok || g != want {
					t.Errorf("CodeGlyph(%#x) = %d, %v; want %d", c, g, ok, want)
				}
			}
			if _, ok := p.CodeGlyph(0x7e); ok {
				t.Errorf("CodeGlyph(0x7e) found a glyph the font does not map")
			}
		})
	}
}

func TestParseSFNTErrors(t *testing.T) {
	if _, err := ParseSFNT(pdftest.TrueType(hangul, pdftest.TrueTypeOptions{NoCmap: true})); !errors.Is(err, ErrNoText) {
		t.Errorf("font without cmap and names: err = %v, want ErrNoText", err)
	}
	for _, data := range [][]byte{nil, []byte("not a font"), pdftest.TrueType(hangul, pdftest.TrueTypeOptions{})[:40]} {
		if p, err := ParseSFNT(data); err == nil {
			t.Errorf("ParseSFNT(%d bytes) = %v, want an error", len(data), p)
		}
	}
}

func TestParseCFF(t *testing.T) {
	p, err := ParseCFF(pdftest.CFF([]string{"uniAD6D", "eight", "g17"}))
	if err != nil {
		t.Fatal(err)
	}
	for g, want := range map[uint16]string{0: "", 1: "uniAD6D", 2: "eight", 3: "g17", 4: ""} {
		if got := p.Name(g); got != want {
			t.Errorf("Name(%d) = %q, want %q", g, got, want)
		}
	}
	if _, ok := p.GlyphRune(1); ok {
		t.Error("a bare CFF has no cmap")
	}
	for _, data := range [][]byte{nil, []byte{1, 0, 4, 2, 0, 5}, []byte("%!PS-AdobeFont-1.0")} {
		if _, err := ParseCFF(data); err == nil {
			t.Errorf("ParseCFF(%q): want an error", data)
		}
	}
}

// FuzzParse checks that the parsers never panic on any font program and
// that a Program answers every lookup.
func FuzzParse(f *testing.F) {
	f.Add(pdftest.TrueType(hangul, pdftest.TrueTypeOptions{Names: true}))
	f.Add(pdftest.TrueType(hangul, pdftest.TrueTypeOptions{NoCmap: true, Names: true}))
	f.Add(pdftest.TrueType(hangul, pdftest.TrueTypeOptions{Symbol: true, SymbolFirst: 0x41}))
	f.Add(pdftest.CFF([]string{"uniAC00", "A"}))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, parse := range []func([]byte) (*Program, error){ParseSFNT, ParseCFF} {
			p, err := parse(data)
			if err != nil {
				continue
			}
			for g := range uint16(300) {
				p.GlyphRune(g)
				p.Name(g)
			}
			for c := range 256 {
				p.CodeGlyph(byte(c))
			}
		}
	})
}
