package korean

import (
	"fmt"
	"strings"
	"unicode/utf8"

	ko "github.com/ikawaha/kagome-dict-ko"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Morphology finds content morphemes with kagome and the mecab-ko-dic
// dictionary. Loading the dictionary takes about a second and some
// hundred MB; share one Morphology. It is safe for concurrent use.
type Morphology struct {
	t *tokenizer.Tokenizer
}

// NewMorphology loads the Korean dictionary.
func NewMorphology() (*Morphology, error) {
	t, err := tokenizer.New(ko.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("korean: kagome tokenizer: %w", err)
	}
	return &Morphology{t: t}, nil
}

// contentPOS are the mecab-ko-dic tags kept as index terms: common and
// proper nouns, numerals, verb and adjective stems, roots, Hanja.
var contentPOS = map[string]bool{
	"NNG": true, "NNP": true, "NR": true, "VV": true, "VA": true,
	"XR": true, "SH": true,
}

// terms returns the content morphemes of the Hangul/Han parts of text
// (Latin and digit runs are left to the segmenter).
func (m *Morphology) terms(text string) []Token {
	var out []Token
	for _, tk := range m.t.Analyze(text, tokenizer.Normal) {
		if tk.Surface == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(tk.Surface)
		if !isCJK(r) {
			continue
		}
		start, end := tk.Position, tk.Position+len(tk.Surface)
		if tk.Class == tokenizer.UNKNOWN {
			out = append(out, Token{Term: tk.Surface, Start: start, End: end, Kind: KindMorph})
			continue
		}
		f := tk.Features()
		if len(f) == 0 {
			continue
		}
		pos := f[0]
		if len(f) > int(ko.Expression) && f[ko.Expression] != "*" && strings.Contains(pos, "+") || len(f) > int(ko.Type) && f[ko.Type] == "Compound" {
			// Inflected, compound or pre-analysed: take the content
			// parts of the expression "가/VV/*+았/EP/*".
			n := 0
			for _, part := range strings.Split(f[ko.Expression], "+") {
				fs := strings.Split(part, "/")
				if len(fs) >= 2 && contentPOS[fs[1]] && fs[0] != "" {
					out = append(out, Token{Term: fs[0], Start: start, End: end, Kind: KindMorph})
					n++
				}
			}
			if n > 1 && f[ko.Type] == "Compound" {
				out = append(out, Token{Term: tk.Surface, Start: start, End: end, Kind: KindMorph})
			}
			continue
		}
		first, _, _ := strings.Cut(pos, "+")
		if contentPOS[first] {
			out = append(out, Token{Term: tk.Surface, Start: start, End: end, Kind: KindMorph})
		}
	}
	return out
}
