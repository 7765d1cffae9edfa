package solve

import "testing"

// TestLabelLineAnswers: a passage that lists "label：value" lines under
// the item it annotates (the contact of each kind, one per line, joined
// by document.Passages) answers a question naming one label with that
// line's value, not another line's and not nothing.
func TestLabelLineAnswers(t *testing.T) {
	text := "⑦ 가세·나세 및 다세 체납에 따른 명단공개 여부를 조회하여 기재\n" +
		"※ 가세：가세청 징수과(☎ 044 - 111 -2222),\n나세：나세청 심사과 (☎ 042 - 333 -4444),\n다세：다무부 다세특례과(☎ 02 - 555 -6666)"
	tests := []struct{ question, want string }{
		{"다세 체납 명단공개 여부는 어느 부서에 조회해야 하나?", "다무부 다세특례과"},
		{"나세 체납 명단공개 여부는 어느 부서에서 확인하나?", "나세청 심사과"},
		{"가세 체납 명단공개 여부를 조회하는 기관은?", "가세청 징수과"},
	}
	for _, tt := range tests {
		if got, _ := textAnswer(text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s\n  = %q, want %q", tt.question, got, tt.want)
		}
	}
}
