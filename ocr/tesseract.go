//go:build !notesseract

package ocr

import (
	"context"
	"crypto/sha256"
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
	"time"

	"github.com/otiai10/gosseract/v2"
)

// Tesseract is an Engine backed by a pool of tesseract clients, each in a
// worker process of its own when Options.Worker is set, else in this
// process. It is safe for concurrent use; at most Options.Workers images
// are read at once, so callers should call Recognize from as many
// goroutines as there are workers.
type Tesseract struct {
	opts   Options
	jobs   chan job
	wg     sync.WaitGroup
	cache  Cache
	config string
	log    *slog.Logger
	// avail are the installed models.
	avail []string
	// clients are read by WorkerCPU only; each is used by one goroutine.
	clients []client

	closeOnce sync.Once
}

type job struct {
	ctx  context.Context
	call call
	done chan jobResult // buffered: the worker never blocks on it
}

// call is one image for a client.
type call struct {
	pgm   []byte
	psm   int
	wl    string // character whitelist, "" for all
	langs string // models, "kor+eng"; "" for the engine's languages
	id    string // names the image in errors
}

type jobResult struct {
	words []tessWord
	err   error
}

// client reads one image at a time: a tesseract client in this process
// (inProc) or a worker process (procClient).
type client interface {
	recognize(ctx context.Context, c call) ([]tessWord, error)
	close()
}

// inProc holds a tesseract client in this process per language set.
type inProc struct {
	clients *clientSet
}

func (c inProc) recognize(_ context.Context, cl call) ([]tessWord, error) {
	tc, err := c.clients.get(cl.langs)
	if err != nil {
		return nil, err
	}
	return recognize(tc, cl.pgm, cl.psm, cl.wl)
}

func (c inProc) close() { c.clients.close() }

// clientSet keeps one tesseract client per language set ("kor+eng"),
// made on first use; the default set is made at once. It belongs to one
// goroutine.
type clientSet struct {
	def     string
	prefix  string
	clients map[string]*gosseract.Client
}

func newClientSet(langs []string, prefix string) (*clientSet, error) {
	cs := &clientSet{def: strings.Join(langs, "+"), prefix: prefix, clients: map[string]*gosseract.Client{}}
	if _, err := cs.get(""); err != nil {
		return nil, err
	}
	return cs, nil
}

func (cs *clientSet) get(langs string) (*gosseract.Client, error) {
	if langs == "" {
		langs = cs.def
	}
	if c, ok := cs.clients[langs]; ok {
		return c, nil
	}
	c, err := newClient(strings.Split(langs, "+"), cs.prefix)
	if err != nil {
		return nil, err
	}
	cs.clients[langs] = c
	return c, nil
}

func (cs *clientSet) close() {
	for _, c := range cs.clients {
		c.Close()
	}
}

// NewTesseract starts a pool of Options.Workers tesseract clients.
//
// With Options.Worker set, each client runs in a worker process of its
// own, started with OMP_THREAD_LIMIT=1 when its first image comes: a crash
// in the native code then fails that image only (ErrWorkerCrashed), and the
// next image starts a new worker. Without it the clients run in this
// process, and a crash there ends the process. One thread per image and
// parallelism across images is faster than tesseract's own OpenMP threads,
// but libgomp reads OMP_THREAD_LIMIT when the process starts, too early
// for os.Setenv: in-process clients need the environment to carry
// OMP_THREAD_LIMIT=1 (see ReexecWithThreadLimit); NewTesseract logs a
// warning otherwise.
func NewTesseract(opts Options) (*Tesseract, error) {
	if len(opts.Languages) == 0 {
		opts.Languages = []string{"kor", "eng"}
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.NumCPU()
	}
	opts.Limits = opts.Limits.withDefaults()
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.Worker == nil && !ThreadLimitSet() {
		log.Warn("OMP_THREAD_LIMIT is not set: tesseract runs several threads per image, about 2x the CPU; export OMP_THREAD_LIMIT=1, call ocr.ReexecWithThreadLimit first in main, or use worker processes (Options.Worker)")
	}
	// Listed once: tesseract's own calls are not safe to make from
	// several goroutines, and this process makes no other.
	avail, err := checkLanguages(opts.TessdataPrefix, opts.Languages)
	if err != nil {
		return nil, err
	}
	t := &Tesseract{
		opts:   opts,
		jobs:   make(chan job),
		cache:  Cache{Dir: opts.CacheDir},
		config: strings.Join(opts.Languages, "+") + "|tesseract " + gosseract.Version(),
		avail:  avail,
		log:    log,
	}
	var clients []client
	for i := 0; i < opts.Workers; i++ {
		if opts.Worker != nil {
			clients = append(clients, &procClient{cmd: *opts.Worker, hello: workerHello{Languages: opts.Languages, TessdataPrefix: opts.TessdataPrefix}})
			continue
		}
		cs, err := newClientSet(opts.Languages, opts.TessdataPrefix)
		if err != nil {
			for _, c := range clients {
				c.close()
			}
			return nil, err
		}
		clients = append(clients, inProc{cs})
	}
	t.clients = clients
	for _, c := range clients {
		t.wg.Go(func() { t.work(c) })
	}
	log.Debug("tesseract ready", "workers", opts.Workers, "processes", opts.Worker != nil, "languages", opts.Languages, "version", gosseract.Version())
	return t, nil
}

// work runs one client; tesseract's API object stays on one goroutine.
func (t *Tesseract) work(c client) {
	defer c.close()
	for j := range t.jobs {
		if err := j.ctx.Err(); err != nil {
			j.done <- jobResult{nil, fmt.Errorf("ocr: %w", err)}
			continue
		}
		words, err := c.recognize(j.ctx, j.call)
		if errors.Is(err, ErrWorkerCrashed) {
			t.log.Error("OCR worker process died; it is restarted for the next image", "err", err)
		}
		j.done <- jobResult{words, err}
	}
}

// checkLanguages fails early, with the fix in the message, when a model
// file is missing (tesseract itself only prints to stderr).
func checkLanguages(prefix string, langs []string) ([]string, error) {
	var avail []string
	var err error
	if prefix != "" {
		avail, err = listTessdata(prefix)
	} else {
		avail, err = gosseract.GetAvailableLanguages()
	}
	if err != nil {
		return nil, fmt.Errorf("ocr: listing tesseract models: %w", err)
	}
	return avail, missingLanguages(avail, langs)
}

// missingLanguages checks langs against the installed models avail.
func missingLanguages(avail, langs []string) error {
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
		return fmt.Errorf("%w: %s (have %v; run scripts/install-ocr.sh)", ErrModelMissing, strings.Join(missing, ", "), avail)
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

// WorkerCPU is the CPU time (user and system) the worker processes have
// used so far, ended ones included; 0 for in-process clients, whose time
// is the process's own. For benchmarks.
func (t *Tesseract) WorkerCPU() time.Duration {
	var d time.Duration
	for _, c := range t.clients {
		if pc, ok := c.(*procClient); ok {
			d += pc.cpu()
		}
	}
	return d
}

// Workers reports how many images are read at once.
func (t *Tesseract) Workers() int { return t.opts.Workers }

// Recognize reads the text in an encoded image with the engine's
// languages. Results come from the cache when the same image was read in
// the same mode before. Images outside Options.Limits fail with
// ErrTooLarge or ErrBadImage before any native code sees them; a worker
// process that dies on the image fails it with ErrWorkerCrashed. When ctx
// ends during the read, a worker process is killed (and restarted for the
// next image); an in-process client finishes the image first.
func (t *Tesseract) Recognize(ctx context.Context, img []byte, mode Mode) (Result, error) {
	return t.RecognizeParams(ctx, img, mode, Params{})
}

// RecognizeParams is Recognize with per-call parameters (ParamEngine).
// Each worker keeps a tesseract client per language set it has been
// asked for (loading a model set takes about half a second, once).
func (t *Tesseract) RecognizeParams(ctx context.Context, img []byte, mode Mode, p Params) (Result, error) {
	langs := strings.Join(p.Languages, "+")
	if langs == strings.Join(t.opts.Languages, "+") {
		langs = ""
	}
	if langs != "" {
		if err := missingLanguages(t.avail, p.Languages); err != nil {
			return Result{}, err
		}
	}
	cfg := t.config
	if langs != "" {
		cfg = langs + "|" + cfg
	}
	key := t.cache.Key(img, mode, cfg)
	if r, ok := t.cache.Get(key); ok {
		return r, nil
	}
	pgm, scale, err := prepare(img, mode, t.opts.Limits)
	if err != nil {
		return Result{}, err
	}
	words, err := t.run(ctx, call{pgm: pgm, psm: mode.psm(), wl: mode.whitelist(), langs: langs, id: imageID(img, pgm)})
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

// run hands a prepared image to the pool.
func (t *Tesseract) run(ctx context.Context, c call) ([]tessWord, error) {
	j := job{ctx: ctx, call: c, done: make(chan jobResult, 1)}
	select {
	case t.jobs <- j:
	case <-ctx.Done():
		return nil, fmt.Errorf("ocr: %w", ctx.Err())
	}
	var jr jobResult
	select {
	case jr = <-j.done:
	case <-ctx.Done():
		return nil, fmt.Errorf("ocr: %w", ctx.Err())
	}
	return jr.words, jr.err
}

// imageID names an image in errors: its SHA-256 prefix and the size
// tesseract was given.
func imageID(img, pgm []byte) string {
	sum := sha256.Sum256(img)
	w, h := pgmSize(pgm)
	return fmt.Sprintf("sha256:%x (%dx%d px)", sum[:6], w, h)
}

func recognize(c *gosseract.Client, pgm []byte, psm int, wl string) ([]tessWord, error) {
	// SetPageSegMode is lost when set before the client's first use; the
	// variable survives initialisation.
	if err := c.SetVariable("tessedit_pageseg_mode", strconv.Itoa(psm)); err != nil {
		return nil, fmt.Errorf("ocr: %w", err)
	}
	// The whitelist persists on the client: set it on every call.
	if err := c.SetVariable("tessedit_char_whitelist", wl); err != nil {
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
