// Package cmap reads PDF CMaps: the ToUnicode maps embedded in fonts
// (bfchar, bfrange) and the encoding CMaps of composite fonts (cidchar,
// cidrange), both embedded and predefined (Identity-H/V and the Korean
// CMaps of the Adobe-Korea1 collection, with its CID → Unicode table).
//
// The rules are those of PDF 32000-1:2008 §9.7.5 (CMaps), §9.10.3
// (ToUnicode) and Adobe Technical Note #5014 (CMap and CIDFont Files
// Specification), with the leniency real files need:
//
//   - a bfrange destination string is incremented as a whole number (its
//     last code point), so <251E> <25CE> <B2C8> gives U+B2C8 … U+B378
//     across U+B2FF → U+B300; the spec forbids ranges whose low byte wraps,
//     but ezPDF, Hancom PDF and others write them and poppler and pdf.js
//     read them this way;
//   - section counts ("100 beginbfchar") are ignored: entries are read up
//     to the end keyword;
//   - hex strings with an odd number of digits get a trailing 0, as in PDF
//     hex strings;
//   - malformed entries are skipped, never fatal.
//
// Work is linear in the input: ranges are stored, never expanded.
package cmap

import (
	"errors"
	"fmt"
	"sort"
	"unicode/utf16"
)

// ErrEmpty is returned by Parse when the data holds neither a codespace
// range nor a mapping.
var ErrEmpty = errors.New("cmap: no codespace ranges or mappings")

// MaxCodeLen is the longest character code in bytes (PDF 32000 §9.7.6.2).
const MaxCodeLen = 4

// span is an inclusive range of codes of one byte length.
type span struct {
	lo, hi uint32
	n      int // code length in bytes
}

// textRange is a bfrange: codes lo..hi map to dst with its last code point
// incremented by code-lo, or to arr[code-lo] when arr is set.
type textRange struct {
	span
	dst []rune
	arr []string
}

// cidRange is a cidrange: codes lo..hi map to CIDs cid+code-lo; or a
// notdefrange: all of them map to cid.
type cidRange struct {
	span
	cid    uint32
	notdef bool
}

// CMap is a parsed CMap. The zero value maps nothing and splits strings
// into one-byte codes. A CMap is immutable after Parse and safe for
// concurrent use.
type CMap struct {
	// Name is the CMapName, when the data declares one.
	Name string
	// UseCMap names the CMap this one extends (the usecmap operator or
	// a /UseCMap entry), "" when none; see Resolve.
	UseCMap string
	// WMode is the writing mode: 0 horizontal, 1 vertical.
	WMode int
	// Registry, Ordering and Supplement are the CIDSystemInfo entries,
	// when declared ("Adobe", "Korea1", 2).
	Registry, Ordering string
	Supplement         int

	space  []span      // codespace ranges, by length then lo
	chars  []textRange // bfchar entries as one-code ranges, sorted by lo
	ranges []textRange // bfrange entries, sorted by lo
	cids   []cidRange  // cidchar and cidrange entries, sorted by lo
	// charMax, rangeMax and cidMax hold the running maximum of hi over
	// chars, ranges and cids (see lookup).
	charMax, rangeMax, cidMax []uint32
	parent                    *CMap
}

// HasCodespace reports whether the CMap declares codespace ranges
// (itself or through its parent).
func (m *CMap) HasCodespace() bool {
	for c := m; c != nil; c = c.parent {
		if len(c.space) > 0 {
			return true
		}
	}
	return false
}

// HasText reports whether the CMap maps codes to Unicode (bfchar or
// bfrange entries, itself or through its parent).
func (m *CMap) HasText() bool {
	for c := m; c != nil; c = c.parent {
		if len(c.chars)+len(c.ranges) > 0 {
			return true
		}
	}
	return false
}

// Next splits the first character code off s following the codespace
// ranges (PDF 32000 §9.7.6.2: bytes are read one at a time until they
// match a range of that length, byte by byte). It returns the code and
// its length in bytes; n is 0 only when s is empty. When no range
// matches, the shortest codespace length is consumed (§9.7.6.3); with no
// codespace at all, one byte.
func (m *CMap) Next(s string) (code uint32, n int) {
	if len(s) == 0 {
		return 0, 0
	}
	space := m.codespace()
	if len(space) == 0 {
		return uint32(s[0]), 1
	}
	var c uint32
	for k := 1; k <= MaxCodeLen && k <= len(s); k++ {
		c = c<<8 | uint32(s[k-1])
		for _, sp := range space {
			if sp.n == k && inSpace(sp, c) {
				return c, k
			}
		}
	}
	k := min(space[0].n, len(s))
	c = 0
	for i := range k {
		c = c<<8 | uint32(s[i])
	}
	return c, k
}

// inSpace checks each byte of c against the same byte of the range's
// bounds: codespace ranges are rectangles, <8141> <FEFE> holds 81 41 but
// not 81 20 (Adobe TN #5014 §4.2).
func inSpace(sp span, c uint32) bool {
	for i := 0; i < sp.n; i++ {
		sh := uint(8 * i)
		b, lo, hi := (c>>sh)&0xff, (sp.lo>>sh)&0xff, (sp.hi>>sh)&0xff
		if b < lo || b > hi {
			return false
		}
	}
	return true
}

func (m *CMap) codespace() []span {
	for c := m; c != nil; c = c.parent {
		if len(c.space) > 0 {
			return c.space
		}
	}
	return nil
}

// Text returns the Unicode text of a code from the bfchar and bfrange
// entries, and whether the code is mapped. bfchar entries win over
// ranges; the CMap's own entries win over its parent's.
func (m *CMap) Text(code uint32) (string, bool) {
	for c := m; c != nil; c = c.parent {
		if r, ok := find(c.chars, c.charMax, code); ok {
			return r.text(code), true
		}
		if r, ok := find(c.ranges, c.rangeMax, code); ok {
			return r.text(code), true
		}
	}
	return "", false
}

// CID returns the CID of a code from the cidchar and cidrange entries,
// and whether the code is mapped. Of overlapping entries the one that
// starts last wins (a cidchar refining a range).
func (m *CMap) CID(code uint32) (uint32, bool) {
	for c := m; c != nil; c = c.parent {
		if j := lookup(len(c.cids), func(i int) span { return c.cids[i].span }, c.cidMax, code); j >= 0 {
			r := c.cids[j]
			if r.notdef {
				return r.cid, true
			}
			return r.cid + code - r.lo, true
		}
	}
	return 0, false
}

// find returns the range holding code that starts last.
func find(rs []textRange, maxHi []uint32, code uint32) (textRange, bool) {
	if j := lookup(len(rs), func(i int) span { return rs[i].span }, maxHi, code); j >= 0 {
		return rs[j], true
	}
	return textRange{}, false
}

// lookup searches n spans sorted by lo, with maxHi[i] the largest hi of
// spans 0..i, for the last span holding code; -1 when none does.
func lookup(n int, at func(int) span, maxHi []uint32, code uint32) int {
	i := sort.Search(n, func(i int) bool { return at(i).lo > code })
	for j := i - 1; j >= 0 && maxHi[j] >= code; j-- {
		if sp := at(j); sp.lo <= code && code <= sp.hi {
			return j
		}
	}
	return -1
}

// prefixMax returns maxHi for lookup.
func prefixMax(n int, at func(int) span) []uint32 {
	out := make([]uint32, n)
	var m uint32
	for i := range n {
		m = max(m, at(i).hi)
		out[i] = m
	}
	return out
}

func (r textRange) text(code uint32) string {
	off := code - r.lo
	if r.arr != nil {
		if int(off) < len(r.arr) {
			return r.arr[off]
		}
		return ""
	}
	if len(r.dst) == 0 {
		return ""
	}
	if off == 0 {
		return string(r.dst)
	}
	out := make([]rune, len(r.dst))
	copy(out, r.dst)
	last := out[len(out)-1] + rune(off)
	if last > 0x10FFFF {
		return ""
	}
	out[len(out)-1] = last
	return string(out)
}

// decodeUTF16 reads a bfchar/bfrange destination: UTF-16BE, with an odd
// trailing byte taken as a code unit of its own.
func decodeUTF16(b []byte) []rune {
	units := make([]uint16, 0, (len(b)+1)/2)
	for i := 0; i < len(b); i += 2 {
		if i+1 < len(b) {
			units = append(units, uint16(b[i])<<8|uint16(b[i+1]))
		} else {
			units = append(units, uint16(b[i]))
		}
	}
	return utf16.Decode(units)
}

// Resolve links the CMap to the one it names in UseCMap, looked up by
// load, and so on up to depth 8: the parent's codespace ranges join the
// CMap's own and its mappings answer the codes the CMap leaves unmapped. A name load does not know is an error;
// the CMap still works without its parent.
func (m *CMap) Resolve(load func(name string) (*CMap, error)) error {
	c := m
	for depth := 0; c.UseCMap != "" && c.parent == nil; depth++ {
		if depth >= 8 {
			return fmt.Errorf("cmap %s: usecmap chain deeper than 8", m.Name)
		}
		p, err := load(c.UseCMap)
		if err != nil {
			return fmt.Errorf("cmap %s: usecmap %s: %w", m.Name, c.UseCMap, err)
		}
		if p == m || p == nil {
			return nil
		}
		c.parent = p
		// usecmap brings in the parent's codespace ranges too.
		c.space = append(c.space, p.codespace()...)
		c.finish()
		c = p
	}
	return nil
}

// code reads a hex string as a code: its value and byte length (1..4).
func code(b []byte) (uint32, int, bool) {
	if len(b) == 0 || len(b) > MaxCodeLen {
		return 0, 0, false
	}
	var c uint32
	for _, x := range b {
		c = c<<8 | uint32(x)
	}
	return c, len(b), true
}

// finish sorts the entries and builds the lookup tables.
func (m *CMap) finish() {
	sort.SliceStable(m.space, func(i, j int) bool {
		if m.space[i].n != m.space[j].n {
			return m.space[i].n < m.space[j].n
		}
		return m.space[i].lo < m.space[j].lo
	})
	sort.SliceStable(m.chars, func(i, j int) bool { return m.chars[i].lo < m.chars[j].lo })
	sort.SliceStable(m.ranges, func(i, j int) bool { return m.ranges[i].lo < m.ranges[j].lo })
	sort.SliceStable(m.cids, func(i, j int) bool { return m.cids[i].lo < m.cids[j].lo })
	m.charMax = prefixMax(len(m.chars), func(i int) span { return m.chars[i].span })
	m.rangeMax = prefixMax(len(m.ranges), func(i int) span { return m.ranges[i].span })
	m.cidMax = prefixMax(len(m.cids), func(i int) span { return m.cids[i].span })
}
