package solve

import "testing"

// TestKeyedValues: a line that gives one value per short key — in
// brackets before the value ("(가) 1.5"), in brackets after it ("1.5(가)"),
// before a colon ("나: 2점"), after a share ("상위 10%(A) 5점") — answers
// the question that names one key ("가등급의", "B 구간의", "나 항목의") with
// that key's value, not the first value of the line; a question naming no
// key, or two, is not answered from the enumeration.
func TestKeyedValues(t *testing.T) {
	tests := []struct{ question, text, want string }{
		{"성과 평가에서 가등급의 가산율은 얼마인가?",
			"◦ 평가 결과에 따라 가산율을 차등 적용\n** 등급별 가산율: (가) 1.5, (나) 1.2, (다) 1.0, (라) 0.8", "1.5"},
		{"성과 평가에서 다등급의 가산율은 얼마인가?",
			"◦ 평가 결과에 따라 가산율을 차등 적용\n** 등급별 가산율: (가) 1.5, (나) 1.2, (다) 1.0, (라) 0.8", "1.0"},
		{"R등급을 받으려면 몇 점 이상이어야 하나?",
			"◦ 종합점수로 등급 부여\n* (Q) 92점 이상, (R) 85점 이상～92점 미만, (T) 85점 미만", "85점 이상～92점 미만"},
		{"심사에서 나 항목의 배점은 몇 점인가?",
			"※ 항목별 배점 - 가: 5점, 나: 3점, 다: 2점", "3점"},
		{"B 구간의 지원 점수는 몇 점인가?",
			"◦ 참여율에 따른 지원 점수: 상위 10%(A) 5점, 상위 30%(B) 3점, 그 외(C) 1점", "3점"},
		{"Y형의 환산 계수는 얼마인가?",
			"* 유형별 환산 계수는 1.20(X), 0.95(Y), 0.70(Z)로 한다.", "0.95"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
	no := []struct{ question, line string }{
		{"등급별 가산율은 얼마인가?", "** 등급별 가산율: (가) 1.5, (나) 1.2, (다) 1.0"},
		{"가등급과 나등급의 가산율은 각각 얼마인가?", "** 등급별 가산율: (가) 1.5, (나) 1.2, (다) 1.0"},
		{"2024년 예산은 얼마인가?", "예산 (단위: 억원) (’23) 120, (’24) 150"},
		{"GDP 대비 부채 비율은?", "(A) 10, (B) 20, (D) 30"},
		{"전체 가산율은 얼마인가?", "평균 가산율은 1.2(전년 1.1)이다."},
	}
	for _, tt := range no {
		if v, ok := keyedValue(tt.line, analyse(tt.question)); ok {
			t.Errorf("keyedValue(%q) for %q = %q, want none", tt.line, tt.question, v)
		}
	}
}

// FuzzKeyedPairs: keyedPairs never panics, and what it reads is an
// enumeration of two or more pairs, each with a key-like key and a
// non-empty value; keyedValue never panics either.
func FuzzKeyedPairs(f *testing.F) {
	for _, s := range []string{
		"** 등급별 가산율: (가) 1.5, (나) 1.2, (다) 1.0",
		"※ 항목별 배점 - 가: 5점, 나: 3점, 다: 2점",
		"상위 10%(A) 5점, 상위 30%(B) 3점",
		"1.20(X), 0.95(Y), 0.70(Z)",
		"(（)）:：,", "(A)(B)", "가:나:다:",
	} {
		f.Add(s)
	}
	in := analyse("B등급의 값은 얼마인가?")
	f.Fuzz(func(t *testing.T, line string) {
		ps := keyedPairs(line)
		if ps != nil && len(ps) < 2 {
			t.Fatalf("keyedPairs(%q) = %d pairs, want none or two or more", line, len(ps))
		}
		for _, p := range ps {
			if !keyLike(p.Key) || p.Value == "" {
				t.Fatalf("keyedPairs(%q): pair %+v", line, p)
			}
		}
		keyedValue(line, in)
	})
}
