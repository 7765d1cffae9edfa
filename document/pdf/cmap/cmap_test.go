package cmap

import (
	"errors"
	"testing"
)

const header = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n" +
	"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Test def /CMapType 2 def\n"

func TestText(t *testing.T) {
	tests := []struct {
		name string
		cmap string
		code uint32
		want string
		ok   bool
	}{
		{"bfchar", "1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfchar <0003> <0041> endbfchar", 3, "A", true},
		{"bfchar unmapped", "1 beginbfchar <0003> <0041> endbfchar", 4, "", false},
		{"bfrange start", "1 beginbfrange <0010> <0020> <AC00> endbfrange", 0x10, "가", true},
		{"bfrange inside", "1 beginbfrange <0010> <0020> <AC00> endbfrange", 0x11, "각", true},
		// ezPDF writes ranges whose destination crosses a low-byte
		// boundary: the destination is incremented as a whole number.
		{"bfrange across low byte", "1 beginbfrange <251E> <25CE> <B2C8> endbfrange", 0x251E + 0x37, "\uB2FF", true},
		{"bfrange past low byte", "1 beginbfrange <251E> <25CE> <B2C8> endbfrange", 0x251E + 0x38, "\uB300", true},
		{"bfrange end", "1 beginbfrange <251E> <25CE> <B2C8> endbfrange", 0x25CE, "\uB378", true},
		{"bfrange codes across low byte", "1 beginbfrange <00F0> <0110> <0041> endbfrange", 0x0100, "Q", true},
		{"bfrange past end", "1 beginbfrange <0010> <0020> <AC00> endbfrange", 0x21, "", false},
		{"multi code point dst", "1 beginbfchar <0001> <00660066> endbfchar", 1, "ff", true},
		{"multi code point range", "1 beginbfrange <0001> <0003> <00280031> endbfrange", 2, "(2", true},
		{"surrogate pair dst", "1 beginbfchar <c0c4> <DB80DD61> endbfchar", 0xc0c4, "\U000F0161", true},
		{"surrogate pair range", "1 beginbfrange <0001> <0002> <D835DC00> endbfrange", 2, "\U0001D401", true},
		{"array dst", "1 beginbfrange <0005> <0007> [<0041> <00660069> <0043>] endbfrange", 6, "fi", true},
		{"array dst short", "1 beginbfrange <0005> <0007> [<0041>] endbfrange", 7, "", true},
		{"one-byte codes", "1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfrange <41> <5A> <0061> endbfrange", 0x43, "c", true},
		{"bfchar beats range", "1 beginbfrange <0000> <00FF> <0041> endbfrange 1 beginbfchar <0002> <AC00> endbfchar", 2, "가", true},
		{"later range wins", "2 beginbfrange <0000> <00FF> <0041> <0010> <0012> <AC00> endbfrange", 0x11, "각", true},
		{"outer range past many inner", "1 beginbfrange <0000> <FFFF> <0000> endbfrange 3 beginbfrange <0001> <0001> <0041> <0003> <0003> <0041> <0005> <0005> <0041> endbfrange", 0x0100, "\u0100", true},
		{"wrong counts ignored", "1 beginbfchar <0001> <0041> <0002> <0042> <0003> <0043> endbfchar", 3, "C", true},
		{"odd hex digits padded", "1 beginbfchar <0001> <041> endbfchar", 1, "\u0410", true},
		{"glyph name dst", "1 beginbfchar <01> /uniAC00 endbfchar", 1, "가", true},
		{"comments", "% a comment <0001> <0042>\n1 beginbfchar <0001> <0041> % x\n endbfchar", 1, "A", true},
		{"overflow past unicode", "1 beginbfrange <0000> <FFFF> <DBFFDFFF> endbfrange", 2, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Parse([]byte(header + tt.cmap + "\nendcmap CMapName currentdict /CMap defineresource pop end end"))
			if err != nil {
				t.Fatal(err)
			}
			got, ok := m.Text(tt.code)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Text(%#x) = %q, %v; want %q, %v", tt.code, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestNext(t *testing.T) {
	mixed := "2 begincodespacerange <00> <80> <A1A1> <FEFE> endcodespacerange"
	uhc := "2 begincodespacerange <00> <80> <8141> <FEFE> endcodespacerange"
	utf16 := "3 begincodespacerange <0000> <D7FF> <D800DC00> <DBFFDFFF> <E000> <FFFF> endcodespacerange"
	type step struct {
		code uint32
		n    int
	}
	tests := []struct {
		name  string
		cmap  string
		in    string
		steps []step
	}{
		{"no codespace: bytes", "", "AB", []step{{0x41, 1}, {0x42, 1}}},
		{"two-byte", "1 begincodespacerange <0000> <FFFF> endcodespacerange", "\x00\x41\xAC\x00", []step{{0x41, 2}, {0xAC00, 2}}},
		{"one and two bytes", mixed, "A\xB0\xA1B", []step{{0x41, 1}, {0xB0A1, 2}, {0x42, 1}}},
		{"byte-wise rectangle", uhc, "\x81\x41\x81\x20", []step{{0x8141, 2}, {0x81, 1}, {0x20, 1}}},
		{"unmatched byte takes shortest", mixed, "\x90\x41", []step{{0x90, 1}, {0x41, 1}}},
		{"surrogates four bytes", utf16, "\xD8\x35\xDC\x00\x00\x41", []step{{0xD835DC00, 4}, {0x41, 2}}},
		{"cut short", "1 begincodespacerange <0000> <FFFF> endcodespacerange", "\x00", []step{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, _ := Parse([]byte(tt.cmap))
			s := tt.in
			var got []step
			for len(s) > 0 {
				c, n := m.Next(s)
				if n <= 0 || n > len(s) {
					t.Fatalf("Next(%q) consumed %d", s, n)
				}
				got = append(got, step{c, n})
				s = s[n:]
			}
			if len(got) != len(tt.steps) {
				t.Fatalf("steps %v, want %v", got, tt.steps)
			}
			for i := range got {
				if got[i] != tt.steps[i] {
					t.Errorf("step %d = %v, want %v", i, got[i], tt.steps[i])
				}
			}
		})
	}
}

func TestCID(t *testing.T) {
	m, err := Parse([]byte(`/CIDSystemInfo 3 dict dup begin /Registry (Adobe) def /Ordering (Korea1) def /Supplement 2 def end def
/CMapName /Test-V def /WMode 1 def /Test-H usecmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 begincidrange <0020> <007e> 1 <ac00> <ac01> 1000 endcidrange
1 begincidchar <ac01> 5000 endcidchar
1 beginnotdefrange <0000> <001f> 0 endnotdefrange`))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Test-V" || m.WMode != 1 || m.UseCMap != "Test-H" || m.Registry != "Adobe" || m.Ordering != "Korea1" || m.Supplement != 2 {
		t.Errorf("header: %+v", m)
	}
	for _, tt := range []struct {
		code uint32
		cid  uint32
		ok   bool
	}{{0x20, 1, true}, {0x41, 34, true}, {0xac00, 1000, true}, {0xac01, 5000, true}, {0x05, 0, true}, {0xac02, 0, false}} {
		if cid, ok := m.CID(tt.code); cid != tt.cid || ok != tt.ok {
			t.Errorf("CID(%#x) = %d, %v; want %d, %v", tt.code, cid, ok, tt.cid, tt.ok)
		}
	}
	parent, _ := Parse([]byte("1 begincidchar <ffff> 7 endcidchar"))
	if err := m.Resolve(func(name string) (*CMap, error) { return parent, nil }); err != nil {
		t.Fatal(err)
	}
	if cid, ok := m.CID(0xffff); cid != 7 || !ok {
		t.Errorf("CID through usecmap = %d, %v", cid, ok)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "garbage (x) [1 2]", "1 beginbfchar endbfchar", "<< /A 1 >> 2 beginbfrange <01> endbfrange"} {
		if _, err := Parse([]byte(in)); !errors.Is(err, ErrEmpty) {
			t.Errorf("Parse(%q) error = %v, want ErrEmpty", in, err)
		}
	}
}

func TestPredefined(t *testing.T) {
	tests := []struct {
		cmap  string
		in    string
		want  string // text through Adobe-Korea1-UCS2
		wmode int
	}{
		{"UniKS-UCS2-H", "\xAC\x00\xD5\x5C\x00\x41", "가한A", 0},
		{"UniKS-UCS2-V", "\xAC\x00", "가", 1},
		{"UniKS-UTF16-H", "\xB2\x08\x00\x31", "눈1", 0},
		{"UniKS-UTF16-V", "\xAC\x01", "각", 1},
		{"KSC-EUC-H", "\xB0\xA1\xC7\xD1A", "가한A", 0}, // EUC-KR
		{"KSC-EUC-V", "\xB0\xA1", "가", 1},
		{"KSCms-UHC-H", "\x81\x41\xB0\xA1", "갂가", 0}, // UHC extension syllable
		{"KSCms-UHC-V", "\xB0\xA1", "가", 1},
		{"KSCms-UHC-HW-H", "\xB0\xA1", "가", 0},
		{"Identity-H", "\x00\x01", "", 0}, // CID 1 is a space in Korea1
	}
	uni, err := Predefined(Korea1UCS2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range tests {
		t.Run(tt.cmap, func(t *testing.T) {
			m, err := Predefined(tt.cmap)
			if err != nil {
				t.Fatal(err)
			}
			if m.WMode != tt.wmode {
				t.Errorf("WMode = %d, want %d", m.WMode, tt.wmode)
			}
			var got string
			for s := tt.in; len(s) > 0; {
				c, n := m.Next(s)
				s = s[n:]
				cid, ok := m.CID(c)
				if !ok {
					t.Fatalf("code %#x: no CID", c)
				}
				txt, _ := uni.Text(cid)
				got += txt
			}
			if tt.cmap == "Identity-H" {
				tt.want = " "
			}
			if got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := Predefined("90ms-RKSJ-H"); !errors.Is(err, ErrUnknown) {
		t.Errorf("unknown name: err = %v", err)
	}
}

func TestKorea1Coverage(t *testing.T) {
	uni, err := Predefined(Korea1UCS2)
	if err != nil {
		t.Fatal(err)
	}
	// Adobe-Korea1-2 has CIDs 0..18351; all of the 11,172 modern Hangul
	// syllables are among them.
	seen := map[rune]bool{}
	for cid := uint32(0); cid <= 18351; cid++ {
		if s, ok := uni.Text(cid); ok {
			for _, r := range s {
				seen[r] = true
			}
		}
	}
	n := 0
	for r := rune(0xAC00); r <= 0xD7A3; r++ {
		if seen[r] {
			n++
		}
	}
	if n != 11172 {
		t.Errorf("Hangul syllables reachable from CIDs: %d, want 11172", n)
	}
}

func TestPredefinedConcurrent(t *testing.T) {
	done := make(chan *CMap)
	for range 8 {
		go func() {
			m, err := Predefined("KSCms-UHC-V")
			if err != nil {
				t.Error(err)
			}
			m.CID(0xB0A1)
			done <- m
		}()
	}
	first := <-done
	for range 7 {
		if m := <-done; m != first {
			t.Error("Predefined parsed the same CMap twice")
		}
	}
}
