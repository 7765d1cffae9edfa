package hwp

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// DefaultMaxImageBytes is the image size cap used when
// Options.MaxImageBytes is zero or negative.
const DefaultMaxImageBytes = 16 << 20

// maxStreamBytes bounds one decompressed stream (a section, DocInfo, an
// XML part): a deflate or zip bomb stops there with ErrTooLarge.
const maxStreamBytes = 256 << 20

// Errors returned (wrapped) by the parsers; test them with errors.Is.
var (
	// ErrNotHWP: the file is neither an HWP 5.0 compound file nor an
	// HWPX package.
	ErrNotHWP = errors.New("hwp: not an HWP 5.0 or HWPX file")
	// ErrBadContainer: the compound file or zip is broken, or a part the
	// format requires is missing.
	ErrBadContainer = errors.New("hwp: broken container")
	// ErrEncrypted: the document is password-protected (HWP password
	// flag, HWPX manifest encryption data) and cannot be read.
	ErrEncrypted = errors.New("password-protected")
	// ErrDRM: the document is DRM-protected or a distribution
	// (read-only, encrypted body) document.
	ErrDRM = errors.New("DRM-protected or distribution document")
	// ErrUnsupported: an HWP version this reader does not know (3.x, or
	// a major version other than 5).
	ErrUnsupported = errors.New("unsupported HWP version")
	// ErrTooLarge: a stream or part decompresses past the size limit.
	ErrTooLarge = errors.New("hwp: content too large")
	// ErrMalformed: the XML of an HWPX part is not well formed.
	ErrMalformed = errors.New("hwp: malformed XML")
)

// Options tune parsing. The zero value parses text only.
type Options struct {
	// LoadImages loads each figure's bytes into Image.Data.
	LoadImages bool
	// MaxImageBytes skips (with a warning) images larger than this;
	// <= 0 means DefaultMaxImageBytes.
	MaxImageBytes int64
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger

	// streamLimit overrides maxStreamBytes (tests).
	streamLimit int64
}

func (o Options) maxStream() int64 {
	if o.streamLimit > 0 {
		return o.streamLimit
	}
	return maxStreamBytes
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func (o Options) maxImageBytes() int64 {
	if o.MaxImageBytes > 0 {
		return o.MaxImageBytes
	}
	return DefaultMaxImageBytes
}

// ParseFile parses an HWP 5.0 (.hwp) or HWPX (.hwpx) file, telling them
// apart by content (compound-file or zip signature), not by extension.
// The document ID is the base name without extension. Errors name the
// file and wrap ErrEncrypted, ErrDRM, ErrUnsupported, ErrNotHWP,
// ErrBadContainer, ErrTooLarge, ErrRecord or ErrMalformed; no partial
// document is returned with them.
func ParseFile(ctx context.Context, path string, opts Options) (*document.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("hwp: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("hwp: %w", err)
	}
	doc, err := Parse(ctx, f, fi.Size(), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	doc.ID = docID(path)
	doc.Path = path
	opts.logger().Debug("hwp: parsed", "id", doc.ID, "format", doc.Format, "blocks", len(doc.Blocks), "warnings", len(doc.Warnings))
	return doc, nil
}

// Parse parses an HWP 5.0 or HWPX document of size bytes from r.
func Parse(ctx context.Context, r io.ReaderAt, size int64, opts Options) (*document.Document, error) {
	var sig [8]byte
	if _, err := r.ReadAt(sig[:], 0); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrNotHWP, err)
	}
	switch {
	case bytes.Equal(sig[:], cfbSignature):
		return parseHWP5(ctx, r, size, opts)
	case bytes.HasPrefix(sig[:], []byte("PK\x03\x04")):
		return parseHWPX(ctx, r, size, opts)
	case bytes.HasPrefix(sig[:], []byte("HWP Docu")):
		return nil, fmt.Errorf("%w: HWP 3.x", ErrUnsupported)
	}
	return nil, ErrNotHWP
}

// cfbSignature opens every compound file (HWP 5.0 is one).
var cfbSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// docID is the file base name without its extension.
func docID(path string) string {
	base := filepath.Base(filepath.Clean(path))
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// warnings collects recoverable problems, each message once, up to
// maxWarnings.
type warnings struct {
	list []string
	seen map[string]bool
}

func (w *warnings) add(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if w.seen == nil {
		w.seen = map[string]bool{}
	}
	if w.seen[msg] || len(w.list) >= maxWarnings {
		return
	}
	w.seen[msg] = true
	w.list = append(w.list, msg)
}

// limitedReadAll reads r to the end, failing with ErrTooLarge past limit
// bytes.
func limitedReadAll(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

// finish emits a parsed body into a document.
func finish(format document.Format, body []para, headers, footers []para, w *warnings) *document.Document {
	e := newEmitter(w.add)
	e.body(body, 0)
	seen := map[string]bool{}
	e.pageBlocks("머리말", headers, seen)
	e.pageBlocks("꼬리말", footers, seen)
	return &document.Document{Format: format, Blocks: e.Blocks, Warnings: w.list}
}

// numberedNames returns the names in m that re matches, ordered by the
// number re's first group captures (a number too large for an int goes
// last), equal numbers by name ("Section01" before "Section1"), so the
// order never depends on map iteration.
func numberedNames[V any](m map[string]V, re *regexp.Regexp) []string {
	type named struct {
		n    int
		name string
	}
	var found []named
	for name := range m {
		if sm := re.FindStringSubmatch(name); sm != nil {
			n, err := strconv.Atoi(sm[1])
			if err != nil {
				n = math.MaxInt
			}
			found = append(found, named{n, name})
		}
	}
	slices.SortFunc(found, func(a, b named) int {
		return cmp.Or(cmp.Compare(a.n, b.n), strings.Compare(a.name, b.name))
	})
	out := make([]string, len(found))
	for i, f := range found {
		out[i] = f.name
	}
	return out
}
