package eval

import (
	"math"
	"testing"
)

func TestNormalizeAnswer(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "한국의 정책", "한국의 정책"},
		{"double angle brackets", "《한국의 정책》", "한국의 정책"},
		{"single angle and parens", "〈보고서〉(2022)", "보고서 2022"},
		{"ascii punct removed, hyphen joins", "Policy-QA (v1)", "policyqa v1"},
		{"straight quotes become spaces", `'정책'"과"제`, "정책 과 제"},
		{"single curly quotes become spaces", "‘청년’정책", "청년 정책"},
		{"double curly quotes kept", "“정책”", "“정책”"},
		{"middle dot and fullwidth kept", "가·나，다", "가·나，다"},
		{"whitespace collapsed and trimmed", "  a \t b\n\nc  ", "a b c"},
		{"python whitespace includes unit separator", "a\x1fb", "a b"},
		{"ideographic space", "가\u3000나", "가 나"},
		{"lower case", "ABC Def", "abc def"},
		{"dotted capital I as python", "İ", "i\u0307"},
		{"empty", "", ""},
		{"only punctuation", "...!?", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := NormalizeAnswer(tt.in); got != tt.want {
				t.Errorf("NormalizeAnswer(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestF1(t *testing.T) {
	tests := []struct {
		name       string
		pred, gold string
		want       float64
	}{
		{"identical", "1989년 2월 15일", "1989년 2월 15일", 1},
		// pred chars 1 9 8 9 년 (5); gold 1 9 8 9 년 2 월 1 5 일 (10);
		// shared 5: P=1, R=0.5, F1=2/3.
		{"prefix of gold", "1989년", "1989년 2월 15일", 2.0 / 3},
		// pred 3 chars all in gold's 4: P=1, R=3/4, F1=6/7.
		{"reordered subset", "가나다", "다나가라", 6.0 / 7},
		{"spaces do not count", "가 나", "가나", 1},
		{"punctuation ignored", "(서울)", "서울.", 1},
		{"nothing shared", "부산", "서울", 0},
		{"empty prediction", "", "서울", 0},
		{"empty gold", "서울", "", 0},
		{"both empty", "", "", 0},
		// pred 가 가 가 (3), gold 가 나 (2): shared 1 (multiset): P=1/3,
		// R=1/2, F1=2*(1/6)/(5/6)=0.4.
		{"multiset counts", "가가가", "가나", 0.4},
		// pred i + U+0307 (2), gold i (1): P=1/2, R=1, F1=2/3.
		{"python lower of dotted I", "İ", "i", 2.0 / 3},
		{"case folded", "KOREA", "korea", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := F1(tt.pred, tt.gold); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("F1(%q, %q) = %v, want %v", tt.pred, tt.gold, got, tt.want)
			}
		})
	}
}

func TestExactMatch(t *testing.T) {
	tests := []struct {
		pred, gold string
		want       bool
	}{
		{"한국의 정책", "《한국의 정책》", true},
		{"가 나", "가나", false},
		{"Seoul.", "seoul", true},
		{"“정책”", "정책", false},
		{"", "", true},
	}
	for _, tt := range tests {
		if got := ExactMatch(tt.pred, tt.gold); got != tt.want {
			t.Errorf("ExactMatch(%q, %q) = %v, want %v", tt.pred, tt.gold, got, tt.want)
		}
	}
}

func TestScoreMaxOverGolds(t *testing.T) {
	tests := []struct {
		name   string
		pred   string
		golds  []string
		em, f1 float64
	}{
		{"second gold matches", "서울", []string{"서울특별시", "서울"}, 1, 1},
		// vs 서울특별시: P=1, R=2/5, F1=4/7; vs 부산: 0.
		{"best partial", "서울", []string{"부산", "서울특별시"}, 0, 4.0 / 7},
		{"no golds", "서울", nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em, f1 := Score(tt.pred, tt.golds)
			if em != tt.em || math.Abs(f1-tt.f1) > 1e-12 {
				t.Errorf("Score(%q, %q) = %v, %v, want %v, %v", tt.pred, tt.golds, em, f1, tt.em, tt.f1)
			}
		})
	}
}

func FuzzMetric(f *testing.F) {
	for _, s := range []string{"1989년 2월 15일", "《한국》", "a\x1fb", "İΣ", "", "(가) 나!"} {
		f.Add(s, "1989년")
	}
	f.Fuzz(func(t *testing.T, pred, gold string) {
		n := NormalizeAnswer(pred)
		if NormalizeAnswer(n) != n {
			t.Fatalf("NormalizeAnswer not idempotent on %q: %q -> %q", pred, n, NormalizeAnswer(n))
		}
		v := F1(pred, gold)
		if v < 0 || v > 1 || math.IsNaN(v) {
			t.Fatalf("F1(%q, %q) = %v out of [0,1]", pred, gold, v)
		}
		if w := F1(gold, pred); math.Abs(v-w) > 1e-12 {
			t.Fatalf("F1 not symmetric: %v vs %v", v, w)
		}
		if ExactMatch(pred, gold) && len(chars(n)) > 0 && v != 1 {
			t.Fatalf("exact match %q %q but F1 %v", pred, gold, v)
		}
	})
}
