package ocr

import (
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"sort"
	"strings"
)

// Word is one recognised word with its box in the input image's pixel
// coordinates.
type Word struct {
	Text string
	Box  image.Rectangle
	// Conf is tesseract's confidence, 0 to 100.
	Conf float64
	// Line numbers the text line the word belongs to, in reading order,
	// starting at 1 (0 when the engine does not say).
	Line int
}

// Result is what an engine read from one image.
type Result struct {
	// Text is the recognised text: words of a line joined by spaces,
	// lines by "\n", paragraphs by a blank line.
	Text  string
	Words []Word
}

// Mode tells the engine what kind of image it reads.
type Mode int

// Modes.
const (
	// ModePage is a page of running text (tesseract --psm 4: a single
	// column of text of variable sizes), best on rendered or scanned pages.
	ModePage Mode = iota
	// ModeChart is a figure with scattered text (tesseract --psm 11: sparse
	// text in no particular order), best on charts and diagrams; tables of
	// numbers survive it where automatic layout analysis destroys them.
	ModeChart
	// ModeAuto lets the engine analyse the layout (tesseract --psm 3).
	ModeAuto
	// ModeLine is one line of text (tesseract --psm 7): a label cut out
	// of a figure. Korean reads much better this way than in ModeChart.
	ModeLine
	// ModeDigits is a block of numbers only (tesseract --psm 6 with
	// tessedit_char_whitelist "0123456789.,-+%()"): a chart's column or
	// row of tick labels cut out, which ModeChart drops (single digits)
	// or misreads (a digit as a Hangul syllable).
	ModeDigits
	// ModeBlock is a block of text lines of one size, read as it comes
	// (tesseract --psm 6, no upscaling): a table cell or a text block cut
	// out of a page by layout analysis.
	ModeBlock
	// ModeTextLine is one line of page text (tesseract --psm 7, no
	// upscaling, unlike ModeLine).
	ModeTextLine
	// ModeVertical is a column of text written top to bottom (tesseract
	// --psm 5): a margin tab.
	ModeVertical
)

// digitChars are the characters ModeDigits may read.
const digitChars = "0123456789.,-+%()"

// whitelist is the tesseract character whitelist for m ("" for all).
func (m Mode) whitelist() string {
	if m == ModeDigits {
		return digitChars
	}
	return ""
}

// String names the mode.
func (m Mode) String() string {
	switch m {
	case ModePage:
		return "page"
	case ModeChart:
		return "chart"
	case ModeAuto:
		return "auto"
	case ModeLine:
		return "line"
	case ModeDigits:
		return "digits"
	case ModeBlock:
		return "block"
	case ModeTextLine:
		return "textline"
	case ModeVertical:
		return "vertical"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// psm is tesseract's page segmentation mode for m.
func (m Mode) psm() int {
	switch m {
	case ModeChart:
		return 11
	case ModeDigits:
		return 6
	case ModeAuto:
		return 3
	case ModeLine, ModeTextLine:
		return 7
	case ModeBlock:
		return 6
	case ModeVertical:
		return 5
	}
	return 4
}

// Engine recognises text in an encoded image. Implementations are safe for
// concurrent use.
type Engine interface {
	Recognize(ctx context.Context, img []byte, mode Mode) (Result, error)
}

// Params are per-call choices an engine may take (ParamEngine); zero
// fields keep the engine's defaults.
type Params struct {
	// Languages are the models to read this image with, e.g. {"kor"}
	// for Korean text where Latin words are rare (the English model then
	// cannot turn a hard Korean word into Latin letters); nil: the
	// engine's languages.
	Languages []string
}

// ParamEngine is an Engine that takes per-call Params (Tesseract, Fake).
type ParamEngine interface {
	Engine
	RecognizeParams(ctx context.Context, img []byte, mode Mode, p Params) (Result, error)
}

// RecognizeWith calls eng.RecognizeParams when eng is a ParamEngine, else
// eng.Recognize (the Params are then ignored).
func RecognizeWith(ctx context.Context, eng Engine, img []byte, mode Mode, p Params) (Result, error) {
	if pe, ok := eng.(ParamEngine); ok {
		return pe.RecognizeParams(ctx, img, mode, p)
	}
	return eng.Recognize(ctx, img, mode)
}

// Errors.
var (
	// ErrTooLarge marks an image whose declared size exceeds the pixel
	// budget.
	ErrTooLarge = errors.New("ocr: image too large")
	// ErrBadImage marks input that is not a decodable image.
	ErrBadImage = errors.New("ocr: bad image")
	// ErrModelMissing marks a tesseract model (language) that is not
	// installed.
	ErrModelMissing = errors.New("ocr: tesseract models missing")
	// ErrUnavailable is returned by NewTesseract in builds without
	// tesseract (tag notesseract).
	ErrUnavailable = errors.New("ocr: tesseract not built in (build tag notesseract)")
)

// DefaultMaxPixels is the pixel budget used when Options.MaxPixels is 0:
// 60 megapixels, an A4 page at 600 dpi with room to spare.
const DefaultMaxPixels = 60_000_000

// Options configures NewTesseract.
type Options struct {
	// Languages are tesseract model names; default kor, eng.
	Languages []string
	// Workers is the number of tesseract clients run at once; default
	// the number of CPUs.
	Workers int
	// CacheDir holds cached results; empty disables the cache.
	CacheDir string
	// Limits bound the images read; zero fields take the defaults
	// (DecodeImageLimits).
	Limits Limits
	// Worker, when set, runs each client in a worker process started
	// with this command (see SelfWorker and WorkerMain), so that a crash
	// in tesseract costs one image and not the process.
	Worker *WorkerCommand
	// TessdataPrefix overrides where tesseract looks for its models.
	TessdataPrefix string
	// Logger receives debug messages; nil discards them.
	Logger *slog.Logger
}

// buildText joins words into text: words of one line by a space, lines by a
// newline, paragraphs (par changes) by a blank line.
type lineKey struct{ block, par, line int }

func buildText(words []tessWord) (string, []Word) {
	var b strings.Builder
	var out []Word
	var prev lineKey
	lineNo, prevIdx := 0, 0
	for i, w := range words {
		t := strings.TrimSpace(w.text)
		if t == "" {
			continue
		}
		k := lineKey{w.block, w.par, w.line}
		switch {
		case i == 0 || b.Len() == 0:
			lineNo++
		case k.block != prev.block || k.par != prev.par:
			b.WriteString("\n\n")
			lineNo++
		case k.line != prev.line:
			b.WriteString("\n")
			lineNo++
		default:
			// Tesseract's Korean model splits words into syllables
			// ("우 리 나 라"); the boxes tell: letters of a word sit
			// closer than about a third of the text height (measured on
			// agc-dev-scan: letters 0.0-0.42, words 0.3 and up).
			pb := words[prevIdx].box
			gap := w.box.Min.X - pb.Max.X
			if float64(gap) >= 0.35*float64(max(pb.Dy(), w.box.Dy())) || !tight(words[prevIdx].text, t) {
				b.WriteByte(' ')
			}
		}
		prevIdx = i
		prev = k
		b.WriteString(t)
		out = append(out, Word{Text: t, Box: w.box, Conf: w.conf, Line: lineNo})
	}
	return b.String(), out
}

// LineText joins the words of one line with the spaces Spaces finds.
func LineText(words []Word) string {
	var b strings.Builder
	sp := Spaces(words)
	for i, w := range words {
		t := strings.TrimSpace(w.Text)
		if t == "" {
			continue
		}
		if b.Len() > 0 && sp[i] {
			b.WriteByte(' ')
		}
		b.WriteString(t)
	}
	return b.String()
}

// Spaces says which words of one line (left to right) follow a word
// space. Tesseract's Korean model reports syllables and words alike, so
// the boxes decide: a line's gaps fall into letter gaps and word gaps,
// and justified Korean text stretches both, so the cut between them is
// found per line, at the widest jump (at least 1.6 times) in the sorted
// gaps whose middle lies between a fifth and 0.6 of the text height;
// without such a jump, gaps of a third of the text height and more are
// word spaces. Gaps under an
// eighth of the height never are, over 0.7 of it always; two Latin words
// always are.
func Spaces(words []Word) []bool {
	sp := make([]bool, len(words))
	type gapAt struct{ i, gap int }
	var gaps []gapAt
	var hs []int
	prev := -1
	for i, w := range words {
		if strings.TrimSpace(w.Text) == "" {
			continue
		}
		hs = append(hs, w.Box.Dy())
		if prev >= 0 {
			gaps = append(gaps, gapAt{i, w.Box.Min.X - words[prev].Box.Max.X})
		}
		prev = i
	}
	if len(gaps) == 0 {
		return sp
	}
	sort.Ints(hs)
	h := float64(hs[len(hs)/2])
	cut := 0.35 * h
	sorted := make([]int, len(gaps))
	for k, g := range gaps {
		sorted[k] = g.gap
	}
	sort.Ints(sorted)
	best := 1.6
	for k := 0; k+1 < len(sorted); k++ {
		lo, hi := float64(max(sorted[k], 1)), float64(sorted[k+1])
		if c := (lo + hi) / 2; c < 0.2*h || c > 0.6*h {
			continue
		}
		if r := hi / lo; r >= best {
			best, cut = r, (lo+hi)/2
		}
	}
	prevText := ""
	for _, g := range gaps {
		w := words[g.i]
		t := strings.TrimSpace(w.Text)
		for j := g.i - 1; j >= 0; j-- {
			if pt := strings.TrimSpace(words[j].Text); pt != "" {
				prevText = pt
				break
			}
		}
		gap := float64(g.gap)
		switch {
		case !tight(prevText, t):
			sp[g.i] = true
		case gap < 0.125*h:
		case gap > 0.7*h:
			sp[g.i] = true
		default:
			sp[g.i] = gap >= cut
		}
	}
	return sp
}

// tight reports whether two words may be joined without a space when
// their boxes touch: only when Hangul meets Hangul, digits or
// punctuation, never two Latin words.
func tight(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	last, first := ra[len(ra)-1], rb[0]
	return isHangul(last) || isHangul(first)
}

func isHangul(r rune) bool {
	return r >= 0xAC00 && r <= 0xD7A3 || r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F
}

// tessWord is a word as the tesseract iterator reports it.
type tessWord struct {
	text             string
	box              image.Rectangle
	conf             float64
	block, par, line int
}
