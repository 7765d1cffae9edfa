package pdf

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/policyqa/policyqa/document"
)

// ErrMalformed is wrapped by the errors Parse returns when the file cannot
// be read as a PDF at all (bad header, broken cross-reference table, a panic
// inside the pdf library while opening it).
var ErrMalformed = errors.New("malformed file")

// Defaults for the zero Options.
const (
	DefaultMaxPages         = 5000
	DefaultMaxOpsPerPage    = 2_000_000
	DefaultMaxGlyphsPerPage = 200_000
)

// Options configure Parse. The zero value is ready to use.
type Options struct {
	// Logger receives debug and warning records; nil discards them.
	Logger *slog.Logger
	// MaxPages bounds the pages read (DefaultMaxPages when 0); the rest
	// are skipped with a warning.
	MaxPages int
	// MaxOpsPerPage bounds the content-stream operators interpreted per
	// page, forms included (DefaultMaxOpsPerPage when 0).
	MaxOpsPerPage int
	// MaxGlyphsPerPage bounds the glyphs kept per page
	// (DefaultMaxGlyphsPerPage when 0).
	MaxGlyphsPerPage int
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.MaxOpsPerPage <= 0 {
		o.MaxOpsPerPage = DefaultMaxOpsPerPage
	}
	if o.MaxGlyphsPerPage <= 0 {
		o.MaxGlyphsPerPage = DefaultMaxGlyphsPerPage
	}
	return o
}

// ParseFile parses the PDF at path. The document ID is the file name
// without extension.
func ParseFile(ctx context.Context, path string, opts Options) (*document.Document, error) {
	d, _, err := ParseFileInfo(ctx, path, opts)
	return d, err
}

// ParseFileInfo is ParseFile that also reports, per page, whether the page
// has a usable text layer (see PageInfo). Pages with Usable false are the
// ones to send to OCR.
func ParseFileInfo(ctx context.Context, path string, opts Options) (*document.Document, []PageInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, nil, fmt.Errorf("pdf: %w", err)
	}
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	d, info, err := parseInfo(ctx, f, fi.Size(), id, path, opts)
	if d != nil {
		d.Path = path
	}
	return d, info, err
}

// Parse parses a PDF of the given size read from r. id becomes
// Document.ID.
func Parse(ctx context.Context, r io.ReaderAt, size int64, id string, opts Options) (*document.Document, error) {
	d, _, err := ParseInfo(ctx, r, size, id, opts)
	return d, err
}

// ParseInfo is Parse that also returns one PageInfo per page read.
//
// A panic in the pdf library while opening the file becomes an error
// wrapping ErrMalformed; a panic or budget overrun on one page becomes a
// Document.Warnings entry and that page keeps whatever text was read before
// the failure. Pages without a usable text layer get a warning too. When
// ctx is cancelled, Parse stops and returns ctx's error.
func ParseInfo(ctx context.Context, r io.ReaderAt, size int64, id string, opts Options) (doc *document.Document, info []PageInfo, err error) {
	return parseInfo(ctx, r, size, id, id, opts)
}

// parseInfo is ParseInfo whose errors name the input as name ("PATH: pdf:
// what went wrong", once).
func parseInfo(ctx context.Context, r io.ReaderAt, size int64, id, name string, opts Options) (doc *document.Document, info []PageInfo, err error) {
	opts = opts.withDefaults()
	log := opts.Logger.With("doc", id)
	start := time.Now()

	reader, err := open(r, size)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: pdf: %w", name, err)
	}
	doc = &document.Document{ID: id, Format: document.FormatPDF}
	pages, truncated, err := collectPages(reader, opts.MaxPages)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: pdf: %w", name, err)
	}
	if truncated {
		doc.Warnings = append(doc.Warnings, fmt.Sprintf("only the first %d pages were read", opts.MaxPages))
	}
	doc.Pages = len(pages)
	lim := limits{
		maxOps:    opts.MaxOpsPerPage,
		maxGlyphs: opts.MaxGlyphsPerPage,
		maxDepth:  8,
		cancelled: func() bool { return ctx.Err() != nil },
		fonts:     fontCache{},
	}
	texts := make([]PageText, 0, len(pages))
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, nil, fmt.Errorf("%s: pdf: %w", name, err)
		}
		pt, perr := pageText(p, i+1, lim)
		if perr != nil {
			if err := ctx.Err(); err != nil {
				return nil, nil, fmt.Errorf("%s: pdf: %w", name, err)
			}
			w := fmt.Sprintf("page %d: %v", i+1, perr)
			doc.Warnings = append(doc.Warnings, w)
			log.Warn("pdf page failed", "page", i+1, "err", perr)
		}
		pi := PageHasText(pt)
		if pi.NeedsOCR() {
			doc.Warnings = append(doc.Warnings, fmt.Sprintf("page %d: no usable text layer (%d chars, %.0f%% letters/digits, images cover %.0f%%)",
				pi.Page, pi.Chars, 100*pi.GoodShare, 100*pi.ImageArea))
		}
		info = append(info, pi)
		texts = append(texts, pt)
	}
	doc.Blocks = Rebuild(texts)
	log.Debug("pdf parsed", "pages", doc.Pages, "blocks", len(doc.Blocks), "warnings", len(doc.Warnings), "elapsed", time.Since(start))
	return doc, info, nil
}

// open wraps lpdf.NewReader, turning panics into errors.
func open(r io.ReaderAt, size int64) (reader *lpdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			reader, err = nil, fmt.Errorf("%w: %v", ErrMalformed, x)
		}
	}()
	if err := prescan(r, size); err != nil {
		return nil, err
	}
	reader, err = lpdf.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	return reader, nil
}

// collectPages walks the page tree depth first, bounded in depth and page
// count so that cyclic or absurd trees terminate.
func collectPages(r *lpdf.Reader, maxPages int) (pages []lpdf.Page, truncated bool, err error) {
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("%w: page tree: %v", ErrMalformed, x)
		}
	}()
	root := r.Trailer().Key("Root").Key("Pages")
	visits := 0
	var walk func(v lpdf.Value, depth int)
	walk = func(v lpdf.Value, depth int) {
		visits++
		if truncated || depth > 64 || visits > 4*maxPages+64 {
			truncated = truncated || visits > 4*maxPages+64
			return
		}
		kids := v.Key("Kids")
		if v.Key("Type").Name() == "Page" || (kids.Kind() != lpdf.Array && v.Key("Contents").Kind() != lpdf.Null) {
			if len(pages) >= maxPages {
				truncated = true
				return
			}
			pages = append(pages, lpdf.Page{V: v})
			return
		}
		for i := 0; i < kids.Len(); i++ {
			walk(kids.Index(i), depth+1)
		}
	}
	walk(root, 0)
	return pages, truncated, nil
}
