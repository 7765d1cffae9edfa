package ocr

import (
	"context"
	"crypto/sha256"
	"fmt"
	"image"
	"strings"
	"sync"
)

// Fake is an Engine for tests. It answers from Results (keyed by the
// SHA-256 of the image, see FakeKey), else from Func, else with an empty
// Result; a result with text but no words gets words laid out in rows
// (see withWords). It counts calls.
type Fake struct {
	Results map[[32]byte]Result
	Func    func(img []byte, mode Mode) (Result, error)

	mu    sync.Mutex
	calls int
}

// FakeKey is the key Fake.Results uses for an image.
func FakeKey(img []byte) [32]byte { return sha256.Sum256(img) }

// Recognize implements Engine.
func (f *Fake) Recognize(ctx context.Context, img []byte, mode Mode) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("ocr fake: %w", err)
	}
	f.mu.Lock()
	f.calls++
	r, ok := f.Results[FakeKey(img)]
	f.mu.Unlock()
	if ok {
		return withWords(r), nil
	}
	if f.Func != nil {
		r, err := f.Func(img, mode)
		return withWords(r), err
	}
	return Result{}, nil
}

// withWords gives a result that has text but no words the words a
// perfect engine would report: each line of the text on a row of its own
// 40 px apart, words 30 px high, 30 px per character, 12 px apart.
func withWords(r Result) Result {
	if len(r.Words) > 0 || r.Text == "" {
		return r
	}
	line := 0
	for _, l := range strings.Split(r.Text, "\n") {
		if strings.TrimSpace(l) == "" {
			continue
		}
		line++
		x, y := 100, 100+40*line
		for _, w := range strings.Fields(l) {
			n := len([]rune(w))
			r.Words = append(r.Words, Word{Text: w, Box: image.Rect(x, y, x+30*n, y+30), Conf: 95, Line: line})
			x += 30*n + 12
		}
	}
	return r
}

// Calls reports how many times Recognize ran.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}
