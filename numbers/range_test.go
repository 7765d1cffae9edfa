package numbers

import "testing"

// TestRangesAreNotAmounts: both ends of a date range are periods, so no
// end of one is read as an amount or a count ("’22.9.~11." is not 22.9
// and 11).
func TestRangesAreNotAmounts(t *testing.T) {
	tests := []struct {
		in, periods, quantities string
	}{
		{"점검 실시(’22.9.~11.)", "2022-09=’22.9. | 2022-11=11.", ""},
		{"신청 기간: ’25.4.1.~’25.5.31.", "2025-04-01=’25.4.1. | 2025-05-31=’25.5.31.", ""},
		{"접수 ’25.4.1.~20. 중 120건", "2025-04-01=’25.4.1. | 2025-04-20=20.", "120 건"},
		{"9.~11월 중 3개소", "-09=9. | -11=11월", "3 개소"},
		{"‘26. 2~3월 시행 예정", "2026-02=‘26. 2 | -03=3월", ""},
		{"10월~12월 45명", "-10=10월 | -12=12월", "45 명"},
		// Not ranges: an amount range and a decimal.
		{"지원액 2~3억원", "", "200000000~300000000 원"},
		{"비율 1.5~2.0%", "", "1.5~2 %"},
	}
	for _, tt := range tests {
		ps := FindPeriods(tt.in)
		if got := periodStrings(ps); got != tt.periods {
			t.Errorf("FindPeriods(%q) = %q, want %q", tt.in, got, tt.periods)
		}
		var qs []Quantity
		for _, q := range Find(tt.in) {
			if !Overlaps(q, ps) {
				qs = append(qs, q)
			}
		}
		if got := render(qs); got != tt.quantities {
			t.Errorf("quantities of %q = %q, want %q", tt.in, got, tt.quantities)
		}
	}
}
