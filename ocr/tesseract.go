//go:build !notesseract

package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"log/slog"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// Tesseract is an Engine backed by a pool of tesseract clients. It is safe
// for concurrent use; at most Options.Workers images are read at once, so
// callers should call Recognize from as many goroutines as there are
// workers.
type Tesseract struct {
	opts    Options
	clients chan *gosseract.Client
	all     []*gosseract.Client
	cache   Cache
	config  string
	log     *slog.Logger

	closeOnce sync.Once
}

// NewTesseract starts a pool of Options.Workers tesseract clients. It sets
// OMP_THREAD_LIMIT=1 (unless already set) before the clients start: one
// thread per image and parallelism across images is faster than
// tesseract's own threads.
func NewTesseract(opts Options) (*Tesseract, error) {
	if len(opts.Languages) == 0 {
		opts.Languages = []string{"kor", "eng"}
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	if opts.MaxPixels <= 0 {
		opts.MaxPixels = DefaultMaxPixels
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if os.Getenv("OMP_THREAD_LIMIT") == "" {
		os.Setenv("OMP_THREAD_LIMIT", "1")
	}
	if err := checkLanguages(opts.TessdataPrefix, opts.Languages); err != nil {
		return nil, err
	}
	t := &Tesseract{
		opts:    opts,
		clients: make(chan *gosseract.Client, opts.Workers),
		cache:   Cache{Dir: opts.CacheDir},
		config:  strings.Join(opts.Languages, "+") + "|tesseract " + gosseract.Version(),
		log:     log,
	}
	for i := 0; i < opts.Workers; i++ {
		c := gosseract.NewClient()
		if opts.TessdataPrefix != "" {
			c.SetTessdataPrefix(opts.TessdataPrefix)
		}
		if err := c.SetLanguage(opts.Languages...); err != nil {
			c.Close()
			t.Close()
			return nil, fmt.Errorf("ocr: tesseract languages: %w", err)
		}
		t.all = append(t.all, c)
		t.clients <- c
	}
	log.Debug("tesseract ready", "workers", opts.Workers, "languages", opts.Languages, "version", gosseract.Version())
	return t, nil
}

// checkLanguages fails early, with the fix in the message, when a model
// file is missing (tesseract itself only prints to stderr).
func checkLanguages(prefix string, langs []string) error {
	var avail []string
	var err error
	if prefix != "" {
		avail, err = listTessdata(prefix)
	} else {
		avail, err = gosseract.GetAvailableLanguages()
	}
	if err != nil {
		return fmt.Errorf("ocr: listing tesseract models: %w", err)
	}
	have := map[string]bool{}
	for _, a := range avail {
		have[a] = true
	}
	var missing []string
	for _, l := range langs {
		if !have[l] {
			missing = append(missing, l)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("ocr: tesseract models missing: %s (have %v; run scripts/install-ocr.sh)", strings.Join(missing, ", "), avail)
	}
	return nil
}

func listTessdata(dir string) ([]string, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".traineddata"); ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// Workers reports how many images are read at once.
func (t *Tesseract) Workers() int { return t.opts.Workers }

// Recognize reads the text in an encoded image. Results come from the
// cache when the same image was read in the same mode before.
func (t *Tesseract) Recognize(ctx context.Context, img []byte, mode Mode) (Result, error) {
	key := t.cache.Key(img, mode, t.config)
	if r, ok := t.cache.Get(key); ok {
		return r, nil
	}
	pgm, scale, err := prepare(img, mode, t.opts.MaxPixels)
	if err != nil {
		return Result{}, err
	}
	var c *gosseract.Client
	select {
	case c = <-t.clients:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("ocr: %w", ctx.Err())
	}
	words, err := recognize(c, pgm, mode)
	t.clients <- c
	if err != nil {
		return Result{}, err
	}
	if scale != 1 {
		for i := range words {
			words[i].box = scaleRect(words[i].box, 1/scale)
		}
	}
	var r Result
	r.Text, r.Words = buildText(words)
	if err := t.cache.Put(key, r); err != nil {
		t.log.Warn("ocr cache write failed", "err", err)
	}
	return r, nil
}

func recognize(c *gosseract.Client, pgm []byte, mode Mode) ([]tessWord, error) {
	// SetPageSegMode is lost when set before the client's first use; the
	// variable survives initialisation.
	if err := c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(mode.psm())); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	// Keep tesseract's diagnostics ("Estimating resolution as ...") off
	// stderr.
	if err := c.SetVariable("debug_file", os.DevNull); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	if err := c.SetImageFromBytes(pgm); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	boxes, err := c.GetBoundingBoxesVerbose()
	if err != nil {
		return nil, fmt.Errorf("ocr: tesseract: %w", err)
	}
	words := make([]tessWord, 0, len(boxes))
	for _, b := range boxes {
		words = append(words, tessWord{
			text: b.Word, box: b.Box, conf: b.Confidence,
			block: b.BlockNum, par: b.ParNum, line: b.LineNum,
		})
	}
	return words, nil
}

func scaleRect(r image.Rectangle, f float64) image.Rectangle {
	s := func(v int) int { return int(float64(v)*f + 0.5) }
	return image.Rect(s(r.Min.X), s(r.Min.Y), s(r.Max.X), s(r.Max.Y))
}

// Close frees the tesseract clients. Recognize must not be running.
func (t *Tesseract) Close() error {
	var errs []error
	t.closeOnce.Do(func() {
		for _, c := range t.all {
			errs = append(errs, c.Close())
		}
	})
	return errors.Join(errs...)
}
