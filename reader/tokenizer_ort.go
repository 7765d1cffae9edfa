//go:build ort

package reader

import (
	"fmt"

	"github.com/daulet/tokenizers"
)

// hfTokenizer wraps a Hugging Face tokenizer (any tokenizer.json: WordPiece,
// BPE, Unigram) loaded through the tokenizers Rust library.
type hfTokenizer struct {
	t *tokenizers.Tokenizer
}

// newHFTokenizer loads tokenizer.json contents with truncation and padding
// switched off.
func newHFTokenizer(data []byte) (*hfTokenizer, error) {
	clean, err := withoutTruncation(data)
	if err != nil {
		return nil, err
	}
	t, err := tokenizers.FromBytes(clean)
	if err != nil {
		return nil, fmt.Errorf("load tokenizer: %w", err)
	}
	return &hfTokenizer{t: t}, nil
}

func (h *hfTokenizer) encode(text string) (encoding, error) {
	if text == "" {
		return encoding{}, nil
	}
	e := h.t.EncodeWithOptions(text, false, tokenizers.WithReturnOffsets())
	out := encoding{IDs: make([]int64, len(e.IDs)), Offsets: make([][2]int, len(e.Offsets))}
	for i, id := range e.IDs {
		out.IDs[i] = int64(id)
	}
	for i, o := range e.Offsets {
		out.Offsets[i] = [2]int{int(o[0]), int(o[1])}
	}
	return out, nil
}

func (h *hfTokenizer) Close() error { return h.t.Close() }
