//go:build !notesseract

package ocr

import (
	"context"
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
	opts   Options
	jobs   chan job
	wg     sync.WaitGroup
	cache  Cache
	config string
	log    *slog.Logger

	closeOnce sync.Once
}

type job struct {
	pgm  []byte
	mode Mode
	done chan jobResult // buffered: the worker never blocks on it
}

type jobResult struct {
	words []tessWord
	err   error
}

// NewTesseract starts a pool of Options.Workers tesseract clients. One
// thread per image and parallelism across images is faster than
// tesseract's own OpenMP threads, but libgomp reads OMP_THREAD_LIMIT when
// the process starts, too early for os.Setenv: the environment must carry
// OMP_THREAD_LIMIT=1 (see ReexecWithThreadLimit); NewTesseract logs a
// warning otherwise.
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
	if !ThreadLimitSet() {
		log.Warn("OMP_THREAD_LIMIT is not set: tesseract runs several threads per image, about 2x the CPU; export OMP_THREAD_LIMIT=1 or call ocr.ReexecWithThreadLimit first in main")
	}
	if err := checkLanguages(opts.TessdataPrefix, opts.Languages); err != nil {
		return nil, err
	}
	t := &Tesseract{
		opts:   opts,
		jobs:   make(chan job),
		cache:  Cache{Dir: opts.CacheDir},
		config: strings.Join(opts.Languages, "+") + "|tesseract " + gosseract.Version(),
		log:    log,
	}
	var clients []*gosseract.Client
	for i := 0; i < opts.Workers; i++ {
		c := gosseract.NewClient()
		if opts.TessdataPrefix != "" {
			c.SetTessdataPrefix(opts.TessdataPrefix)
		}
		if err := c.SetLanguage(opts.Languages...); err != nil {
			c.Close()
			for _, c := range clients {
				c.Close()
			}
			return nil, fmt.Errorf("ocr: tesseract languages: %w", err)
		}
		clients = append(clients, c)
	}
	for _, c := range clients {
		t.wg.Go(func() { t.work(c) })
	}
	log.Debug("tesseract ready", "workers", opts.Workers, "languages", opts.Languages, "version", gosseract.Version())
	return t, nil
}

// work runs one client; tesseract's API object stays on one goroutine.
func (t *Tesseract) work(c *gosseract.Client) {
	defer c.Close()
	for j := range t.jobs {
		words, err := recognize(c, j.pgm, j.mode)
		j.done <- jobResult{words, err}
	}
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
	j := job{pgm: pgm, mode: mode, done: make(chan jobResult, 1)}
	select {
	case t.jobs <- j:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("ocr: %w", ctx.Err())
	}
	var jr jobResult
	select {
	case jr = <-j.done:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("ocr: %w", ctx.Err())
	}
	words, err := jr.words, jr.err
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

// Close stops the workers and frees the tesseract clients. Recognize must
// not be called after Close.
func (t *Tesseract) Close() error {
	t.closeOnce.Do(func() {
		close(t.jobs)
		t.wg.Wait()
	})
	return nil
}
