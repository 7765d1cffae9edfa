package korean

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	ko "github.com/ikawaha/kagome-dict-ko"
	"github.com/ikawaha/kagome/v2/tokenizer"
)

// Morphology finds content morphemes with kagome and the mecab-ko-dic
// dictionary. Loading the dictionary takes about a second and some
// hundred MB; share one Morphology. It is safe for concurrent use.
//
// Text is analysed one whitespace-separated word (eojeol) at a time and
// each distinct word's morphemes are cached, so a word is run through the
// lattice once however often it occurs: word frequencies are Zipfian and
// most tokens of a large corpus hit the cache. The cache holds at most
// MorphCacheWords words; later new words are analysed but not stored.
type Morphology struct {
	t *tokenizer.Tokenizer

	mu    sync.RWMutex
	cache map[string][]Token // word → morphemes, offsets relative to the word
	hits  atomic.Int64
	miss  atomic.Int64
}

// MorphCacheWords bounds a Morphology's word cache (about 100 bytes a
// word).
const MorphCacheWords = 1 << 20

// NewMorphology loads the Korean dictionary.
func NewMorphology() (*Morphology, error) {
	t, err := tokenizer.New(ko.Dict(), tokenizer.OmitBosEos())
	if err != nil {
		return nil, fmt.Errorf("korean: kagome tokenizer: %w", err)
	}
	return &Morphology{t: t, cache: map[string][]Token{}}, nil
}

// CacheStats reports the word cache's size and its hits and misses so
// far.
func (m *Morphology) CacheStats() (words, hits, misses int64) {
	m.mu.RLock()
	words = int64(len(m.cache))
	m.mu.RUnlock()
	return words, m.hits.Load(), m.miss.Load()
}

// appendTerms appends the content morphemes of the Hangul/Han parts of
// text to out, word by word through the cache. The cache is read under one read lock
// per call (not per word): both cores look up every word of a passage,
// and a lock or counter touched per word bounces its cache line between
// them.
func (m *Morphology) appendTerms(out []Token, text string) []Token {
	type span struct{ start, end int }
	var words []span
	for start := 0; start < len(text); {
		r, size := utf8.DecodeRuneInString(text[start:])
		if unicode.IsSpace(r) {
			start += size
			continue
		}
		end := start
		hasCJK := false
		for end < len(text) {
			r, size := utf8.DecodeRuneInString(text[end:])
			if unicode.IsSpace(r) {
				break
			}
			hasCJK = hasCJK || isCJK(r)
			end += size
		}
		if hasCJK {
			words = append(words, span{start, end})
		}
		start = end
	}
	if len(words) == 0 {
		return out
	}
	found := make([][]Token, len(words))
	hit := make([]bool, len(words))
	misses := 0
	m.mu.RLock()
	for i, w := range words {
		found[i], hit[i] = m.cache[text[w.start:w.end]]
		if !hit[i] {
			misses++
		}
	}
	m.mu.RUnlock()
	m.hits.Add(int64(len(words) - misses))
	if misses > 0 {
		m.miss.Add(int64(misses))
		for i, w := range words {
			if !hit[i] {
				found[i] = m.word(text[w.start:w.end])
			}
		}
	}
	for i, w := range words {
		for _, tk := range found[i] {
			tk.Start += w.start
			tk.End += w.start
			out = append(out, tk)
		}
	}
	return out
}

// wordTerms returns the content morphemes of one word (no white space),
// through the cache; offsets are relative to the word.
func (m *Morphology) wordTerms(w string) []Token {
	m.mu.RLock()
	toks, ok := m.cache[w]
	m.mu.RUnlock()
	if ok {
		m.hits.Add(1)
		return toks
	}
	m.miss.Add(1)
	return m.word(w)
}

// word analyses one word missing from the cache and stores it; offsets
// are relative to the word.
func (m *Morphology) word(w string) []Token {
	// The trailing space gives the lattice the right context: at the end
	// of input mecab-ko-dic's EOS connection costs can split a word
	// differently (지원사업의 → 지원사/업의 alone, 지원/사업/의 before a
	// space, as inside a sentence).
	toks := m.analyze(w + " ")
	m.mu.Lock()
	if len(m.cache) < MorphCacheWords {
		m.cache[strings.Clone(w)] = toks
	}
	m.mu.Unlock()
	return toks
}

// contentPOS are the mecab-ko-dic tags kept as index terms: common and
// proper nouns, numerals, verb and adjective stems, roots, Hanja.
var contentPOS = map[string]bool{
	"NNG": true, "NNP": true, "NR": true, "VV": true, "VA": true,
	"XR": true, "SH": true,
}

// analyze runs kagome over text and returns the content morphemes of its
// Hangul/Han parts (Latin and digit runs are left to the segmenter).
func (m *Morphology) analyze(text string) []Token {
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
