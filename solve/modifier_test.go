package solve

import "testing"

// TestModifierBinding: of several amounts in one sentence, the question's
// modifier says which ("추가로 받는", "별도로", "기본", "총", "최대"): the
// amount with that word beside it or in its clause, and not the base that
// "과는 별개로" / "외에" sets apart when an extra amount is asked (and that
// base when the basic one is asked).
func TestModifierBinding(t *testing.T) {
	grant := "▲ (다자녀 가구 200만원 지원) 가구당 기본 지원금 50만원(연 1회)과는 별개로 셋째 자녀부터 자녀 1명당 총 200만원의 양육지원금을 추가로 받을 수 있다."
	care := "▲ (출산 시 200만원 양육공제) 자녀 1명당 양육공제 100만원(연 단위)과는 별개로 출생일(입양일 포함)부터 1년 이내에 신청하는 경우 총 200만원의 양육공제를 추가로 받을 수 있다."
	tests := []struct{ question, text, want string }{
		{"출산할 때 기존 양육공제와 별개로 추가로 받을 수 있는 공제액은 얼마인가?", care, "200만원"},
		{"자녀 1명당 기본 양육공제는 얼마인가?", care, "100만원"},
		{"셋째 자녀를 둔 가구가 추가로 받을 수 있는 양육지원금은 얼마인가?", grant, "200만원"},
		{"기존 지원금과 별개로 셋째 자녀부터 받는 금액은 얼마인가?", grant, "200만원"},
		{"다자녀 가구의 기본 지원금은 얼마인가?", grant, "50만원"},
		{"청년 창업자는 최대 얼마까지 융자받을 수 있나?",
			"청년 창업자는 기본 3천만원을 융자받고, 사업성 평가에 따라 최대 1억원까지 융자받을 수 있다.", "1억원"},
		{"청년 창업자의 기본 융자액은 얼마인가?",
			"청년 창업자는 기본 3천만원을 융자받고, 사업성 평가에 따라 최대 1억원까지 융자받을 수 있다.", "3천만원"},
		{"일반 공제 외에 별도로 받는 공제액은 얼마인가?",
			"근로자는 일반 공제 150만원 외에 별도로 장애인 공제 200만원을 받는다.", "200만원"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
	for _, tt := range []struct {
		focus string
		want  []string
	}{
		{"기존 공제와 별개로 추가로 받는 공제액", []string{"extra"}},
		{"기본 공제액", []string{"base"}},
		{"총급여 기준 공제액", nil},
		{"총 지원액", []string{"total"}},
	} {
		got := askedModifiers(tt.focus)
		if len(got) != len(tt.want) {
			t.Errorf("askedModifiers(%q) = %v, want %v", tt.focus, got, tt.want)
			continue
		}
		for _, w := range tt.want {
			if !got[w] {
				t.Errorf("askedModifiers(%q) = %v, want %v", tt.focus, got, tt.want)
			}
		}
	}
}

// TestValueInForce: a question that names no change ("몇 %를
// 지급하는가", "얼마인가") over a sentence that states one ("80% → 90%로
// 확대") asks the value in force, the new one; "종전" still asks the old.
func TestValueInForce(t *testing.T) {
	text := "▲ (기한 후 신청 시 지급액 인상) 장려금을 신청기한이 지나 3개월 이내에 신청한 경우 산정액의 80% → 90%로 확대해 지급한다."
	tests := []struct{ question, want string }{
		{"장려금을 신청기한이 지나 신청할 때 산정액의 몇 %를 지급하는가?", "90%"},
		{"장려금을 기한 후 신청할 때 종전에는 산정액의 몇 %를 지급했나?", "80%"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, got, tt.want)
		}
	}
}
