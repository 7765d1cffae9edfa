package paraphrase

import (
	"strings"
	"testing"
)

// TestTerms: everyday wordings get the administrative terms reports use
// (kind 7 of issue 19); look-alike words do not.
func TestTerms(t *testing.T) {
	tests := []struct{ q, want string }{
		{"일을 그만둔 뒤 다시 취업하기까지 걸리는 기간은?", "퇴직 퇴사 재취업 소요"},
		{"아이를 낳은 가구는 몇 곳인가?", "출산 아동 자녀"},
		{"아이디어 공모전은 언제인가?", ""},
		{"이사회는 몇 명인가?", ""},
		{"이사 비용은 얼마인가?", "전입 이주"},
		{"월급이 줄어든 근로자 비율은?", "임금 급여 감소 축소"},
		{"퇴직 후 재취업까지 기간은?", ""},
		{"결혼한 청년의 비율은?", "혼인"},
		{"결혼을 한 청년의 비율은?", "혼인"},
	}
	for _, tt := range tests {
		if got := strings.Join(Terms(tt.q), " "); got != tt.want {
			t.Errorf("Terms(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got := Expand("세금은 얼마인가?"); got != "세금은 얼마인가? 조세 세액" {
		t.Errorf("Expand = %q", got)
	}
}

func FuzzTerms(f *testing.F) {
	f.Add("일을 그만둔 뒤 다시 취업하기까지 걸리는 기간은?")
	f.Add("~ ~~")
	f.Fuzz(func(t *testing.T, q string) {
		if e := Expand(q); !strings.HasPrefix(e, q) {
			t.Fatalf("Expand(%q) = %q", q, e)
		}
	})
}
