package numbers

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// q renders quantities compactly for comparison: "value[~max] unit bound".
func render(qs []Quantity) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		s := Format(q.Value)
		if q.IsRange() {
			s += "~" + Format(q.Max)
		}
		if q.Unit != "" {
			s += " " + q.Unit
		}
		if q.Bound != Exact {
			s += " " + q.Bound.String()
		}
		parts[i] = s
	}
	return strings.Join(parts, "; ")
}

func TestFind(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		// Plain numbers, separators, decimals.
		{"총 1,120건이다", "1120 건"},
		{"2023년 한 해 동안 발급된 보증은 모두 4,260건이며", "2023 년; 4260 건"},
		{"생존율은 68.2%로, 평균 41.5%보다 높았다.", "68.2 %; 41.5 %"},
		{"집행률 95.0", "95"},
		{"1,234,567원", "1234567 원"},
		{"1,2,3", "1; 2; 3"},
		{"0.5%포인트를 감면", "0.5 %p"},
		{"3.2%p 상승", "3.2 %p"},
		// Korean magnitudes.
		{"예비창업자가 5천만 원, 초기창업자가 1억 원", "50000000 원; 100000000 원"},
		{"도약기 기업이 3억 원으로", "300000000 원"},
		{"총사업비 3조 1천억 원", "3100000000000 원"},
		{"1억 2,000만 원을 지원", "120000000 원"},
		{"2억5천만원", "250000000 원"},
		{"인구 10만 명 이상의 시", "100000 명 이상"},
		{"약 5천 명", "5000 명"},
		{"12조원", "12000000000000 원"},
		// A space or a line break between the digits and the magnitude.
		{"합계 5,200 억원", "520000000000 원"},
		{"합계 5,200\n억원", "520000000000 원"},
		{"3 천만 원", "30000000 원"},
		{"5 만에 달해", "5"},
		{"제12 조 3항", "12; 3"},
		{"300백만원", "300000000 원"},
		// Units.
		{"출국장면세점 22개, 시내면세점 24개", "22 개; 24 개"},
		{"생활숲 38개소, 가로숲 27개소", "38 개소; 27 개소"},
		{"베이직스토아가 5일, 메타랜드가 7일", "5 일; 7 일"},
		{"비소 25 mg/kg", "25 mg/kg"},
		{"카드뮴 9㎎/㎏ 이하", "9 mg/kg 이하"},
		{"수은 1.5㎎", "1.5 mg"},
		{"폐기물 3㎏", "3 kg"},
		{"면적 1,200㎡", "1200 ㎡"},
		{"누적 142헥타르로", "142 ha"},
		{"연간 흡착량 168 g/그루", "168 g/그루"},
		{"평균 23일로 길어", "23 일"},
		{"6개월 이내", "6 개월 이하"},
		{"3배 가까이", "3 배"},
		// Bounds.
		{"20일 미만으로 제한", "20 일 미만"},
		{"만 39세 이하 창업자", "39 세 이하"},
		{"100㎎/㎏ 초과", "100 mg/kg 초과"},
		{"30 이상", "30 이상"},
		// Ranges.
		{"10~20%", "10~20 %"},
		{"3~5만 명", "30000~50000 명"},
		{"3만~5만 원", "30000~50000 원"},
		{"2021-2023년", "2021~2023 년"},
		{"10 ∼ 15일", "10~15 일"},
		// Negative values.
		{"증감 △3.5", "-3.5"},
		{"변화율 -2.1%", "-2.1 %"},
		// Footnote marks and identifiers are not numbers.
		{"용역보고서 제안기준1)", ""},
		{"소나무2) 4.4", "4.4"},
		{"BIN0003.png", ""},
		{"agc2022_n08c00", ""},
		{"(2022) 보고서", "2022"},
		{"제3조 제2항", "3; 2"},
		// Spaced Hangul units must end their word.
		{"30 일부 지역", "30"},
		{"1차 20 징수결의, 2차 30 징수결의", "1; 20; 2; 30"},
		{"5천만 원이며", "50000000 원"},
		// Section numbers.
		{"1.2.3 절", ""},
	}
	for _, tt := range tests {
		got := render(Find(tt.in))
		if got != tt.want {
			t.Errorf("Find(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFindOffsets(t *testing.T) {
	s := "예비창업자가 5천만 원, 초기창업자가 1억 원"
	for _, q := range Find(s) {
		if s[q.Start:q.End] != q.Text {
			t.Errorf("Text %q != s[%d:%d] %q", q.Text, q.Start, q.End, s[q.Start:q.End])
		}
	}
	qs := Find(s)
	if len(qs) != 2 || qs[0].Text != "5천만 원" || qs[1].Text != "1억 원" {
		t.Errorf("texts = %+v", qs)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"2", "2", true},
		{" 1.5 ", "1.5", true},
		{"100 이하", "100 이하", true},
		{"1,580건", "1580 건", true},
		{"제안기준1)", "", false},
		{"없음", "", false},
		{"22, 24", "", false},
	}
	for _, tt := range tests {
		q, ok := Parse(tt.in)
		got := ""
		if ok {
			got = render([]Quantity{q})
		}
		if ok != tt.ok || got != tt.want {
			t.Errorf("Parse(%q) = %q %v, want %q %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in    string
		base  string
		scale float64
		ok    bool
	}{
		{"보증 한도(만 원)", "원", 1e4, true},
		{"2023년 온라인 매출(백만 원)", "원", 1e6, true},
		{"비율(%)", "%", 1, true},
		{"허용기준(mg/kg)", "mg/kg", 1, true},
		{"연간 흡착량(g/그루)", "g/그루", 1, true},
		{"개", "개", 1, true},
		{"개소", "개소", 1, true},
		{"(단위: 억 원)", "원", 1e8, true},
		{"단위: 천 명", "명", 1e3, true},
		{"예산(억원)", "원", 1e8, true},
		{"철회가간", "", 0, false},
		{"매각", "", 0, false},
		{"평정 점수", "", 0, false},
		{"(천만)", "", 1e7, true},
	}
	for _, tt := range tests {
		u, ok := ParseUnit(tt.in)
		if ok != tt.ok || u.Base != tt.base || (ok && u.Scale != tt.scale) {
			t.Errorf("ParseUnit(%q) = %+v %v, want %s %g %v", tt.in, u, ok, tt.base, tt.scale, tt.ok)
		}
	}
}

func TestIn(t *testing.T) {
	tests := []struct {
		text, unit, want string
	}{
		{"5천만 원", "(만 원)", "5000"},
		{"1억 원", "보증 한도(만 원)", "10000"},
		{"3억 원", "(만 원)", "30000"},
		{"560", "(백만 원)", "560"},
		{"5억 6천만 원", "(백만 원)", "560"},
		{"92%", "비율(%)", "92"},
		{"22개", "개", "22"},
		{"38개소", "개", "38"},
		{"5천만", "(만 원)", "5000"},
		{"120명", "(만 원)", "incompatible"},
		{"4,260건", "", "4260"},
	}
	for _, tt := range tests {
		q, ok := Parse(tt.text)
		if !ok {
			t.Fatalf("Parse(%q) failed", tt.text)
		}
		u, _ := ParseUnit(tt.unit)
		if u.Scale == 0 {
			u.Scale = 1
		}
		v, ok := q.In(u)
		got := "incompatible"
		if ok {
			got = Format(v)
		}
		if got != tt.want {
			t.Errorf("%q in %q = %s, want %s", tt.text, tt.unit, got, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for v, want := range map[float64]string{5000: "5000", 68.2: "68.2", 0.1 + 0.2: "0.3", -0.0: "0", 1e12: "1000000000000", 2.50: "2.5"} {
		if got := Format(v); got != want {
			t.Errorf("Format(%v) = %s, want %s", v, got, want)
		}
	}
	// An unreadable value never prints as a number.
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if got := Format(v); got != "" {
			t.Errorf("Format(%v) = %q, want empty", v, got)
		}
	}
}

func ExampleFind() {
	for _, q := range Find("보증 한도는 예비창업자가 5천만 원, 초기창업자가 1억 원이다.") {
		u, _ := ParseUnit("(만 원)")
		v, _ := q.In(u)
		fmt.Println(q.Text, "→", Format(v), "만 원")
	}
	// Output:
	// 5천만 원 → 5000 만 원
	// 1억 원 → 10000 만 원
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{"3조 1천억 원", "10~20%", "제안기준1)", "5천만 원이며", "△3.5", "1.2.3", "100㎎/㎏ 이하", "3~5만 명", "g/그루"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range Find(s) {
			if q.Start < 0 || q.End > len(s) || q.Start > q.End || s[q.Start:q.End] != q.Text {
				t.Fatalf("bad offsets %+v in %q", q, s)
			}
		}
		_, _ = Parse(s)
		_, _ = ParseUnit(s)
	})
}

func TestNumerals(t *testing.T) {
	tests := []struct {
		in   string
		want []Numeral
	}{
		{"", nil},
		{"없음", nil},
		{"1,120건", []Numeral{{0, 5, 1120}}},
		{"3.5%와 -2", []Numeral{{0, 3, 3.5}, {9, 10, 2}}},
		{"1,2와 12,3456", []Numeral{{0, 1, 1}, {2, 3, 2}, {7, 13, 12345}, {13, 14, 6}}},
		{"2023,2024", []Numeral{{0, 4, 2023}, {5, 9, 2024}}},
		{"[그림 2-1]", []Numeral{{8, 9, 2}, {10, 11, 1}}},
	}
	for _, tt := range tests {
		got := Numerals(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Numerals(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if HasNumeral("가나다") || !HasNumeral("제3조") {
		t.Error("HasNumeral")
	}
}
