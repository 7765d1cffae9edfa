package solve

import "testing"

// TestWhoOrganisation: 누구 is answered by a person, a body or an office
// (a body with its holder's title), and 수신자 by a letter's address line
// ("… 귀하").
func TestWhoOrganisation(t *testing.T) {
	names := []struct{ in, want string }{
		{"홍길동", "홍길동"},
		{"홍길동 과장", "홍길동"},
		{"한국가스공사 대구경북지역본부장 귀하", "한국가스공사 대구경북지역본부장"},
		{"행정안전부장관 귀하", "행정안전부장관"},
		{"국민건강보험공단 귀중", "국민건강보험공단"},
		{"부산지방국세청장", "부산지방국세청장"},
		{"과장", ""},
		{"2024년 월 일", ""},
	}
	for _, tt := range names {
		got, _ := personValue(tt.in)
		if got != tt.want {
			t.Errorf("personValue(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	letter := "위 사항을 확인하여 주시기 바랍니다.\n2025년 월 일\n신청인 (서명)\n한국가스공사 대구경북지역본부장 귀하"
	for _, tt := range []struct{ question, want string }{
		{"가스 공급 신청서의 수신자는 누구인가?", "한국가스공사 대구경북지역본부장"},
		{"이 신청서의 수신인은 누구인가?", "한국가스공사 대구경북지역본부장"},
		{"가스 공급 신청서의 작성자는 누구인가?", ""},
	} {
		in := analyse(tt.question)
		if got, _ := textAnswer(letter, in, ""); got != tt.want {
			t.Errorf("%s = %q, want %q", tt.question, got, tt.want)
		}
	}
}
