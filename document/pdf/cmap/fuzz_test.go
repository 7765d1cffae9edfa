package cmap

import "testing"

// FuzzParse checks that Parse never panics and that the CMap it returns
// splits any string into codes of 1..4 bytes and answers lookups.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <251E> <25CE> <B2C8> endbfrange",
		"2 begincodespacerange <00> <80> <A1A1> <FEFE> endcodespacerange 1 begincidrange <a1a1> <a1fe> 101 endcidrange",
		"1 beginbfrange <0005> <0007> [<0041> <00660069> /uniAC00] endbfrange 1 beginbfchar <01> <DB80DD61> endbfchar",
		"/CMapName /X def /WMode 1 def /Y usecmap 1 beginnotdefrange <00> <1f> 1 endnotdefrange",
		"<< /A (a(b)\\)) >> [ { } ] % c\n 3 beginbfrange <0000> <FFFFFFFF> <00> endbfrange",
	} {
		f.Add([]byte(s), []byte("\x00\x41\xB0\xA1\xD8\x35\xDC\x00"))
	}
	f.Fuzz(func(t *testing.T, data, text []byte) {
		m, _ := Parse(data)
		if m == nil {
			t.Fatal("nil CMap")
		}
		s := string(text)
		for len(s) > 0 {
			c, n := m.Next(s)
			if n < 1 || n > MaxCodeLen || n > len(s) {
				t.Fatalf("Next(%q) consumed %d bytes", s, n)
			}
			m.Text(c)
			m.CID(c)
			s = s[n:]
		}
	})
}
