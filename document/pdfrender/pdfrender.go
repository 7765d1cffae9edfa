package pdfrender

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// Options configures NewEngine.
type Options struct {
	// Workers is the most documents open at once (one PDFium instance
	// each); default the number of CPUs.
	Workers int
	// CacheDir keeps wazero's compiled code between runs; empty uses
	// <os.UserCacheDir>/policyqa/wazero, "-" disables the cache.
	CacheDir string
	// MaxPixels refuses renders and embedded images larger than this;
	// default 60 megapixels.
	MaxPixels int
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
}

// Errors.
var (
	// ErrTooLarge marks a render or embedded image over Options.MaxPixels.
	ErrTooLarge = errors.New("pdfrender: image too large")
	// ErrPage marks a page number out of range.
	ErrPage = errors.New("pdfrender: no such page")
)

// Engine is a PDFium pool. It is safe for concurrent use.
type Engine struct {
	pool      pdfium.Pool
	maxPixels int
	log       *slog.Logger
	cache     wazero.CompilationCache
	closeOnce sync.Once
}

// NewEngine compiles PDFium (or loads it from the cache) and starts a
// pool.
func NewEngine(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = 60_000_000
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rc := wazero.NewRuntimeConfig().WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling)
	var cache wazero.CompilationCache
	dir := opts.CacheDir
	if dir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			dir = filepath.Join(d, "policyqa", "wazero")
		}
	}
	if dir != "" && dir != "-" {
		c, err := wazero.NewCompilationCacheWithDir(dir)
		if err != nil {
			log.Warn("wazero compilation cache unavailable", "dir", dir, "err", err)
		} else {
			cache = c
			rc = rc.WithCompilationCache(c)
		}
	}
	start := time.Now()
	pool, err := webassembly.Init(webassembly.Config{
		Context:       context.WithoutCancel(ctx),
		MinIdle:       1,
		MaxIdle:       opts.Workers,
		MaxTotal:      opts.Workers,
		RuntimeConfig: rc,
		ReuseWorkers:  true,
		Stdout:        io.Discard,
		Stderr:        io.Discard,
	})
	if err != nil {
		if cache != nil {
			cache.Close(ctx)
		}
		return nil, fmt.Errorf("pdfrender: starting pdfium: %w", err)
	}
	log.Debug("pdfium ready", "took", time.Since(start), "cache", dir)
	return &Engine{pool: pool, maxPixels: opts.MaxPixels, log: log, cache: cache}, nil
}

// Close stops the pool; open documents become unusable.
func (e *Engine) Close() error {
	var err error
	e.closeOnce.Do(func() {
		err = e.pool.Close()
		if e.cache != nil {
			err = errors.Join(err, e.cache.Close(context.Background()))
		}
	})
	return err
}

// Doc is an open PDF. Its methods are safe for concurrent use but run one
// at a time (one PDFium instance per document).
type Doc struct {
	e     *Engine
	inst  pdfium.Pdfium
	doc   references.FPDF_DOCUMENT
	pages int
	mu    sync.Mutex
	path  string
}

// Open opens a PDF file.
func (e *Engine) Open(ctx context.Context, path string) (*Doc, error) {
	inst, err := e.pool.GetInstanceWithContext(ctx)
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %s: getting pdfium instance: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		inst.Close()
		return nil, fmt.Errorf("pdfrender: %w", err)
	}
	if _, err := os.Stat(abs); err != nil {
		inst.Close()
		return nil, fmt.Errorf("pdfrender: %w", err)
	}
	od, err := inst.OpenDocument(&requests.OpenDocument{FilePath: &abs})
	if err != nil {
		inst.Close()
		return nil, fmt.Errorf("pdfrender: opening %s: %w", path, err)
	}
	pc, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: od.Document})
	if err != nil {
		inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: od.Document})
		inst.Close()
		return nil, fmt.Errorf("pdfrender: %s: page count: %w", path, err)
	}
	return &Doc{e: e, inst: inst, doc: od.Document, pages: pc.PageCount, path: path}, nil
}

// Close closes the document and returns its instance to the pool.
func (d *Doc) Close() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.inst == nil {
		return nil
	}
	_, err1 := d.inst.FPDF_CloseDocument(&requests.FPDF_CloseDocument{Document: d.doc})
	err2 := d.inst.Close()
	d.inst = nil
	return errors.Join(err1, err2)
}

// PageCount is the number of pages.
func (d *Doc) PageCount() int { return d.pages }

func (d *Doc) page(n int) (requests.Page, error) {
	if d.inst == nil {
		return requests.Page{}, fmt.Errorf("pdfrender: %s: document closed", d.path)
	}
	if n < 1 || n > d.pages {
		return requests.Page{}, fmt.Errorf("%w: page %d of %d in %s", ErrPage, n, d.pages, d.path)
	}
	return requests.Page{ByIndex: &requests.PageByIndex{Document: d.doc, Index: n - 1}}, nil
}

// RenderPage renders page n (1-based) at dpi dots per inch in colour.
func (d *Doc) RenderPage(ctx context.Context, n, dpi int) (*image.RGBA, error) {
	img, err := d.render(ctx, n, dpi, requests.RenderImageFormatRGBA)
	if err != nil {
		return nil, err
	}
	return img.(*image.RGBA), nil
}

// RenderPageGray renders page n (1-based) at dpi in 8-bit gray, a quarter
// of the memory of RenderPage; what OCR needs.
func (d *Doc) RenderPageGray(ctx context.Context, n, dpi int) (*image.Gray, error) {
	img, err := d.render(ctx, n, dpi, requests.RenderImageFormatGrayscale)
	if err != nil {
		return nil, err
	}
	return img.(*image.Gray), nil
}

func (d *Doc) render(ctx context.Context, n, dpi int, format requests.RenderImageFormat) (image.Image, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("pdfrender: %w", err)
	}
	if dpi <= 0 || dpi > 1200 {
		return nil, fmt.Errorf("pdfrender: dpi %d out of range 1..1200", dpi)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	p, err := d.page(n)
	if err != nil {
		return nil, err
	}
	size, err := d.inst.GetPageSize(&requests.GetPageSize{Page: p})
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %s page %d size: %w", d.path, n, err)
	}
	w, h := size.Width/72*float64(dpi), size.Height/72*float64(dpi)
	if w*h > float64(d.e.maxPixels) {
		return nil, fmt.Errorf("%w: %s page %d at %d dpi is %.0fx%.0f pixels", ErrTooLarge, d.path, n, dpi, w, h)
	}
	res, err := d.inst.RenderPageInDPI(&requests.RenderPageInDPI{Page: p, DPI: dpi, ImageFormat: format})
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %s page %d render: %w", d.path, n, err)
	}
	defer res.Cleanup()
	// In WebAssembly the pixels live in the module's memory until
	// Cleanup: copy them out.
	// Rows may be padded (PDFium aligns strides to 4 bytes): copy row by
	// row.
	switch src := res.Result.RenderedImage.(type) {
	case *image.RGBA:
		out := image.NewRGBA(image.Rect(0, 0, src.Rect.Dx(), src.Rect.Dy()))
		copyRows(out.Pix, out.Stride, src.Pix, src.Stride, out.Rect.Dx()*4, out.Rect.Dy())
		return out, nil
	case *image.Gray:
		out := image.NewGray(image.Rect(0, 0, src.Rect.Dx(), src.Rect.Dy()))
		copyRows(out.Pix, out.Stride, src.Pix, src.Stride, out.Rect.Dx(), out.Rect.Dy())
		return out, nil
	}
	return nil, fmt.Errorf("pdfrender: %s page %d: unexpected image type %T", d.path, n, res.Result.RenderedImage)
}

// PageText is PDFium's text of page n (1-based): empty for a scanned page
// without a text layer.
func (d *Doc) PageText(ctx context.Context, n int) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("pdfrender: %w", err)
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	p, err := d.page(n)
	if err != nil {
		return "", err
	}
	res, err := d.inst.GetPageText(&requests.GetPageText{Page: p})
	if err != nil {
		return "", fmt.Errorf("pdfrender: %s page %d text: %w", d.path, n, err)
	}
	return res.Text, nil
}

// PageImage is an image embedded in a page, decoded to pixels at its own
// resolution (not as placed on the page).
type PageImage struct {
	// Index numbers the images of the page from 1 in content order.
	Index int
	Image image.Image
}

// PageImages decodes the images placed directly on page n (1-based).
// Images over the pixel budget are skipped and reported in the error
// (joined), after the others are returned.
func (d *Doc) PageImages(ctx context.Context, n int) ([]PageImage, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, err := d.page(n)
	if err != nil {
		return nil, err
	}
	pg, err := d.inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: d.doc, Index: n - 1})
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %s page %d: %w", d.path, n, err)
	}
	defer d.inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: pg.Page})
	p = requests.Page{ByReference: &pg.Page}
	cnt, err := d.inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: p})
	if err != nil {
		return nil, fmt.Errorf("pdfrender: %s page %d objects: %w", d.path, n, err)
	}
	var out []PageImage
	var errs []error
	idx := 0
	for i := 0; i < cnt.Count; i++ {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("pdfrender: %w", err)
		}
		obj, err := d.inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: p, Index: i})
		if err != nil {
			errs = append(errs, err)
			continue
		}
		typ, err := d.inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: obj.PageObject})
		if err != nil || typ.Type != enums.FPDF_PAGEOBJ_IMAGE {
			continue
		}
		idx++
		img, err := d.imageObject(obj.PageObject)
		if err != nil {
			errs = append(errs, fmt.Errorf("pdfrender: %s page %d image %d: %w", d.path, n, idx, err))
			continue
		}
		out = append(out, PageImage{Index: idx, Image: img})
	}
	return out, errors.Join(errs...)
}

func (d *Doc) imageObject(obj references.FPDF_PAGEOBJECT) (image.Image, error) {
	sz, err := d.inst.FPDFImageObj_GetImagePixelSize(&requests.FPDFImageObj_GetImagePixelSize{ImageObject: obj})
	if err != nil {
		return nil, err
	}
	if sz.Width == 0 || sz.Height == 0 {
		return nil, errors.New("empty image")
	}
	if int64(sz.Width)*int64(sz.Height) > int64(d.e.maxPixels) {
		return nil, fmt.Errorf("%w: %dx%d pixels", ErrTooLarge, sz.Width, sz.Height)
	}
	bm, err := d.inst.FPDFImageObj_GetBitmap(&requests.FPDFImageObj_GetBitmap{ImageObject: obj})
	if err != nil {
		return nil, err
	}
	defer d.inst.FPDFBitmap_Destroy(&requests.FPDFBitmap_Destroy{Bitmap: bm.Bitmap})
	return d.bitmapImage(bm.Bitmap)
}

// bitmapImage copies a PDFium bitmap into a Go image.
func (d *Doc) bitmapImage(bm references.FPDF_BITMAP) (image.Image, error) {
	w, err := d.inst.FPDFBitmap_GetWidth(&requests.FPDFBitmap_GetWidth{Bitmap: bm})
	if err != nil {
		return nil, err
	}
	h, err := d.inst.FPDFBitmap_GetHeight(&requests.FPDFBitmap_GetHeight{Bitmap: bm})
	if err != nil {
		return nil, err
	}
	st, err := d.inst.FPDFBitmap_GetStride(&requests.FPDFBitmap_GetStride{Bitmap: bm})
	if err != nil {
		return nil, err
	}
	f, err := d.inst.FPDFBitmap_GetFormat(&requests.FPDFBitmap_GetFormat{Bitmap: bm})
	if err != nil {
		return nil, err
	}
	buf, err := d.inst.FPDFBitmap_GetBuffer(&requests.FPDFBitmap_GetBuffer{Bitmap: bm})
	if err != nil {
		return nil, err
	}
	return convertBitmap(buf.Buffer, w.Width, h.Height, st.Stride, f.Format)
}

// convertBitmap copies PDFium pixels (gray, BGR, BGRx, BGRA) into a Go
// image.
func convertBitmap(buf []byte, w, h, stride int, format enums.FPDF_BITMAP_FORMAT) (image.Image, error) {
	bpp := map[enums.FPDF_BITMAP_FORMAT]int{
		enums.FPDF_BITMAP_FORMAT_GRAY: 1, enums.FPDF_BITMAP_FORMAT_BGR: 3,
		enums.FPDF_BITMAP_FORMAT_BGRX: 4, enums.FPDF_BITMAP_FORMAT_BGRA: 4,
	}[format]
	if bpp == 0 {
		return nil, fmt.Errorf("unsupported bitmap format %d", format)
	}
	if w <= 0 || h <= 0 || w > len(buf) || stride > len(buf) || stride < w*bpp || len(buf) < stride*(h-1)+w*bpp {
		return nil, fmt.Errorf("bitmap %dx%d stride %d does not fit its %d-byte buffer", w, h, stride, len(buf))
	}
	if bpp == 1 {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			copy(g.Pix[y*g.Stride:y*g.Stride+w], buf[y*stride:])
		}
		return g, nil
	}
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := buf[y*stride:]
		for x := 0; x < w; x++ {
			s := row[x*bpp:]
			o := img.Pix[y*img.Stride+x*4:]
			o[0], o[1], o[2], o[3] = s[2], s[1], s[0], 255
			if format == enums.FPDF_BITMAP_FORMAT_BGRA {
				o[3] = s[3]
			}
		}
	}
	return img, nil
}

func copyRows(dst []byte, dstStride int, src []byte, srcStride, rowBytes, rows int) {
	for y := 0; y < rows; y++ {
		copy(dst[y*dstStride:y*dstStride+rowBytes], src[y*srcStride:])
	}
}
