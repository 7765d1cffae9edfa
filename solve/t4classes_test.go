package solve

import "testing"

// TestCounterCopula: a counter noun followed by the copula or a question
// ending ("몇 관인가", "몇 건이었나", "몇 곳입니까") asks a count in that
// counter, and a number written with it ("52관", "52개관") answers,
// though package numbers does not know the counter.
func TestCounterCopula(t *testing.T) {
	units := []struct{ question, unit, counter string }{
		{"참여 학교는 몇 교인가?", "교", "교"},
		{"설치 장소는 몇 개소인가?", "개소", "개소"},
		{"수상자는 몇 명인가?", "명", "명"},
		{"접수된 신고는 몇 건이었나?", "건", "건"},
		{"참석자는 몇 명이었습니까?", "명", "명"},
		{"지정 기관은 몇 곳입니까?", "곳", "곳"},
		{"대상 가구는 몇 가구였는가?", "가구", "가구"},
		{"점검 횟수는 몇 회였나?", "회", "회"},
		{"배정 인원은 몇 명씩인가?", "명", "명"},
		{"참여 학교는 몇 개교인가?", "개", "개교"},
		{"보급 차량은 몇 대인지 쓰시오.", "대", "대"},
	}
	for _, tt := range units {
		e := expect(tt.question)
		if e.Kind != kindQuantity || e.Unit != tt.unit || e.Counter != tt.counter {
			t.Errorf("expect(%q) = %v unit %q counter %q, want quantity %q %q", tt.question, e.Kind, e.Unit, e.Counter, tt.unit, tt.counter)
		}
	}
	if e := expect("몇 월에 개최되나?"); e.Kind != kindDate {
		t.Errorf("몇 월에 = %v, want a date", e.Kind)
	}
	answers := []struct{ question, text, want string }{
		{"참여 기관인 공립도서관은 몇 관인가?", "◦ (참여 기관) 공립도서관 52관 (전체 공립관 대상)", "52"},
		{"참여 기관 공립도서관은 몇 개관인가?", "◦ (참여 기관) 공립도서관 52관 (전체 공립관 대상)", "52"},
		{"참여 학교는 몇 교인가?", "올해 참여 학교는 14개교로 늘었다.", "14개"},
		{"시범 지역은 몇 곳이었나?", "시범 지역은 모두 6곳이었고 예산은 20억원이었다.", "6곳"},
	}
	for _, tt := range answers {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}
