package cmap

import (
	"strconv"
	"strings"
)

// glyphNameRunes maps a glyph name written where a bfchar or bfrange
// destination belongs to its text, by the Adobe Glyph List rules for
// "uniXXXX[XXXX…]" and "uXXXX[XX]" names and single ASCII characters;
// nil for other names.
func glyphNameRunes(name string) []rune {
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	switch {
	case len(name) == 1 && name[0] > ' ' && name[0] < 0x7f:
		return []rune{rune(name[0])}
	case strings.HasPrefix(name, "uni") && len(name) >= 7 && (len(name)-3)%4 == 0:
		var out []rune
		for i := 3; i < len(name); i += 4 {
			v, err := strconv.ParseUint(name[i:i+4], 16, 16)
			if err != nil || (v >= 0xD800 && v <= 0xDFFF) {
				return nil
			}
			out = append(out, rune(v))
		}
		return out
	case strings.HasPrefix(name, "u") && len(name) >= 5 && len(name) <= 7:
		v, err := strconv.ParseUint(name[1:], 16, 32)
		if err != nil || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) {
			return nil
		}
		return []rune{rune(v)}
	}
	return nil
}

// GlyphNameText returns the text of a glyph name written in one of the
// forms the Adobe Glyph List specification decodes without its table:
// "uniXXXX[XXXX…]", "uXXXX[XX]" and one ASCII character, a ".suffix"
// dropped ("uniAC00.vert" is 가); "" for other names.
func GlyphNameText(name string) string {
	return string(glyphNameRunes(name))
}
