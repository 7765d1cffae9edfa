package pdf

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// The pdf library trusts cross-reference data: a /Prev chain that loops
// makes it spin forever, and a subsection or /Size claiming billions of
// objects makes it allocate a table that large. prescan walks the same
// chain first, cheaply and bounded, and rejects such files.

const (
	maxXrefChain = 64
	// maxObjects bounds object numbers independently of the file size.
	maxObjects = 10_000_000
)

var (
	startxrefRE = regexp.MustCompile(`startxref\s+(\d+)`)
	prevRE      = regexp.MustCompile(`/Prev\s+(\d+)`)
	sizeRE      = regexp.MustCompile(`/Size\s+(\d+)`)
	indexRE     = regexp.MustCompile(`/Index\s*\[([\d\s]*)\]`)
	subsecRE    = regexp.MustCompile(`(?m)^\s*(\d+)\s+(\d+)\s*$`)
)

// readAtMost reads up to n bytes at off (fewer at the end of the file).
func readAtMost(r io.ReaderAt, size, off int64, n int) []byte {
	if off < 0 || off >= size {
		return nil
	}
	n = int(min(int64(n), size-off))
	buf := make([]byte, n)
	k, _ := r.ReadAt(buf, off)
	return buf[:k]
}

func prescan(r io.ReaderAt, size int64) error {
	limit := min(int64(maxObjects), size+1024)
	tail := readAtMost(r, size, max(0, size-1024), 1024)
	m := startxrefRE.FindAllSubmatch(tail, -1)
	if m == nil {
		return nil // the library reports the missing startxref itself
	}
	off, err := strconv.ParseInt(string(m[len(m)-1][1]), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: bad startxref", ErrMalformed)
	}
	seen := map[int64]bool{}
	for range maxXrefChain {
		if seen[off] {
			return fmt.Errorf("%w: cross-reference /Prev chain loops at offset %d", ErrMalformed, off)
		}
		seen[off] = true
		const window = 1 << 16
		sec := readAtMost(r, size, off, window)
		if len(sec) == 0 {
			return nil
		}
		dict := sec
		if bytes.HasPrefix(bytes.TrimLeft(sec, " \t\r\n"), []byte("xref")) {
			// Classic table: check subsection headers up to the trailer.
			body := sec
			if i := bytes.Index(sec, []byte("trailer")); i >= 0 {
				body, dict = sec[:i], sec[i:]
			}
			for _, h := range subsecRE.FindAllSubmatch(body, -1) {
				start, err1 := strconv.ParseInt(string(h[1]), 10, 64)
				n, err2 := strconv.ParseInt(string(h[2]), 10, 64)
				if err1 != nil || err2 != nil || start+n > limit {
					return fmt.Errorf("%w: cross-reference subsection %s %s out of range", ErrMalformed, h[1], h[2])
				}
			}
		}
		if i := bytes.Index(dict, []byte(">>")); i >= 0 && bytes.Contains(dict[:i], []byte("/XRef")) || bytes.Contains(dict, []byte("/Size")) {
			if s := sizeRE.FindSubmatch(dict); s != nil {
				if n, err := strconv.ParseInt(string(s[1]), 10, 64); err != nil || n > limit {
					return fmt.Errorf("%w: /Size %s out of range", ErrMalformed, s[1])
				}
			}
			if ix := indexRE.FindSubmatch(dict); ix != nil {
				for _, f := range bytes.Fields(ix[1]) {
					if n, err := strconv.ParseInt(string(f), 10, 64); err != nil || n > limit {
						return fmt.Errorf("%w: /Index entry %s out of range", ErrMalformed, f)
					}
				}
			}
		}
		for _, stop := range []string{"startxref", "stream"} {
			if i := bytes.Index(dict, []byte(stop)); i >= 0 {
				dict = dict[:i]
			}
		}
		p := prevRE.FindSubmatch(dict)
		if p == nil {
			return nil
		}
		off, err = strconv.ParseInt(string(p[1]), 10, 64)
		if err != nil {
			return fmt.Errorf("%w: bad /Prev", ErrMalformed)
		}
	}
	return fmt.Errorf("%w: cross-reference chain longer than %d", ErrMalformed, maxXrefChain)
}
