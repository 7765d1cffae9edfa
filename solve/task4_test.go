package solve

import "testing"

func TestStatesValue(t *testing.T) {
	tests := []struct {
		text, value string
		want        bool
	}{
		{"응찰률은 334%로 전월 대비 하락", "334", true},
		{"응찰률 275 271 334 333", "334", true},
		{"합계 1,334건", "334", false},
		{"합계 3345건", "334", false},
		{"비율 3.35%", "3.3", false},
		{"비율 3.3%", "3.3", true},
		{"2023 334", "334", true},
		{"총 1 억원의 공제", "1억원", true},
		{"총 21억원의 공제", "1억원", false},
		{"담당: 지방세 특례과", "지방세특례과", true},
		{"아무 관계 없는 문장", "334", false},
		{"", "334", false},
		{"334", "", false},
		{"ABC 부서", "abc부서", true},
	}
	for _, tc := range tests {
		if got := statesValue(tc.text, tc.value); got != tc.want {
			t.Errorf("statesValue(%q, %q) = %v, want %v", tc.text, tc.value, got, tc.want)
		}
	}
}
