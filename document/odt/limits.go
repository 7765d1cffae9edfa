package odt

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"unicode/utf8"
)

// Default limits (Limits' zero fields take these). Each is far above what
// a real report needs and well below what hurts. Measured on the reports
// in ../shared/data (agc-dev, field-dev): ODF mimetype entries are 39–50
// bytes; the longest paragraph is a few KB; a report's text is at most
// 220 KB (a 1,000-page report would hold about 4.5 MB); figures are under
// 2 MB. Downstream, indexing costs about 60 bytes of memory per byte of
// text, so MaxTextBytes bounds a document's share of the run at about
// 0.5 GB.
const (
	DefaultMaxMimetypeBytes   = 256
	DefaultMaxContentBytes    = 256 << 20
	DefaultMaxImageBytes      = 16 << 20
	DefaultMaxImageTotalBytes = 128 << 20
	DefaultMaxParagraphBytes  = 64 << 10
	DefaultMaxTextBytes       = 8 << 20
	// DefaultMaxMarkupBytes bounds one tag, comment, processing
	// instruction or DOCTYPE (real ODF tags are under 100 KB, svg:d paths
	// included).
	DefaultMaxMarkupBytes = 4 << 20
)

// textChunkBytes is the longest run of character data the XML decoder is
// given in one piece (see textRunLimiter).
const textChunkBytes = 64 << 10

// Limits bound what one document may cost in memory and time. A zero
// field takes its Default constant. Over a limit, the item is dropped with
// a warning (Document.Warnings) and the rest of the document is read,
// except where noted.
type Limits struct {
	// MaxMimetypeBytes: a longer mimetype entry is ignored (warning); it
	// is never read past this.
	MaxMimetypeBytes int64
	// MaxContentBytes: content.xml larger than this (uncompressed) fails
	// the document with ErrTooLarge.
	MaxContentBytes int64
	// MaxImageBytes: a larger image is not loaded (warning).
	MaxImageBytes int64
	// MaxImageTotalBytes: images are loaded until this many bytes were
	// read from one document; later ones are not (warning).
	MaxImageTotalBytes int64
	// MaxParagraphBytes (UTF-8): a longer paragraph is split into
	// paragraphs of at most this size at spaces; a longer table cell is
	// cut (warning).
	MaxParagraphBytes int
	// MaxTextBytes (UTF-8): the text of all blocks of one document; the
	// rest of the document is not read (warning).
	MaxTextBytes int64
	// MaxMarkupBytes: a longer tag, comment, processing instruction or
	// DOCTYPE fails the document with ErrTooLarge.
	MaxMarkupBytes int64
}

func orDefault[T int | int64](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

// withDefaults fills zero fields.
func (l Limits) withDefaults() Limits {
	l.MaxMimetypeBytes = orDefault(l.MaxMimetypeBytes, DefaultMaxMimetypeBytes)
	l.MaxContentBytes = orDefault(l.MaxContentBytes, DefaultMaxContentBytes)
	l.MaxImageBytes = orDefault(l.MaxImageBytes, DefaultMaxImageBytes)
	l.MaxImageTotalBytes = orDefault(l.MaxImageTotalBytes, DefaultMaxImageTotalBytes)
	l.MaxParagraphBytes = orDefault(l.MaxParagraphBytes, DefaultMaxParagraphBytes)
	l.MaxTextBytes = orDefault(l.MaxTextBytes, DefaultMaxTextBytes)
	l.MaxMarkupBytes = orDefault(l.MaxMarkupBytes, DefaultMaxMarkupBytes)
	return l
}

// errEntryTooLarge is wrapped by readEntry for an entry over its limit.
var errEntryTooLarge = errors.New("entry too large")

// readEntry reads a package entry whole, never more than limit bytes: a
// zip entry's declared size is checked first (archive/zip also stops at
// it), then the bytes actually read.
func readEntry(pkg fs.FS, name string, limit int64) ([]byte, error) {
	f, err := pkg.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.Size() > limit {
		return nil, fmt.Errorf("%s: %w: %d bytes, limit %d", name, errEntryTooLarge, fi.Size(), limit)
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w: over %d bytes", name, errEntryTooLarge, limit)
	}
	return b, nil
}

// limitedReader fails once more than n bytes are read.
type limitedReader struct {
	r        io.Reader
	n        int64
	exceeded bool
}

var errLimit = errors.New("read limit exceeded")

func (l *limitedReader) Read(b []byte) (int, error) {
	if l.n <= 0 {
		l.exceeded = true
		return 0, errLimit
	}
	if int64(len(b)) > l.n {
		b = b[:l.n]
	}
	n, err := l.r.Read(b)
	l.n -= int64(n)
	return n, err
}

// errMarkupTooLarge is returned by textRunLimiter for one markup construct
// over its limit.
var errMarkupTooLarge = errors.New("markup construct too large")

// Lexical states of textRunLimiter.
const (
	lxText     = iota
	lxLT       // after '<'
	lxBang     // after "<!"
	lxBangDash // after "<!-"
	lxTag      // in a start or end tag
	lxComment  // in <!-- -->
	lxCDATA    // in <![CDATA[ ]]>
	lxPI       // in <? ?>
	lxDecl     // in <!DOCTYPE …> and other declarations
)

// textRunLimiter passes an XML stream through unchanged except that it
// breaks long runs of character data with an empty comment every
// textChunkBytes (long CDATA sections are split into several), so that
// encoding/xml, which buffers a whole text node, never holds more than
// that at once; and it fails with errMarkupTooLarge when one tag, comment,
// processing instruction or declaration exceeds max bytes. Breaks fall on
// UTF-8 character boundaries and never inside an entity reference; the
// decoder reads the same text, in more tokens.
type textRunLimiter struct {
	r     io.Reader
	max   int64
	state int
	quote byte
	run   int64 // bytes of the current text run or markup construct
	ent   int   // >0: inside an entity reference, bytes so far
	tail  [2]byte
	depth int    // bracket depth in a declaration
	out   []byte // scanned bytes not yet returned (a tail of store)
	store []byte
	buf   []byte
	err   error
}

func newTextRunLimiter(r io.Reader, maxMarkup int64) *textRunLimiter {
	return &textRunLimiter{r: r, max: maxMarkup, buf: make([]byte, 32<<10)}
}

const (
	textBreak  = "<!---->"
	cdataBreak = "]]><![CDATA["
)

func (t *textRunLimiter) Read(p []byte) (int, error) {
	for len(t.out) == 0 {
		if t.err != nil {
			return 0, t.err
		}
		n, err := t.r.Read(t.buf)
		t.scan(t.buf[:n])
		if err != nil && t.err == nil {
			t.err = err
		}
	}
	n := copy(p, t.out)
	t.out = t.out[n:]
	return n, nil
}

// scan lexes in, appending it (with breaks) to t.out; t.out is empty.
func (t *textRunLimiter) scan(in []byte) {
	out := t.store[:0]
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch t.state {
		case lxText:
			if c == '<' {
				t.state, t.run = lxLT, 1
				break
			}
			inEntity := t.ent > 0
			if inEntity {
				t.ent++
				if c == ';' || t.ent > 40 {
					t.ent = 0
				}
			} else if c == '&' {
				t.ent = 1
			}
			t.run++
			if t.run > textChunkBytes && !inEntity && !utf8Cont(c) && (c != '\n' || t.tail[1] != '\r') {
				out = append(out, textBreak...)
				t.run = 1
			}
		case lxLT:
			switch c {
			case '!':
				t.state = lxBang
			case '?':
				t.state = lxPI
			default:
				t.state, t.quote = lxTag, 0
				if c == '>' {
					t.state, t.run = lxText, 0
				}
			}
		case lxBang:
			switch c {
			case '-':
				t.state = lxBangDash
			case '[':
				t.state = lxCDATA // "[CDATA[" follows; its bytes count as content
			default:
				t.state, t.depth, t.quote = lxDecl, 0, 0
				if c == '>' {
					t.state, t.run = lxText, 0
				}
			}
		case lxBangDash:
			t.state = lxComment
		case lxTag:
			switch {
			case t.quote != 0:
				if c == t.quote {
					t.quote = 0
				}
			case c == '"' || c == '\'':
				t.quote = c
			case c == '>':
				t.state, t.run = lxText, 0
			}
		case lxComment:
			if c == '>' && t.tail == [2]byte{'-', '-'} {
				t.state, t.run = lxText, 0
			}
		case lxPI:
			if c == '>' && t.tail[1] == '?' {
				t.state, t.run = lxText, 0
			}
		case lxDecl:
			switch {
			case t.quote != 0:
				if c == t.quote {
					t.quote = 0
				}
			case c == '"' || c == '\'':
				t.quote = c
			case c == '[':
				t.depth++
			case c == ']':
				t.depth = max(t.depth-1, 0)
			case c == '>':
				if t.depth == 0 {
					t.state, t.run = lxText, 0
				}
			}
		case lxCDATA:
			if c == '>' && t.tail == [2]byte{']', ']'} {
				t.state, t.run = lxText, 0
				break
			}
			if t.run > textChunkBytes && c != ']' && t.tail[1] != ']' && !utf8Cont(c) && t.run > 9 {
				out = append(out, cdataBreak...)
				t.run = 9
			}
		}
		if t.state != lxText && t.state != lxCDATA {
			t.run++
			if t.run > t.max {
				t.err = fmt.Errorf("%w: over %d bytes", errMarkupTooLarge, t.max)
				t.store, t.out = out, out
				return
			}
		} else if t.state == lxCDATA {
			t.run++
		}
		t.tail[0], t.tail[1] = t.tail[1], c
		out = append(out, c)
	}
	t.store, t.out = out, out
}

func utf8Cont(c byte) bool { return c&0xC0 == 0x80 }

// splitText cuts s into pieces of at most max bytes, at the last space
// before the limit where there is one, else at a character boundary.
func splitText(s string, max int) []string {
	var out []string
	for len(s) > max {
		cut := strings.LastIndexByte(s[:max+1], ' ')
		if cut <= 0 {
			cut = max
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
			if cut == 0 {
				cut = max
			}
		}
		out = append(out, strings.TrimSpace(s[:cut]))
		s = strings.TrimLeft(s[cut:], " ")
	}
	if s != "" {
		out = append(out, s)
	}
	return out
}

// truncateText cuts s to at most max bytes at a character boundary.
func truncateText(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
