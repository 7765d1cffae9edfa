package corpus

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// ErrUnsupported is returned (wrapped) by ParsePath for a file whose type
// no parser reads.
var ErrUnsupported = errors.New("unsupported file type")

// refExts are the reference file types: ODF table fragments and chart
// images.
var refExts = map[string]document.Format{
	".xml": document.FormatODFFragment,
	".png": document.FormatImage, ".jpg": document.FormatImage, ".jpeg": document.FormatImage,
	".bmp": document.FormatImage, ".gif": document.FormatImage,
}

// ParsePath parses what a user points at, the way the run would read it
// (same parsers, OCR, figure reading as configured in opts), and calls
// each with every result in path order:
//
//   - an .odt, .pdf, .hwp or .hwpx file: that document;
//   - an .xml file: a reference table fragment, as a document of format
//     odf-fragment (a file named content.xml: the unpacked ODT around it);
//   - a .png/.jpg/.jpeg/.bmp/.gif file: a reference chart (needs
//     opts.Charts), as a document of format image;
//   - a folder holding content.xml: that unpacked ODT;
//   - any other folder (a dataset root, its doc/ or ref/): every document
//     and reference file under it, other files skipped.
//
// A file that fails to parse is passed to each with its error and the walk
// goes on; each's own error stops the walk and is returned. An unsupported
// FILE given directly is an error wrapping ErrUnsupported.
func ParsePath(ctx context.Context, root string, opts LoadOptions, each func(path string, d *document.Document, err error) error) error {
	c := newCorpus(nil, opts)
	fi, err := os.Stat(root)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return fmt.Errorf("%s: %w", root, err)
	}
	if !fi.IsDir() {
		if _, ok := fileKind(root); !ok {
			return fmt.Errorf("%s: %w", root, ErrUnsupported)
		}
		d, err := c.parsePath(ctx, root, false)
		return each(root, d, nameOnce(root, err))
	}
	if IsUnpackedODT(root) {
		d, err := c.parsePath(ctx, root, true)
		return each(root, d, nameOnce(root, err))
	}
	var paths []string
	var dirs = map[string]bool{}
	err = filepath.WalkDir(root, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			return err // a *fs.PathError, naming the path
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if de.IsDir() {
			if p != root && IsUnpackedODT(p) {
				paths = append(paths, p)
				dirs[p] = true
				return fs.SkipDir
			}
			return nil
		}
		if !de.Type().IsRegular() {
			return nil
		}
		if _, ok := fileKind(p); ok {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		d, perr := c.parsePath(ctx, p, dirs[p])
		if err := each(p, d, nameOnce(p, perr)); err != nil {
			return err
		}
	}
	return nil
}

// nameOnce makes err name path exactly once: the parsers name the file
// they read (as the os package does), the ref readers name the ref's id.
func nameOnce(path string, err error) error {
	if err == nil || strings.Contains(err.Error(), path) {
		return err
	}
	return fmt.Errorf("%s: %w", path, err)
}

// fileKind says which parser reads a file: a document format, or a ref
// format.
func fileKind(path string) (document.Format, bool) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".odt":
		return document.FormatODT, true
	case ".pdf":
		return document.FormatPDF, true
	case ".hwp":
		return document.FormatHWP, true
	case ".hwpx":
		return document.FormatHWPX, true
	}
	if strings.EqualFold(filepath.Base(path), "content.xml") {
		return document.FormatODT, true
	}
	f, ok := refExts[ext]
	return f, ok
}

// IsUnpackedODT reports whether dir is an unpacked ODT package (it holds
// a content.xml file).
func IsUnpackedODT(dir string) bool {
	fi, err := os.Stat(filepath.Join(dir, "content.xml"))
	return err == nil && fi.Mode().IsRegular()
}

// parsePath parses one file or unpacked ODT folder.
func (c *Corpus) parsePath(ctx context.Context, path string, dir bool) (*document.Document, error) {
	id := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	if dir {
		return c.parse(ctx, dataset.DocFile{ID: filepath.Base(path), Path: path, Ext: "dir"})
	}
	format, _ := fileKind(path)
	switch {
	case strings.EqualFold(filepath.Base(path), "content.xml"):
		folder := filepath.Dir(path)
		return c.parse(ctx, dataset.DocFile{ID: filepath.Base(folder), Path: folder, Ext: "dir"})
	case format == document.FormatODT || format == document.FormatPDF || format == document.FormatHWP || format == document.FormatHWPX:
		return c.parse(ctx, dataset.DocFile{ID: id, Path: path, Ext: strings.ToLower(filepath.Ext(path))})
	}
	if format == document.FormatODFFragment {
		return c.parseFragment(ctx, id, path)
	}
	bs, err := c.parseRef(ctx, id, path)
	if err != nil {
		return nil, err
	}
	return &document.Document{ID: id, Path: path, Format: format, Blocks: bs}, nil
}
