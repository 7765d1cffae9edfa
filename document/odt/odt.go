package odt

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// DefaultMaxImageBytes is the image size cap used when
// Options.MaxImageBytes is zero or negative.
const DefaultMaxImageBytes = 16 << 20

// maxContentBytes bounds how much of content.xml is read: a zip entry can
// claim any size, and a bomb must not run the parser for ever.
const maxContentBytes = 512 << 20

// Errors returned (wrapped) by the parsers; test them with errors.Is.
var (
	// ErrBadPackage: the file is not a readable zip (or directory).
	ErrBadPackage = errors.New("odt: not a readable ODT package")
	// ErrNoContent: the package has no content.xml.
	ErrNoContent = errors.New("odt: package has no content.xml")
	// ErrMalformed: the XML is not well formed or ends early.
	ErrMalformed = errors.New("odt: malformed XML")
	// ErrTooLarge: content.xml exceeds the parser's size limit.
	ErrTooLarge = errors.New("odt: content too large")
)

// Options tune parsing. The zero value parses text only.
type Options struct {
	// LoadImages loads each figure's bytes into Image.Data (ParseFile
	// only: Parse has no package to read them from).
	LoadImages bool
	// MaxImageBytes skips (with a warning) images larger than this;
	// <= 0 means DefaultMaxImageBytes.
	MaxImageBytes int64
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
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

// ParseFile parses an ODT package: a zip file (its mimetype entry may be
// missing or out of place) or a directory holding an unpacked package
// (content.xml at its top). The document ID is the base name without
// extension.
func ParseFile(ctx context.Context, path string, opts Options) (*document.Document, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("odt: %w", err)
	}
	var pkg fs.FS
	if fi.IsDir() {
		pkg = os.DirFS(path)
	} else {
		zr, err := zip.OpenReader(path)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrBadPackage, path, err)
		}
		defer zr.Close()
		pkg = zr
	}
	doc, err := parsePackage(ctx, pkg, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	doc.ID = docID(path)
	doc.Path = path
	opts.logger().Debug("odt: parsed", "id", doc.ID, "blocks", len(doc.Blocks), "warnings", len(doc.Warnings))
	return doc, nil
}

// docID is the file or directory base name without its extension.
func docID(path string) string {
	base := filepath.Base(filepath.Clean(path))
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	return base
}

// odtMimetypes are the mimetype entries accepted without a warning.
var odtMimetypes = map[string]bool{
	"application/vnd.oasis.opendocument.text":          true,
	"application/vnd.oasis.opendocument.text-template": true,
	"application/vnd.oasis.opendocument.text-master":   true,
}

func parsePackage(ctx context.Context, pkg fs.FS, opts Options) (*document.Document, error) {
	f, err := pkg.Open("content.xml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoContent
	}
	if err != nil {
		return nil, fmt.Errorf("%w: open content.xml: %w", ErrBadPackage, err)
	}
	defer f.Close()
	var warnings []string
	if mt, err := fs.ReadFile(pkg, "mimetype"); err == nil {
		if s := strings.TrimSpace(string(mt)); !odtMimetypes[s] {
			warnings = append(warnings, fmt.Sprintf("unexpected mimetype %q", truncate(s, 80)))
		}
	}
	lr := &limitedReader{r: f, n: maxContentBytes}
	p := newParser(ctx, lr, opts, pkg)
	doc, err := p.run()
	if err != nil {
		if lr.exceeded {
			return nil, fmt.Errorf("%w: content.xml over %d bytes", ErrTooLarge, maxContentBytes)
		}
		return nil, err
	}
	doc.Warnings = append(warnings, doc.Warnings...)
	return doc, nil
}

// Parse parses a content.xml stream (the root may also be any element
// holding ODF text content, e.g. office:text). Figures get their names but
// no data: there is no package to load them from.
func Parse(ctx context.Context, content io.Reader, opts Options) (*document.Document, error) {
	p := newParser(ctx, content, opts, nil)
	return p.run()
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

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
