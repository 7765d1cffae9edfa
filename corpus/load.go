package corpus

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/hwp"
	"github.com/policyqa/policyqa/document/odt"
	"github.com/policyqa/policyqa/document/pdf"
	"github.com/policyqa/policyqa/internal/progress"
)

// PageOCR reads the given 1-based pages of a scanned PDF into blocks
// (paragraphs, headings, tables, each with its Page), by page.
type PageOCR func(ctx context.Context, path string, pages []int) (map[int][]document.Block, error)

// PDFImages lists the images placed on the pages of a PDF (encoded, with
// their 1-based page), for figures in documents that have a text layer.
type PDFImages func(ctx context.Context, path string) ([]PageImage, error)

// PageImage is one image found on a PDF page.
type PageImage struct {
	Page int
	Name string
	Data []byte
}

// ImageTables turns a ref image (a chart) into blocks: a table and text.
type ImageTables func(ctx context.Context, id string, data []byte) ([]document.Block, error)

// LoadOptions configure Load and ParsePath.
type LoadOptions struct {
	Logger *slog.Logger
	// OCR, when set, reads pages of PDFs that have no usable text layer.
	OCR PageOCR
	// Charts, when set, extracts data tables from image ref files and
	// from figures inside documents (or their OCR text).
	Charts ImageTables
	// PDFImages, when set together with Charts, finds the figures of
	// PDFs with a text layer.
	PDFImages PDFImages
	// NoFigures leaves the figures inside documents unread (no images
	// loaded, no chart extraction or OCR of them); ref images still go
	// through Charts.
	NoFigures bool
	// ODTLimits bound what one ODT document may cost (entry sizes,
	// paragraph and document text, images); zero fields take odt's
	// documented defaults (odt.Limits).
	ODTLimits odt.Limits
	// Workers parse documents in parallel (default: number of CPUs).
	Workers int
	// Progress is where a terminal progress bar is drawn (nil: none).
	Progress io.Writer
}

// Load parses every document of the dataset. A document that fails
// to parse is recorded with its error (Document returns it) and the rest
// go on. The returned corpus has no retriever (Open builds one).
func Load(ctx context.Context, ds *dataset.Dataset, opts LoadOptions) (*Corpus, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	c := newCorpus(ds, opts)
	files := ds.Docs()
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	prog := progress.New("parse", len(files), opts.Progress, opts.Logger)
	jobs := make(chan dataset.DocFile)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				d, err := c.parse(ctx, f)
				c.mu.Lock()
				if err != nil {
					c.errs[f.ID] = err
					opts.Logger.Error("document failed to parse", "doc", f.ID, "path", f.Path, "err", err)
				} else {
					c.docs[f.ID] = d
					opts.Logger.Debug("parsed", "doc", f.ID, "blocks", len(d.Blocks), "warnings", len(d.Warnings))
				}
				c.mu.Unlock()
				prog.Add(1)
			}
		}()
	}
	for _, f := range files {
		select {
		case jobs <- f:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return c, fmt.Errorf("load corpus: %w", err)
	}
	return c, nil
}

func newCorpus(ds *dataset.Dataset, opts LoadOptions) *Corpus {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Corpus{
		ds: ds, logger: logger, ocr: opts.OCR, charts: opts.Charts, pdfImages: opts.PDFImages,
		figures: opts.Charts != nil && !opts.NoFigures, odtLimits: opts.ODTLimits,
		docs: map[string]*document.Document{}, errs: map[string]error{}, refs: map[string][]document.Block{},
	}
}

func (c *Corpus) parse(ctx context.Context, f dataset.DocFile) (d *document.Document, err error) {
	defer func() {
		if r := recover(); r != nil {
			c.logger.Error("parser panic", "doc", f.ID, "path", f.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			d, err = nil, fmt.Errorf("parse %s: panic: %v", f.Path, r)
		}
	}()
	switch f.Ext {
	case "dir", ".odt":
		// Figures are read one at a time from the open package, so a
		// document's images are never all in memory at once.
		pkg, err := odt.OpenPackage(f.Path, odt.Options{Logger: c.logger, Limits: c.odtLimits})
		if err != nil {
			return nil, err
		}
		defer pkg.Close()
		d, err := pkg.Parse(ctx)
		if err != nil {
			return nil, err
		}
		c.readFiguresFrom(ctx, d, pkg.ReadImage)
		return d, nil
	case ".hwp", ".hwpx":
		d, err := hwp.ParseFile(ctx, f.Path, hwp.Options{Logger: c.logger, LoadImages: c.figures})
		if err != nil {
			return nil, err
		}
		c.readFigures(ctx, d)
		return d, nil
	case ".pdf":
		d, info, err := pdf.ParseFileInfo(ctx, f.Path, pdf.Options{Logger: c.logger})
		if err != nil {
			return nil, err
		}
		var scanned []int
		src := make(map[int]*document.PageSource, len(info))
		d.PageSources = make([]document.PageSource, len(info))
		for i, pi := range info {
			d.PageSources[i] = document.PageSource{Page: pi.Page, Source: document.SourceTextLayer}
			src[pi.Page] = &d.PageSources[i]
			if !pi.Usable {
				scanned = append(scanned, pi.Page)
				d.PageSources[i].Source = document.SourceNone
			}
		}
		if len(scanned) > 0 {
			c.addOCR(ctx, d, f.Path, scanned, src)
		}
		if len(scanned) < len(info) {
			c.addPDFFigures(ctx, d, f.Path, scanned)
		}
		return d, nil
	}
	return nil, fmt.Errorf("document %s: unsupported format %q", f.ID, f.Ext)
}

// addOCR reads scanned pages and inserts their paragraphs in page order;
// src (by page) records which pages OCR read.
func (c *Corpus) addOCR(ctx context.Context, d *document.Document, path string, pages []int, src map[int]*document.PageSource) {
	note := func(pg int, s string) {
		if ps := src[pg]; ps != nil {
			ps.Note = s
		}
	}
	if c.ocr == nil {
		d.Warnings = append(d.Warnings, fmt.Sprintf("%d pages without a text layer, and OCR is not configured", len(pages)))
		c.logger.Warn("pages without text layer skipped: OCR not configured", "doc", d.ID, "pages", len(pages))
		for _, pg := range pages {
			note(pg, "no usable text layer; OCR not configured")
		}
		return
	}
	read, err := c.ocr(ctx, path, pages)
	if err != nil {
		d.Warnings = append(d.Warnings, fmt.Sprintf("OCR: %v", err))
		c.logger.Error("OCR failed", "doc", d.ID, "err", err)
	}
	blocks := slices.Clone(d.Blocks)
	for _, pg := range pages {
		got := read[pg]
		switch {
		case len(got) > 0:
			if ps := src[pg]; ps != nil {
				ps.Source = document.SourceOCR
			}
		case err != nil:
			note(pg, "no usable text layer; OCR failed")
		default:
			note(pg, "no usable text layer; OCR found no text")
		}
		for _, b := range got {
			b.Page = pg
			blocks = append(blocks, b)
		}
	}
	// Stable order by page (blocks from the text layer keep their order).
	sortBlocksByPage(blocks)
	d.Blocks = blocks
}

// addPDFFigures reads the images on the PDF's text pages (scanned pages
// were read whole) and inserts them as figure blocks after their page.
func (c *Corpus) addPDFFigures(ctx context.Context, d *document.Document, path string, scanned []int) {
	if c.pdfImages == nil || !c.figures {
		return
	}
	imgs, err := c.pdfImages(ctx, path)
	if err != nil {
		d.Warnings = append(d.Warnings, fmt.Sprintf("PDF images: %v", err))
		c.logger.Warn("PDF images not read", "doc", d.ID, "err", err)
	}
	skip := map[int]bool{}
	for _, p := range scanned {
		skip[p] = true
	}
	added := false
	for _, im := range imgs {
		if skip[im.Page] {
			continue
		}
		d.Blocks = append(d.Blocks, document.Block{Kind: document.KindFigure, Page: im.Page, Image: &document.Image{Name: im.Name, Data: im.Data}})
		added = true
	}
	if added {
		layer := map[int]*strings.Builder{} // each page's text-layer text
		for _, b := range d.Blocks {
			if b.Kind == document.KindFigure {
				continue
			}
			if layer[b.Page] == nil {
				layer[b.Page] = &strings.Builder{}
			}
			text := b.Text
			if b.Table != nil {
				text = document.LinearizeTable(b.Table, b.Text)
			}
			layer[b.Page].WriteString(text + "\n")
		}
		sortBlocksByPage(d.Blocks)
		c.readFigures(ctx, d)
		// A picture's OCR text, less what the page's text layer already
		// says (pages that mix the two).
		for i := range d.Blocks {
			b := &d.Blocks[i]
			if b.Kind == document.KindFigure && b.Table == nil && b.Text != "" && layer[b.Page] != nil {
				b.Text = pdf.DedupeOCR(layer[b.Page].String(), b.Text)
			}
		}
	}
}

// readFigures turns each embedded image into text for the index: a chart's
// data table, or the OCR text of another figure, after its caption. Image
// bytes are dropped afterwards. A failing image costs only its own text.
func (c *Corpus) readFigures(ctx context.Context, d *document.Document) {
	c.readFiguresFrom(ctx, d, nil)
}

// readFiguresFrom is readFigures for figures whose bytes are not loaded:
// load reads them by Image.Name, one at a time (nil: only loaded ones).
func (c *Corpus) readFiguresFrom(ctx context.Context, d *document.Document, load func(name string) ([]byte, error)) {
	if !c.figures {
		return
	}
	loadFailed := map[string]bool{}
	budgetWarned := false
	for i := range d.Blocks {
		b := &d.Blocks[i]
		if b.Kind != document.KindFigure || b.Image == nil {
			continue
		}
		data := b.Image.Data
		b.Image.Data = nil
		if len(data) == 0 && load != nil && b.Image.Name != "" && !strings.Contains(b.Image.Name, "://") && !loadFailed[b.Image.Name] {
			var err error
			if data, err = load(b.Image.Name); err != nil {
				loadFailed[b.Image.Name] = true
				if errors.Is(err, odt.ErrImageBudget) {
					if budgetWarned {
						continue
					}
					budgetWarned = true
				}
				d.Warnings = append(d.Warnings, fmt.Sprintf("figure %s: %v", b.Image.Name, err))
				c.logger.Warn("figure not loaded", "doc", d.ID, "image", b.Image.Name, "err", err)
				continue
			}
		}
		if len(data) == 0 {
			continue
		}
		blocks, err := c.charts(ctx, d.ID+"/"+b.Image.Name, data)
		if err != nil {
			d.Warnings = append(d.Warnings, fmt.Sprintf("figure %s: %v", b.Image.Name, err))
			c.logger.Warn("figure not read", "doc", d.ID, "image", b.Image.Name, "err", err)
			continue
		}
		var parts []string
		if b.Text != "" {
			parts = append(parts, b.Text)
		}
		for _, fb := range blocks {
			if fb.Table != nil {
				parts = append(parts, document.LinearizeTable(fb.Table, fb.Text))
				if b.Table == nil {
					b.Table = fb.Table
				}
			} else if fb.Text != "" {
				parts = append(parts, fb.Text)
			}
		}
		b.Text = strings.Join(parts, "\n")
	}
}

// Document implements solve.Docs.
func (c *Corpus) Document(_ context.Context, id string) (*document.Document, error) {
	f, err := c.ds.Doc(id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := c.errs[f.ID]; err != nil {
		return nil, &ParseError{ID: f.ID, Format: formatOf(f), Err: err}
	}
	d, ok := c.docs[f.ID]
	if !ok {
		return nil, fmt.Errorf("document %s was not loaded", id)
	}
	return d, nil
}

// Documents returns the parsed documents, sorted by id.
func (c *Corpus) Documents() []*document.Document {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*document.Document
	for _, f := range c.ds.Docs() {
		if d, ok := c.docs[f.ID]; ok {
			out = append(out, d)
		}
	}
	return out
}

// ParseError is a document of the dataset that failed to parse: Document
// returns it, Failed lists them.
type ParseError struct {
	ID     string
	Format document.Format // from the file's extension
	Err    error
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("document %s failed to parse: %v", e.ID, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// Failed lists the documents that failed to parse, sorted by id.
func (c *Corpus) Failed() []*ParseError {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []*ParseError
	for _, f := range c.ds.Docs() {
		if err := c.errs[f.ID]; err != nil {
			out = append(out, &ParseError{ID: f.ID, Format: formatOf(f), Err: err})
		}
	}
	return out
}

// formatOf names a located document's format by its extension.
func formatOf(f dataset.DocFile) document.Format {
	switch f.Ext {
	case "dir", ".odt":
		return document.FormatODT
	case ".pdf":
		return document.FormatPDF
	case ".hwp":
		return document.FormatHWP
	case ".hwpx":
		return document.FormatHWPX
	}
	return document.Format(strings.TrimPrefix(f.Ext, "."))
}

// Ref implements solve.Refs: an XML table fragment is parsed as ODF; an
// image goes through chart extraction.
func (c *Corpus) Ref(ctx context.Context, id string) ([]document.Block, error) {
	path, err := c.ds.Ref(id)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if bs, ok := c.refs[path]; ok {
		c.mu.Unlock()
		return bs, nil
	}
	c.mu.Unlock()
	bs, err := c.parseRef(ctx, id, path)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.refs[path] = bs
	c.mu.Unlock()
	return bs, nil
}

// parseRef reads the ref file at path: an XML table fragment as ODF, an
// image through chart extraction.
func (c *Corpus) parseRef(ctx context.Context, id, path string) ([]document.Block, error) {
	var bs []document.Block
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xml":
		d, err := c.parseFragment(ctx, id, path)
		if err != nil {
			return nil, err
		}
		bs = d.Blocks
	case ".png", ".jpg", ".jpeg", ".bmp", ".gif":
		if c.charts == nil {
			return nil, fmt.Errorf("ref %s: image ref files need chart extraction, which is not configured", id)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", id, err)
		}
		bs, err = c.charts(ctx, id, data)
		if err != nil {
			return nil, fmt.Errorf("ref %s: %w", id, err)
		}
	default:
		return nil, fmt.Errorf("ref %s: unsupported file type %s", id, filepath.Ext(path))
	}
	return bs, nil
}

// parseFragment reads an XML ref file, an ODF table fragment.
func (c *Corpus) parseFragment(ctx context.Context, id, path string) (*document.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ref %s: %w", id, err)
	}
	defer f.Close()
	d, err := odt.ParseFragment(ctx, f, odt.Options{Logger: c.logger, Limits: c.odtLimits})
	if err != nil {
		return nil, fmt.Errorf("ref %s: %w", id, err)
	}
	if len(d.Warnings) > 0 {
		c.logger.Debug("ref fragment repaired", "ref", id, "warnings", d.Warnings)
	}
	d.ID, d.Path = id, path
	return d, nil
}
