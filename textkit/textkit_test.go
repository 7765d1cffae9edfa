package textkit

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"가는 나다. 라는 마다.", []string{"가는 나다.", "라는 마다."}},
		{"3.5%가 늘었다. 끝", []string{"3.5%가 늘었다.", "끝"}},
		{"첫 줄\n둘째 줄?  셋째!", []string{"첫 줄", "둘째 줄?", "셋째!"}},
		{"생존율은 68.2%로 높았다. 다음 문장이다.\n셋째", []string{"생존율은 68.2%로 높았다.", "다음 문장이다.", "셋째"}},
		{"끝났다。다음。 셋째", []string{"끝났다。다음。", "셋째"}},
		{"탭 뒤.\t다음", []string{"탭 뒤.", "다음"}},
		{"", nil},
		{" \n ", nil},
	}
	for _, tt := range tests {
		if got := Sentences(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Sentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestStripParticle(t *testing.T) {
	for in, want := range map[string]string{"도시숲은": "도시숲", "숲은": "숲은", "시장에서는": "시장", "예산": "예산", "지원까지": "지원", "": ""} {
		if got := StripParticle(in); got != want {
			t.Errorf("StripParticle(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFindFolded(t *testing.T) {
	tests := []struct {
		hay, needle, want string
	}{
		{"연간 흡착량 (g/그루): 112", "흡착량(G/그루)", "흡착량 (g/그루)"},
		{"도시 숲 조성", "도시숲", "도시 숲"},
		{"없는 말", "도시숲", ""},
		{"무엇이든", "  ", ""},
	}
	for _, tt := range tests {
		s, e := FindFolded(tt.hay, tt.needle)
		got := ""
		if s >= 0 {
			got = tt.hay[s:e]
		}
		if got != tt.want {
			t.Errorf("FindFolded(%q, %q) = %q, want %q", tt.hay, tt.needle, got, tt.want)
		}
	}
}

func TestBigrams(t *testing.T) {
	if got := Bigrams("도시 숲, 숲"); got["도시"] != 1 || got["시숲"] != 1 || got["숲숲"] != 1 || len(got) != 3 {
		t.Errorf("Bigrams = %v", got)
	}
	if got := Bigrams("숲"); got["숲"] != 1 || len(got) != 1 {
		t.Errorf("Bigrams of one rune = %v", got)
	}
	if got := WordBigrams("도시 숲"); got["도시"] != 1 || got["숲"] != 1 || got["시숲"] != 0 {
		t.Errorf("WordBigrams = %v", got)
	}
	if c := Coverage("도시숲", "도시숲 조성"); c != 1 {
		t.Errorf("Coverage = %v, want 1", c)
	}
	if c := Coverage("도시숲", "도시 계획"); c != 0.5 {
		t.Errorf("Coverage = %v, want 0.5", c)
	}
	if c := Coverage("", "x"); c != 0 {
		t.Errorf("Coverage of nothing = %v", c)
	}
	terms := TermSet("도시숲은 몇 개?")
	if !terms["도시"] || !terms["몇"] || terms["은몇"] {
		t.Errorf("TermSet = %v", terms)
	}
	if n := Overlap(terms, "도시숲 개수"); n != 2 { // 도시, 시숲
		t.Errorf("Overlap = %d, want 2", n)
	}
}

func FuzzSentenceSpans(f *testing.F) {
	for _, s := range []string{"가. 나\n다。라", "3.5. 1,000\n\n. ?", "\xff.\xfe ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, sp := range SentenceSpans(s) {
			if sp[0] < last || sp[0] >= sp[1] || sp[1] > len(s) {
				t.Fatalf("span %v after %d in %d bytes", sp, last, len(s))
			}
			if strings.TrimSpace(s[sp[0]:sp[1]]) != s[sp[0]:sp[1]] {
				t.Fatalf("span %q not trimmed", s[sp[0]:sp[1]])
			}
			if utf8.ValidString(s) && !utf8.ValidString(s[sp[0]:sp[1]]) {
				t.Fatalf("span %v cuts a character", sp)
			}
			last = sp[1]
		}
		if st, e := FindFolded(s, s); st >= 0 && (e > len(s) || e < st) {
			t.Fatalf("FindFolded(s, s) = %d, %d in %d bytes", st, e, len(s))
		}
	})
}
