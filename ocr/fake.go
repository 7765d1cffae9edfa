package ocr

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
)

// Fake is an Engine for tests. It answers from Results (keyed by the
// SHA-256 of the image, see FakeKey), else from Func, else with an empty
// Result. It counts calls.
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
		return r, nil
	}
	if f.Func != nil {
		return f.Func(img, mode)
	}
	return Result{}, nil
}

// Calls reports how many times Recognize ran.
func (f *Fake) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}
