package korean

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	index "github.com/blevesearch/bleve_index_api"
)

var (
	morphOnce sync.Once
	morphVal  *Morphology
	morphErr  error
)

// testMorphology loads the dictionary once for all tests.
func testMorphology(t testing.TB) *Morphology {
	t.Helper()
	morphOnce.Do(func() { morphVal, morphErr = NewMorphology() })
	if morphErr != nil {
		t.Fatalf("NewMorphology: %v", morphErr)
	}
	return morphVal
}

func terms(t *testing.T, mode Mode, text string) []string {
	t.Helper()
	var m *Morphology
	if mode.NeedsMorphology() {
		m = testMorphology(t)
	}
	tk, err := NewTokenizer(mode, m)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, tok := range tk.Terms(text) {
		out = append(out, tok.Term)
	}
	return out
}

func TestBigramTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string
	}{
		{"지원사업의", []string{"지원", "원사", "사업", "업의"}},
		{"국", []string{"국"}},
		{"AI 기반 2,024억 원", []string{"ai", "기반", "2024", "억", "원", "억원"}}, // 억 원 also read as 억원 (across the space)
		{"성장률 1.5%p, COVID-19", []string{"성장", "장률", "1.5", "p", "covid", "19"}},
		{"ＡＢＣ１２３", []string{"abc123"}},
		{"끝.", []string{"끝"}},
		{"1,2, 3.", []string{"12", "3"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			if got := terms(t, ModeBigram, tt.text); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

func TestWordTerms(t *testing.T) {
	got := terms(t, ModeWord, "지원사업의 AI·2024년 확대!")
	want := []string{"지원사업의", "ai", "2024년", "확대"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestParticlesMatch checks that a query word with a particle or ending
// shares terms with the stem as it appears in a passage.
func TestParticlesMatch(t *testing.T) {
	tests := []struct {
		query, passage string
		modes          []Mode
	}{
		// The dictionary splits a lone "지원사업의" as 지원사+업의, so only
		// the bigram streams match it; morph alone is checked on "사업을".
		{"지원사업의", "지원사업은 확대되었다", []Mode{ModeBigram, ModeBigramMorph}},
		{"사업을", "지원사업은 확대되었다", []Mode{ModeBigram, ModeMorph, ModeBigramMorph}},
		{"정책을", "정책이 시행된다", []Mode{ModeBigram, ModeMorph, ModeBigramMorph}},
		{"확대되었다", "지원을 확대한다", []Mode{ModeBigram, ModeMorph, ModeBigramMorph}},
		{"예산에서", "예산은 늘었다", []Mode{ModeBigram, ModeMorph, ModeBigramMorph}},
		{"국가를", "국가가", []Mode{ModeBigram, ModeMorph, ModeBigramMorph}},
	}
	for _, tt := range tests {
		for _, mode := range tt.modes {
			t.Run(string(mode)+"/"+tt.query, func(t *testing.T) {
				q := terms(t, mode, tt.query)
				p := terms(t, mode, tt.passage)
				if !slices.ContainsFunc(q, func(s string) bool { return slices.Contains(p, s) }) {
					t.Errorf("query %q terms %q share nothing with passage %q terms %q", tt.query, q, tt.passage, p)
				}
			})
		}
	}
}

func TestMorphTerms(t *testing.T) {
	tests := []struct {
		text string
		want []string // must all be present
		not  []string // must be absent
	}{
		{"지원사업의 예산을 확대되었다", []string{"지원", "사업", "예산", "확대"}, []string{"의", "을", "었"}},
		{"정부는 2024년에 AI를", []string{"정부", "2024", "ai"}, []string{"는", "에", "를"}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got := terms(t, ModeMorph, tt.text)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Terms(%q) = %q, missing %q", tt.text, got, w)
				}
			}
			for _, w := range tt.not {
				if slices.Contains(got, w) {
					t.Errorf("Terms(%q) = %q, should not contain %q", tt.text, got, w)
				}
			}
		})
	}
}

func TestNormalizeQuestion(t *testing.T) {
	tests := []struct{ in, want string }{
		{"임종석이 지명수배 된 날은 언제인가?", "임종석이 지명수배 된 날은"},
		{"예산은 얼마인가?", "예산은"},
		{"몇 년에 시행되었는가?", "년에 시행되었는가"},
		{"무엇인가?", "무엇인가?"},
		{"왜곡된 통계는 누구의 책임인가", "왜곡된 통계는 책임인가"},
	}
	for _, tt := range tests {
		if got := NormalizeQuestion(tt.in); got != tt.want {
			t.Errorf("NormalizeQuestion(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeStream(t *testing.T) {
	tk, err := NewTokenizer(ModeBigram, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := "정책 AI"
	ts := tk.Tokenize([]byte(in))
	if len(ts) != 2 {
		t.Fatalf("got %d tokens", len(ts))
	}
	for i, tok := range ts {
		if tok.Position != i+1 || string(tok.Term) != in[tok.Start:tok.End] && !strings.EqualFold(string(tok.Term), in[tok.Start:tok.End]) {
			t.Errorf("token %d = %+v", i, tok)
		}
	}
}

// TestFrequencies checks that Frequencies counts what bleve's
// TokenFrequency counts over Tokenize's stream, in every mode.
func TestFrequencies(t *testing.T) {
	m := testMorphology(t)
	texts := []string{
		"",
		"청년 창업 지원사업은 2024년에 크게 확대되었다. 청년 창업!",
		"COVID-19 ＡＢＣ 예산 2,024억 원 漢字 かな 지원사업의 지원사업의",
		"\xff\xfe국 ㄱㄴ 1.5.",
	}
	for _, mode := range Modes() {
		tk, err := NewTokenizer(mode, m)
		if err != nil {
			t.Fatal(err)
		}
		for _, text := range texts {
			want := analysis.TokenFrequency(tk.Tokenize([]byte(text)), nil, index.IndexField)
			n, got := tk.Frequencies(text)
			if n != len(tk.Tokenize([]byte(text))) || len(got) != len(want) {
				t.Fatalf("mode %s %q: %d tokens, %d terms; want %d, %d", mode, text, n, len(got), len(tk.Tokenize([]byte(text))), len(want))
			}
			for term, w := range want {
				g := got[term]
				if g == nil || g.Frequency() != w.Frequency() || string(g.Term) != term {
					t.Errorf("mode %s %q: term %q = %+v, want frequency %d", mode, text, term, g, w.Frequency())
				}
			}
		}
	}
}

func TestNewTokenizerErrors(t *testing.T) {
	if _, err := NewTokenizer("nope", nil); err == nil {
		t.Error("unknown mode accepted")
	}
	if _, err := NewTokenizer(ModeMorph, nil); err == nil {
		t.Error("morph mode without Morphology accepted")
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"지원사업의 예산 2,024억 원", "COVID-19 ＡＢＣ", "1.5.", "\xff\xfe국", "ㄱㄴ 漢字 かな"} {
		f.Add(s)
	}
	m := testMorphology(f)
	var tks []*Tokenizer
	for _, mode := range Modes() {
		tk, err := NewTokenizer(mode, m)
		if err != nil {
			f.Fatal(err)
		}
		tks = append(tks, tk)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_ = NormalizeQuestion(s)
		for _, tk := range tks {
			for _, tok := range tk.Terms(s) {
				if tok.Term == "" || !utf8.ValidString(tok.Term) && utf8.ValidString(s) {
					t.Fatalf("mode %s: bad term %q from %q", tk.Mode(), tok.Term, s)
				}
				if tok.Start < 0 || tok.End > len(s) || tok.Start >= tok.End {
					t.Fatalf("mode %s: bad offsets %+v for %q", tk.Mode(), tok, s)
				}
			}
		}
	})
}

func TestWithoutDocumentReference(t *testing.T) {
	tests := []struct{ q, want string }{
		{"이 지침서의 승인자는 누구인가?", "승인자는 누구인가?"},
		{"본 보고서에서 제시한 추진 과제는?", "제시한 추진 과제는?"},
		{"해당 공고의 접수 기간은 언제인가?", "접수 기간은 언제인가?"},
		{"이 공보의 출원인은?", "출원인은?"},
		{"이 보고서는?", "이 보고서는?"},                   // nothing would be left
		{"이번 사업의 예산은 얼마인가?", "이번 사업의 예산은 얼마인가?"}, // not a demonstrative
		{"지원 대상은 이 중 누구인가?", "지원 대상은 이 중 누구인가?"}, // not at the start
		{"이사회의 의결 정족수는?", "이사회의 의결 정족수는?"},       // a word, not the determiner
	}
	for _, tt := range tests {
		if got := WithoutDocumentReference(tt.q); got != tt.want {
			t.Errorf("WithoutDocumentReference(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
}

// TestLetterSpaced: a word written with its syllables spaced apart (or a
// compound written apart, or a word a line wrap split) gives the terms of
// the word as well, so the word as a query finds it.
func TestLetterSpaced(t *testing.T) {
	tests := []struct {
		name  string
		mode  Mode
		text  string
		want  []string // must all be among the terms
		avoid []string // must not be
	}{
		{"title", ModeBigram, "위 임 장", []string{"위", "임", "장", "위임", "임장"}, nil},
		{"two syllables", ModeBigram, "성 명: 홍길동", []string{"성명", "홍길", "길동"}, nil},
		{"wide spaces", ModeBigram, "신  청 \u3000서", []string{"신청", "청서"}, nil},
		{"morphemes of the joined word", ModeMorph, "위 임 장", []string{"위임장"}, nil},
		{"both", ModeBigramMorph, "접 수 증 발급", []string{"접수", "수증", "접수증", "발급", "증발"}, nil},
		{"across a space", ModeBigram, "총 사업비", []string{"총사", "사업", "업비"}, nil},
		{"compound written apart", ModeBigram, "민생안정 특약", []string{"민생", "생안", "안정", "정특", "특약"}, nil},
		{"a word split by a line wrap", ModeBigram, "이미 지를", []string{"이미", "미지", "지를"}, nil},
		{"letter-spaced run only for morphemes", ModeMorph, "총 사업비", nil, []string{"총사업비"}},
		{"punctuation ends the run", ModeBigram, "가, 나", nil, []string{"가나"}},
		{"line break ends the run", ModeBigram, "가\n나", nil, []string{"가나"}},
		{"digits are not syllables", ModeBigram, "제 1 장", nil, []string{"제장"}},
		{"word mode unchanged", ModeWord, "위 임 장", []string{"위", "임", "장"}, []string{"위임"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := terms(t, tt.mode, tt.text)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Terms(%q) = %q, missing %q", tt.text, got, w)
				}
			}
			for _, w := range tt.avoid {
				if slices.Contains(got, w) {
					t.Errorf("Terms(%q) = %q, has %q", tt.text, got, w)
				}
			}
		})
	}
}

// TestLetterSpacedMatchesWord: the joined bigrams of a letter-spaced word
// are the bigrams of the word written together.
func TestLetterSpacedMatchesWord(t *testing.T) {
	for _, w := range []string{"위임장", "신청서", "성명", "김영옥"} {
		spaced := strings.Join(strings.Split(w, ""), " ")
		have := terms(t, ModeBigram, spaced)
		for _, b := range terms(t, ModeBigram, w) {
			if !slices.Contains(have, b) {
				t.Errorf("%q: bigram %q of %q missing from %q", spaced, b, w, have)
			}
		}
	}
}
