package hwptest

import (
	"encoding/binary"
	"sort"
	"strings"
	"unicode/utf16"
)

// Compound file constants ([MS-CFB], version 3: 512-byte sectors).
const (
	sectorSize   = 512
	miniSize     = 64
	miniCutoff   = 4096
	freeSect     = 0xFFFFFFFF
	endOfChain   = 0xFFFFFFFE
	fatSect      = 0xFFFFFFFD
	noStream     = 0xFFFFFFFF
	entrySize    = 128
	typeStorage  = 1
	typeStream   = 2
	typeRoot     = 5
	difatInHeads = 109
)

// compoundFile writes streams ("FileHeader", "BodyText/Section0") as a
// compound file: storages made from the path prefixes, small streams in
// the mini stream, siblings linked as a right-leaning chain in name order.
func compoundFile(streams map[string][]byte) []byte {
	type entry struct {
		name     string
		typ      byte
		data     []byte
		kids     []int
		start    uint32
		size     uint64
		left     uint32
		right    uint32
		child    uint32
		storages map[string]int
	}
	entries := []*entry{{name: "Root Entry", typ: typeRoot, storages: map[string]int{}}}
	names := make([]string, 0, len(streams))
	for n := range streams {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, full := range names {
		parts := strings.Split(full, "/")
		parent := 0
		for _, dir := range parts[:len(parts)-1] {
			id, ok := entries[parent].storages[dir]
			if !ok {
				id = len(entries)
				entries = append(entries, &entry{name: dir, typ: typeStorage, storages: map[string]int{}})
				entries[parent].kids = append(entries[parent].kids, id)
				entries[parent].storages[dir] = id
			}
			parent = id
		}
		id := len(entries)
		entries = append(entries, &entry{name: parts[len(parts)-1], typ: typeStream, data: streams[full]})
		entries[parent].kids = append(entries[parent].kids, id)
	}
	// Sibling chains in CFB order (shorter names first, then upper case).
	for _, e := range entries {
		e.left, e.right, e.child = noStream, noStream, noStream
	}
	for _, e := range entries {
		kids := e.kids
		sort.Slice(kids, func(i, j int) bool {
			a, b := entries[kids[i]].name, entries[kids[j]].name
			if len(a) != len(b) {
				return len(a) < len(b)
			}
			return strings.ToUpper(a) < strings.ToUpper(b)
		})
		for i := range kids {
			if i+1 < len(kids) {
				entries[kids[i]].right = uint32(kids[i+1])
			}
		}
		if len(kids) > 0 {
			e.child = uint32(kids[0])
		}
	}
	var fat []uint32
	var body []byte // sectors after the header
	alloc := func(data []byte) uint32 {
		if len(data) == 0 {
			return endOfChain
		}
		first := uint32(len(fat))
		n := (len(data) + sectorSize - 1) / sectorSize
		for i := 0; i < n; i++ {
			if i+1 < n {
				fat = append(fat, uint32(len(fat)+1))
			} else {
				fat = append(fat, endOfChain)
			}
		}
		padded := make([]byte, n*sectorSize)
		copy(padded, data)
		body = append(body, padded...)
		return first
	}
	// Small streams go to the mini stream.
	var mini []byte
	var miniFAT []uint32
	for _, e := range entries {
		if e.typ != typeStream {
			continue
		}
		e.size = uint64(len(e.data))
		if len(e.data) >= miniCutoff {
			e.start = alloc(e.data)
			continue
		}
		if len(e.data) == 0 {
			e.start = endOfChain
			continue
		}
		e.start = uint32(len(miniFAT))
		n := (len(e.data) + miniSize - 1) / miniSize
		for i := 0; i < n; i++ {
			if i+1 < n {
				miniFAT = append(miniFAT, uint32(len(miniFAT)+1))
			} else {
				miniFAT = append(miniFAT, endOfChain)
			}
		}
		padded := make([]byte, n*miniSize)
		copy(padded, e.data)
		mini = append(mini, padded...)
	}
	root := entries[0]
	root.start = alloc(mini)
	root.size = uint64(len(mini))
	miniFATStart, miniFATSectors := uint32(endOfChain), 0
	if len(miniFAT) > 0 {
		b := make([]byte, 4*len(miniFAT))
		for i, v := range miniFAT {
			binary.LittleEndian.PutUint32(b[4*i:], v)
		}
		miniFATStart = alloc(b)
		miniFATSectors = (len(b) + sectorSize - 1) / sectorSize
	}
	dir := make([]byte, 0, len(entries)*entrySize)
	for _, e := range entries {
		b := make([]byte, entrySize)
		u := utf16.Encode([]rune(e.name))
		for i, c := range u {
			binary.LittleEndian.PutUint16(b[2*i:], c)
		}
		binary.LittleEndian.PutUint16(b[64:], uint16(2*(len(u)+1)))
		b[66] = e.typ
		b[67] = 1 // black
		binary.LittleEndian.PutUint32(b[68:], e.left)
		binary.LittleEndian.PutUint32(b[72:], e.right)
		binary.LittleEndian.PutUint32(b[76:], e.child)
		binary.LittleEndian.PutUint32(b[116:], e.start)
		binary.LittleEndian.PutUint64(b[120:], e.size)
		dir = append(dir, b...)
	}
	dirStart := alloc(dir)
	// FAT sectors: enough to cover every sector including themselves.
	nFAT := 1
	for (len(fat)+nFAT)*4 > nFAT*sectorSize {
		nFAT++
	}
	fatStart := uint32(len(fat))
	for i := 0; i < nFAT; i++ {
		fat = append(fat, fatSect)
	}
	fatBytes := make([]byte, nFAT*sectorSize)
	for i := range fatBytes {
		fatBytes[i] = 0xFF
	}
	for i, v := range fat {
		binary.LittleEndian.PutUint32(fatBytes[4*i:], v)
	}
	body = append(body, fatBytes...)
	if nFAT > difatInHeads {
		panic("hwptest: compound file too large for the header DIFAT")
	}
	h := make([]byte, sectorSize)
	copy(h, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	binary.LittleEndian.PutUint16(h[24:], 0x3E)
	binary.LittleEndian.PutUint16(h[26:], 3)
	binary.LittleEndian.PutUint16(h[28:], 0xFFFE)
	binary.LittleEndian.PutUint16(h[30:], 9)
	binary.LittleEndian.PutUint16(h[32:], 6)
	binary.LittleEndian.PutUint32(h[44:], uint32(nFAT))
	binary.LittleEndian.PutUint32(h[48:], dirStart)
	binary.LittleEndian.PutUint32(h[56:], miniCutoff)
	binary.LittleEndian.PutUint32(h[60:], miniFATStart)
	binary.LittleEndian.PutUint32(h[64:], uint32(miniFATSectors))
	binary.LittleEndian.PutUint32(h[68:], endOfChain)
	for i := 0; i < difatInHeads; i++ {
		v := uint32(freeSect)
		if i < nFAT {
			v = fatStart + uint32(i)
		}
		binary.LittleEndian.PutUint32(h[76+4*i:], v)
	}
	return append(h, body...)
}
