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

// Options tune parsing. The zero value parses text only, within the
// default Limits.
type Options struct {
	// LoadImages loads each figure's bytes into Image.Data (ParseFile
	// only: Parse has no package to read them from), within
	// Limits.MaxImageBytes and MaxImageTotalBytes. To hold one image at a
	// time instead, leave it off and read them through
	// Package.ReadImage.
	LoadImages bool
	// Limits bound what the document may cost; zero fields take the
	// defaults.
	Limits Limits
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
}

func (o Options) logger() *slog.Logger {
	if o.Logger != nil {
		return o.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// Package is an opened ODT package: a zip file or an unpacked folder. Its
// entries are read within the Limits it was opened with. It is not safe
// for concurrent use.
type Package struct {
	path   string
	fsys   fs.FS
	closer io.Closer
	opts   Options
	lim    Limits
	// imageBytes counts the image bytes read so far (MaxImageTotalBytes).
	imageBytes int64
	warnings   []string
}

// OpenPackage opens an ODT package: a zip file (its mimetype entry may be
// missing or out of place) or a directory holding an unpacked package.
// Close releases it.
func OpenPackage(path string, opts Options) (*Package, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("odt: %w", err)
	}
	p := &Package{path: path, opts: opts, lim: opts.Limits.withDefaults()}
	if fi.IsDir() {
		root, err := os.OpenRoot(path)
		if err != nil {
			return nil, fmt.Errorf("odt: %w", err)
		}
		p.fsys, p.closer = rootFS{root}, root
		return p, nil
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is named once, first
		}
		return nil, fmt.Errorf("%s: %w: %w", path, ErrBadPackage, err)
	}
	p.fsys, p.closer = zr, zr
	return p, nil
}

// rootFS serves the files of an unpacked package through os.Root, so a
// link inside the folder cannot lead out of it, and opens regular files
// (and folders) only: a named pipe or a device is an error, not a read
// that blocks.
type rootFS struct{ root *os.Root }

// ErrNotRegular marks an entry of an unpacked package that is not a
// regular file.
var ErrNotRegular = errors.New("odt: not a regular file")

// Open implements fs.FS.
func (r rootFS) Open(name string) (fs.File, error) {
	fi, err := r.root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() && !fi.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: ErrNotRegular}
	}
	return r.root.Open(name)
}

// Close releases the package.
func (p *Package) Close() error {
	if p.closer != nil {
		return p.closer.Close()
	}
	return nil
}

// Parse parses the package's content.xml. The document ID is the base name
// of the package path without extension.
func (p *Package) Parse(ctx context.Context) (*document.Document, error) {
	doc, err := parsePackage(ctx, p)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p.path, err)
	}
	doc.ID = docID(p.path)
	doc.Path = p.path
	p.opts.logger().Debug("odt: parsed", "id", doc.ID, "blocks", len(doc.Blocks), "warnings", len(doc.Warnings))
	return doc, nil
}

// ErrImageBudget is returned (wrapped) by ReadImage once the package's
// images have used Limits.MaxImageTotalBytes.
var ErrImageBudget = errors.New("odt: image budget of the document used up")

// ReadImage reads the image at name (a package path, as in Image.Name),
// at most Limits.MaxImageBytes; the bytes read count against
// Limits.MaxImageTotalBytes. Over either limit it returns an error
// (errors.Is ErrTooLarge or ErrImageBudget) and reads nothing more.
func (p *Package) ReadImage(name string) ([]byte, error) {
	if !fs.ValidPath(name) || name == "." {
		return nil, fmt.Errorf("odt: image %q: not a package path", name)
	}
	left := p.lim.MaxImageTotalBytes - p.imageBytes
	if left <= 0 {
		return nil, fmt.Errorf("%w (%d bytes): image %s not read", ErrImageBudget, p.lim.MaxImageTotalBytes, name)
	}
	limit := min(p.lim.MaxImageBytes, left)
	b, err := readEntry(p.fsys, name, limit)
	switch {
	case errors.Is(err, errEntryTooLarge) && limit < p.lim.MaxImageBytes:
		p.imageBytes = p.lim.MaxImageTotalBytes
		return nil, fmt.Errorf("%w (%d bytes): image %s not read", ErrImageBudget, p.lim.MaxImageTotalBytes, name)
	case errors.Is(err, errEntryTooLarge):
		return nil, fmt.Errorf("%w: image %s larger than %d bytes", ErrTooLarge, name, p.lim.MaxImageBytes)
	case err != nil:
		return nil, fmt.Errorf("odt: image %w", err)
	}
	p.imageBytes += int64(len(b))
	return b, nil
}

// ParseFile parses an ODT package (see OpenPackage) and closes it. The
// document ID is the base name without extension.
func ParseFile(ctx context.Context, path string, opts Options) (*document.Document, error) {
	p, err := OpenPackage(path, opts)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	doc, err := p.Parse(ctx)
	if err != nil {
		return nil, err
	}
	if opts.LoadImages {
		p.loadImages(doc)
	}
	return doc, nil
}

// loadImages fills Image.Data of the document's figures (one read per
// distinct name); failures become warnings.
func (p *Package) loadImages(doc *document.Document) {
	loaded := map[string][]byte{}
	warned := map[string]bool{}
	for i := range doc.Blocks {
		img := doc.Blocks[i].Image
		if img == nil || strings.Contains(img.Name, "://") {
			continue
		}
		if b, ok := loaded[img.Name]; ok {
			img.Data = b
			continue
		}
		b, err := p.ReadImage(img.Name)
		if err != nil {
			msg := strings.TrimPrefix(err.Error(), "odt: ")
			if errors.Is(err, ErrImageBudget) {
				msg = fmt.Sprintf("image budget of %d bytes used up: later images not loaded", p.lim.MaxImageTotalBytes)
			}
			if !warned[msg] && len(doc.Warnings) < maxWarnings {
				warned[msg] = true
				doc.Warnings = append(doc.Warnings, msg)
			}
		}
		loaded[img.Name] = b
		img.Data = b
	}
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

func parsePackage(ctx context.Context, pkg *Package) (*document.Document, error) {
	f, err := pkg.fsys.Open("content.xml")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoContent
	}
	if err != nil {
		return nil, fmt.Errorf("%w: open content.xml: %w", ErrBadPackage, err)
	}
	defer f.Close()
	lim := pkg.lim
	if fi, err := f.Stat(); err == nil && fi.Size() > lim.MaxContentBytes {
		return nil, fmt.Errorf("%w: content.xml is %d bytes, limit %d", ErrTooLarge, fi.Size(), lim.MaxContentBytes)
	}
	var warnings []string
	switch mt, err := readEntry(pkg.fsys, "mimetype", lim.MaxMimetypeBytes); {
	case err == nil:
		if s := strings.TrimSpace(string(mt)); !odtMimetypes[s] {
			warnings = append(warnings, fmt.Sprintf("unexpected mimetype %q", truncate(s, 80)))
		}
	case errors.Is(err, errEntryTooLarge):
		warnings = append(warnings, fmt.Sprintf("mimetype entry over %d bytes: ignored", lim.MaxMimetypeBytes))
	}
	lr := &limitedReader{r: f, n: lim.MaxContentBytes}
	p := newParser(ctx, lr, pkg.opts)
	doc, err := p.run()
	if err != nil {
		if lr.exceeded {
			return nil, fmt.Errorf("%w: content.xml over %d bytes", ErrTooLarge, lim.MaxContentBytes)
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
	lim := opts.Limits.withDefaults()
	lr := &limitedReader{r: content, n: lim.MaxContentBytes}
	doc, err := newParser(ctx, lr, opts).run()
	if err != nil && lr.exceeded {
		return nil, fmt.Errorf("%w: content over %d bytes", ErrTooLarge, lim.MaxContentBytes)
	}
	return doc, err
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}
