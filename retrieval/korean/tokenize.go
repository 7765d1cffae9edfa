package korean

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

// Mode selects how Hangul/Han runs become terms.
type Mode string

// Tokenizer modes.
const (
	// ModeBigram emits overlapping character bigrams of Hangul/Han runs.
	ModeBigram Mode = "bigram"
	// ModeMorph emits content morphemes found by the dictionary.
	ModeMorph Mode = "morph"
	// ModeBigramMorph emits both bigrams and morphemes.
	ModeBigramMorph Mode = "bigram+morph"
	// ModeWord emits whole words (runs of letters and digits of any
	// script); it is the whitespace-word baseline.
	ModeWord Mode = "word"
)

// Modes lists the supported modes.
func Modes() []Mode { return []Mode{ModeBigram, ModeMorph, ModeBigramMorph, ModeWord} }

// ParseMode validates a mode name.
func ParseMode(s string) (Mode, error) {
	for _, m := range Modes() {
		if string(m) == s {
			return m, nil
		}
	}
	return "", fmt.Errorf("korean: unknown tokenizer mode %q", s)
}

// NeedsMorphology reports whether the mode uses the dictionary.
func (m Mode) NeedsMorphology() bool { return m == ModeMorph || m == ModeBigramMorph }

// Token is one index term with its byte offsets in the input.
type Token struct {
	Term       string
	Start, End int
	// Kind says what produced it.
	Kind TokenKind
}

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	KindAlnum  TokenKind = iota // Latin letters and/or digits
	KindNumber                  // digits only (with decimal point)
	KindCJK                     // Hangul/Han unigram or bigram
	KindMorph                   // dictionary morpheme
	KindWord                    // whole word (ModeWord)
)

// Tokenizer splits text into terms. It is safe for concurrent use.
type Tokenizer struct {
	mode  Mode
	morph *Morphology
	// bufs recycles Tokenize's intermediate []Token (*[]Token).
	bufs sync.Pool
}

// NewTokenizer returns a tokenizer for mode. Modes that need the
// dictionary require a non-nil morph.
func NewTokenizer(mode Mode, morph *Morphology) (*Tokenizer, error) {
	if _, err := ParseMode(string(mode)); err != nil {
		return nil, err
	}
	if mode.NeedsMorphology() && morph == nil {
		return nil, fmt.Errorf("korean: mode %q needs a Morphology", mode)
	}
	return &Tokenizer{mode: mode, morph: morph}, nil
}

// Mode returns the tokenizer's mode.
func (t *Tokenizer) Mode() Mode { return t.mode }

// Terms returns the tokens of text in order. Invalid UTF-8 bytes are
// treated as separators.
func (t *Tokenizer) Terms(text string) []Token {
	return t.appendTerms(make([]Token, 0, len(text)/2), text)
}

// appendTerms appends the tokens of text to out.
func (t *Tokenizer) appendTerms(out []Token, text string) []Token {
	segs := segment(text, t.mode == ModeWord)
	for _, s := range segs {
		switch s.class {
		case classAlnum:
			out = appendAlnum(out, text, s)
		case classCJK:
			if t.mode == ModeBigram || t.mode == ModeBigramMorph {
				out = appendBigrams(out, text, s)
			}
		case classWord:
			out = appendWord(out, text, s)
		}
	}
	if t.mode.NeedsMorphology() {
		out = t.morph.appendTerms(out, text)
	}
	if t.mode != ModeWord {
		out = t.appendSpaced(out, text, segs)
	}
	return out
}

// appendSpaced appends the terms that span a space between two Hangul/Han
// words, because Korean spacing is not a reliable word boundary:
//
//   - in the bigram modes, the bigram of the last character of a word and
//     the first of the next (민생안정 특약 → 정특) whenever only blanks
//     (spaces, tabs, no line break) separate them, so a compound written
//     with or without its spaces ("민생안정특약"), a word a PDF line break
//     or OCR split ("이미 지를"), and a letter-spaced word ("위 임 장" →
//     위임, 임장) share their bigrams; for words written apart anyway these
//     bigrams are word pairs, a phrase signal;
//   - in the morpheme modes, the morphemes of a letter-spaced word: a run
//     of two or more one-syllable Hangul words separated by blanks, as
//     Korean forms and titles space a word's syllables (위 임 장, 성 명,
//     a name 김 영 옥), read again as the word written together.
//
// The tokens' offsets span the characters they join; their terms are not
// a slice of text.
func (t *Tokenizer) appendSpaced(out []Token, text string, segs []seg) []Token {
	if t.mode == ModeBigram || t.mode == ModeBigramMorph {
		for k := 0; k+1 < len(segs); k++ {
			a, b := segs[k], segs[k+1]
			if a.class != classCJK || b.class != classCJK || !onlyBlanks(text[a.end:b.start]) {
				continue
			}
			_, n1 := utf8.DecodeLastRuneInString(text[a.start:a.end])
			_, n2 := utf8.DecodeRuneInString(text[b.start:b.end])
			out = append(out, Token{Term: text[a.end-n1:a.end] + text[b.start:b.start+n2], Start: a.end - n1, End: b.start + n2, Kind: KindCJK})
		}
	}
	if !t.mode.NeedsMorphology() {
		return out
	}
	for i := 0; i < len(segs); {
		j := i
		for j < len(segs) && isSyllable(text, segs[j]) && (j == i || onlyBlanks(text[segs[j-1].end:segs[j].start])) {
			j++
		}
		if j-i < 2 {
			i = max(j, i+1)
			continue
		}
		run := segs[i:j]
		var sb strings.Builder
		for _, s := range run {
			sb.WriteString(text[s.start:s.end])
		}
		for _, tk := range t.morph.wordTerms(sb.String()) {
			tk.Start, tk.End = run[0].start, run[len(run)-1].end
			out = append(out, tk)
		}
		i = j
	}
	return out
}

// isSyllable reports whether s is a CJK segment of one Hangul syllable.
func isSyllable(text string, s seg) bool {
	if s.class != classCJK {
		return false
	}
	r, n := utf8.DecodeRuneInString(text[s.start:s.end])
	return n == s.end-s.start && r >= 0xAC00 && r <= 0xD7A3
}

// onlyBlanks reports whether gap is non-empty horizontal white space.
func onlyBlanks(gap string) bool {
	if gap == "" {
		return false
	}
	for _, r := range gap {
		if r != ' ' && r != '\t' && r != '\u3000' && r != '\u00a0' {
			return false
		}
	}
	return true
}

// Tokenize implements analysis.Tokenizer.
func (t *Tokenizer) Tokenize(input []byte) analysis.TokenStream {
	bp, _ := t.bufs.Get().(*[]Token)
	if bp == nil {
		bp = new([]Token)
	}
	toks := t.appendTerms((*bp)[:0], string(input))
	defer func() {
		*bp = toks[:0]
		t.bufs.Put(bp)
	}()
	rv := make(analysis.TokenStream, len(toks))
	slab := make([]analysis.Token, len(toks)) // one allocation, not one per token
	for i, tk := range toks {
		typ := analysis.AlphaNumeric
		switch tk.Kind {
		case KindNumber:
			typ = analysis.Numeric
		case KindCJK, KindMorph:
			typ = analysis.Ideographic
		}
		term := input[tk.Start:tk.End:tk.End] // bigrams are slices of the input
		if string(term) != tk.Term {
			term = []byte(tk.Term)
		}
		slab[i] = analysis.Token{
			Term:     term,
			Start:    tk.Start,
			End:      tk.End,
			Position: i + 1,
			Type:     typ,
		}
		rv[i] = &slab[i]
	}
	return rv
}

// Frequencies returns the number of tokens Tokenize would give for text
// and each distinct term with its count, as bleve's
// analysis.TokenFrequency builds them from that stream without term
// vectors, without the intermediate stream: indexing counts terms once,
// in the caller's goroutine. Map keys share text's memory.
func (t *Tokenizer) Frequencies(text string) (int, index.TokenFrequencies) {
	bp, _ := t.bufs.Get().(*[]Token)
	if bp == nil {
		bp = new([]Token)
	}
	toks := t.appendTerms((*bp)[:0], text)
	defer func() {
		*bp = toks[:0]
		t.bufs.Put(bp)
	}()
	tfs := make(index.TokenFrequencies, len(toks))
	var slab []index.TokenFreq // allocated in blocks: map values point into it
	var terms []byte           // the same for the terms' bytes
	for i, tk := range toks {
		tf, ok := tfs[tk.Term]
		if !ok {
			if len(slab) == cap(slab) {
				slab = make([]index.TokenFreq, 0, max(len(toks)-i, 16)/2+8)
			}
			if len(terms)+len(tk.Term) > cap(terms) {
				terms = make([]byte, 0, max(2*len(text), len(tk.Term), 64))
			}
			terms = append(terms, tk.Term...)
			slab = append(slab, index.TokenFreq{Term: terms[len(terms)-len(tk.Term) : len(terms) : len(terms)]})
			tf = &slab[len(slab)-1]
			tfs[tk.Term] = tf
		}
		tf.SetFrequency(tf.Frequency() + 1)
	}
	return len(toks), tfs
}

type charClass uint8

const (
	classSep charClass = iota
	classAlnum
	classCJK
	classWord // any letters/digits, ModeWord only
)

type seg struct {
	class      charClass
	start, end int // byte offsets
}

// fold maps full-width ASCII forms to ASCII.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}

func isCJK(r rune) bool {
	if r >= 0xAC00 && r <= 0xD7A3 { // Hangul syllables: most runes here
		return true
	}
	if r < 0x1100 {
		return false // below every Hangul, Han, Hiragana and Katakana range
	}
	return unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Han, r) ||
		unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)
}

func classify(r rune) charClass {
	r = fold(r)
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return classAlnum
		}
		return classSep
	case isCJK(r):
		return classCJK
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return classAlnum
	}
	return classSep
}

func isDigit(r rune) bool { return fold(r) >= '0' && fold(r) <= '9' }

// segment splits text into runs of one class. A '.' or ',' between two
// digits stays inside an alnum run. With words set, alnum and CJK runs
// merge into word runs.
func segment(text string, words bool) []seg {
	var out []seg
	cur := seg{class: classSep}
	var prev rune
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		c := classSep
		if !(r == utf8.RuneError && size == 1) {
			c = classify(r)
		}
		if c == classSep && cur.class == classAlnum && (r == '.' || r == ',') && isDigit(prev) {
			if next, _ := utf8.DecodeRuneInString(text[i+size:]); isDigit(next) {
				c = classAlnum
			}
		}
		if words && c != classSep {
			c = classWord
		}
		if c != cur.class {
			if cur.class != classSep {
				cur.end = i
				out = append(out, cur)
			}
			cur = seg{class: c, start: i}
		}
		prev = r
		i += size
	}
	if cur.class != classSep {
		cur.end = len(text)
		out = append(out, cur)
	}
	return out
}

func appendAlnum(out []Token, text string, s seg) []Token {
	var sb strings.Builder
	digitsOnly := true
	for _, r := range text[s.start:s.end] {
		r = fold(r)
		if r == ',' {
			continue
		}
		if r != '.' && !isDigit(r) {
			digitsOnly = false
		}
		sb.WriteRune(unicode.ToLower(r))
	}
	kind := KindAlnum
	if digitsOnly {
		kind = KindNumber
	}
	return append(out, Token{Term: sb.String(), Start: s.start, End: s.end, Kind: kind})
}

func appendWord(out []Token, text string, s seg) []Token {
	var sb strings.Builder
	for _, r := range text[s.start:s.end] {
		sb.WriteRune(unicode.ToLower(fold(r)))
	}
	return append(out, Token{Term: sb.String(), Start: s.start, End: s.end, Kind: KindWord})
}

func appendBigrams(out []Token, text string, s seg) []Token {
	run := text[s.start:s.end]
	r0, n0 := utf8.DecodeRuneInString(run)
	if n0 == len(run) {
		return append(out, Token{Term: string(r0), Start: s.start, End: s.end, Kind: KindCJK})
	}
	for i := 0; i < len(run); {
		_, n1 := utf8.DecodeRuneInString(run[i:])
		if i+n1 >= len(run) {
			break
		}
		_, n2 := utf8.DecodeRuneInString(run[i+n1:])
		out = append(out, Token{Term: run[i : i+n1+n2], Start: s.start + i, End: s.start + i + n1 + n2, Kind: KindCJK})
		i += n1
	}
	return out
}
