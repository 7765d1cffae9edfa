package pdftest

import "encoding/binary"

// CFF returns a name-keyed bare CFF font program (Adobe TN #5176) whose
// glyph 0 is .notdef and glyph i+1 is named names[i], each an empty
// charstring (endchar). Standard strings (SID < 391) are not reused: every
// name is a custom string, which the charset refers to.
func CFF(names []string) []byte {
	be := binary.BigEndian
	index := func(items [][]byte) []byte {
		if len(items) == 0 {
			return []byte{0, 0}
		}
		b := be.AppendUint16(nil, uint16(len(items)))
		b = append(b, 2) // offSize
		off := 1
		b = be.AppendUint16(b, uint16(off))
		for _, it := range items {
			off += len(it)
			b = be.AppendUint16(b, uint16(off))
		}
		for _, it := range items {
			b = append(b, it...)
		}
		return b
	}
	num := func(v int) []byte { return be.AppendUint32([]byte{29}, uint32(v)) }
	var strs, charstrings [][]byte
	for _, n := range names {
		strs = append(strs, []byte(n))
	}
	for range len(names) + 1 {
		charstrings = append(charstrings, []byte{14}) // endchar
	}
	private := []byte{139, 20} // defaultWidthX 0
	header := []byte{1, 0, 4, 2}
	nameIdx := index([][]byte{[]byte("Test")})
	stringIdx := index(strs)
	gsubrIdx := index(nil)
	csIdx := index(charstrings)
	var charset []byte
	charset = append(charset, 0)
	for i := range names {
		charset = be.AppendUint16(charset, uint16(391+i))
	}
	// Top DICT: charset (15), CharStrings (17), Private (18); operands
	// are 5-byte integers, so its size does not depend on their values.
	const topLen = 5 + 1 + 5 + 1 + 5 + 5 + 1
	topIdxLen := len(index([][]byte{make([]byte, topLen)}))
	base := len(header) + len(nameIdx) + topIdxLen + len(stringIdx) + len(gsubrIdx)
	csOff := base
	charsetOff := csOff + len(csIdx)
	privOff := charsetOff + len(charset)
	var top []byte
	top = append(append(top, num(charsetOff)...), 15)
	top = append(append(top, num(csOff)...), 17)
	top = append(append(append(top, num(len(private))...), num(privOff)...), 18)
	var out []byte
	out = append(out, header...)
	out = append(out, nameIdx...)
	out = append(out, index([][]byte{top})...)
	out = append(out, stringIdx...)
	out = append(out, gsubrIdx...)
	out = append(out, csIdx...)
	out = append(out, charset...)
	return append(out, private...)
}
