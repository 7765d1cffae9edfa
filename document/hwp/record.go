package hwp

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Record tags of HWP 5.0 (한글문서파일형식 5.0, "HWPTAG_BEGIN" = 0x10).
const (
	tagBegin = 0x10

	// DocInfo.
	tagDocumentProperties = tagBegin + 0
	tagIDMappings         = tagBegin + 1
	tagBinData            = tagBegin + 2
	tagFaceName           = tagBegin + 3
	tagBorderFill         = tagBegin + 4
	tagCharShape          = tagBegin + 5
	tagTabDef             = tagBegin + 6
	tagNumbering          = tagBegin + 7
	tagParaShape          = tagBegin + 9
	tagStyle              = tagBegin + 10
	tagDistributeDocData  = tagBegin + 12

	// BodyText.
	tagParaHeader         = tagBegin + 50
	tagParaText           = tagBegin + 51
	tagParaCharShape      = tagBegin + 52
	tagParaLineSeg        = tagBegin + 53
	tagCtrlHeader         = tagBegin + 55
	tagListHeader         = tagBegin + 56
	tagShapeComponent     = tagBegin + 60
	tagTable              = tagBegin + 61
	tagShapeComponentPict = tagBegin + 69
	tagEqEdit             = tagBegin + 72
)

// maxRecords bounds the records of one stream: a stream of tiny records
// must not build an unbounded tree.
const maxRecords = 4 << 20

// maxLevel bounds record nesting (tables in tables in text boxes …).
const maxLevel = 64

// ErrRecord reports a record stream that is cut short or inconsistent.
var ErrRecord = errors.New("hwp: bad record stream")

// record is one HWP record: a 32-bit header (tag 10 bits, level 10 bits,
// size 12 bits; size 0xFFF means a 32-bit size follows) and its payload.
// Children are the records after it with a level one deeper.
type record struct {
	tag      uint16
	level    uint16
	data     []byte
	children []*record
}

// readRecords splits a decompressed stream into records. A size running
// past the end of the stream, or more than maxRecords records, is an error
// wrapping ErrRecord; the records read before it are returned with it.
func readRecords(b []byte) ([]record, error) {
	var out []record
	for off := 0; off < len(b); {
		if len(b)-off < 4 {
			return out, fmt.Errorf("%w: %d trailing bytes at offset %d", ErrRecord, len(b)-off, off)
		}
		h := binary.LittleEndian.Uint32(b[off:])
		off += 4
		tag := uint16(h & 0x3FF)
		level := uint16(h >> 10 & 0x3FF)
		size := int(h >> 20)
		if size == 0xFFF {
			if len(b)-off < 4 {
				return out, fmt.Errorf("%w: extended size cut short at offset %d", ErrRecord, off)
			}
			size = int(binary.LittleEndian.Uint32(b[off:]))
			off += 4
		}
		if size < 0 || size > len(b)-off {
			return out, fmt.Errorf("%w: record tag %d of %d bytes at offset %d runs past the stream end (%d bytes)", ErrRecord, tag, size, off, len(b))
		}
		if len(out) >= maxRecords {
			return out, fmt.Errorf("%w: more than %d records", ErrRecord, maxRecords)
		}
		out = append(out, record{tag: tag, level: level, data: b[off : off+size : off+size]})
		off += size
	}
	return out, nil
}

// recordTree links records into a forest by level: a record's children
// are the records after it one level deeper, up to the next record at its
// own level or above. A record that jumps more than one level deeper is
// attached to the deepest open record (lenient, as Hangul itself is).
func recordTree(recs []record) []*record {
	var roots []*record
	var stack []*record
	for i := range recs {
		r := &recs[i]
		lvl := int(min(r.level, maxLevel))
		for len(stack) > 0 && int(min(stack[len(stack)-1].level, maxLevel)) >= lvl {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			roots = append(roots, r)
		} else {
			p := stack[len(stack)-1]
			p.children = append(p.children, r)
		}
		if len(stack) < maxLevel {
			stack = append(stack, r)
		}
	}
	return roots
}

// bytesReader reads little-endian fields from a record payload; reads past
// the end yield zero and set short, so callers check once at the end.
type bytesReader struct {
	b     []byte
	off   int
	short bool
}

// take returns the next n bytes, or nil when fewer are left: the reader
// is then short and at its end.
func (r *bytesReader) take(n int) []byte {
	if n < 0 || n > len(r.b)-r.off {
		r.short = true
		r.off = len(r.b)
		return nil
	}
	b := r.b[r.off : r.off+n]
	r.off += n
	return b
}

func (r *bytesReader) skip(n int) { r.take(n) }

func (r *bytesReader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *bytesReader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (r *bytesReader) u32() uint32 {
	if b := r.take(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

// wstr reads a WCHAR string preceded by its length in code units.
func (r *bytesReader) wstr() string {
	n := int(r.u16())
	if b := r.take(2 * n); b != nil {
		return decodeUTF16(b)
	}
	return ""
}

func (r *bytesReader) left() int { return len(r.b) - r.off }
