package solve

import (
	"strings"
	"testing"
)

// TestReadPoints: series, before → after statements and dated lists are
// read as points with their period and role (kind 2 of issue 19).
func TestReadPoints(t *testing.T) {
	tests := []struct {
		sent string
		want string // value@period/role, space separated
	}{
		{"쉼터는 8곳(’22.3월) → 11곳(’22.9월) → 19곳(’23.3월)으로 늘었다",
			"8곳@2022-03/b 11곳@2022-09/- 19곳@2023-03/a"},
		{"수수료 상한을 3천원 이하에서 5천원 이하로 높여 2026년부터 적용한다",
			"3천원 이하@/b 5천원 이하@/a"},
		{"수수료 상한을3천원 이 하에서 5천원 이하로 높여",
			"3천원@/b 5천원 이하@/a"},
		{"* ’21→’22년 물가 전망(%) : (소비자) 2.1 → 1.8 (생산자) 3.3 → 2.0",
			"2.1@2021/b 1.8@2022/a 3.3@2021/b 2.0@2022/a"},
		{"월별로는 4월 2.95%, 5월 3.10%, 6월 3.02%였다",
			"2.95%@-04/- 3.10%@-05/- 3.02%@-06/-"},
		{"2022년에는 40개소, 2023년에는 52개소가 참여했다",
			"40개소@2022/- 52개소@2023/-"},
		{"(‘25) +0.4, (’26) +0.7, (‘27) +0.3",
			"0.4@2025/- 0.7@2026/- 0.3@2027/-"},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range readPoints(tt.sent) {
			role := "-"
			switch p.Role {
			case changeBefore:
				role = "b"
			case changeAfter:
				role = "a"
			}
			got = append(got, strings.TrimSpace(p.Q.Text)+"@"+p.When.String()+"/"+role)
		}
		if g := strings.Join(got, " "); g != tt.want {
			t.Errorf("readPoints(%q)\n got %s\nwant %s", tt.sent, g, tt.want)
		}
	}
}

// TestPickValue: the asked point of a series is chosen by the question's
// period, the side of the change and the kind of value (kinds 1 and 2).
func TestPickValue(t *testing.T) {
	tests := []struct {
		question, sent, want string
	}{
		{"’22년 9월 기준 쉼터는 몇 곳인가?", "쉼터는 8곳(’22.3월) → 11곳(’22.9월) → 19곳(’23.3월)으로 늘었다", "11곳"},
		{"쉼터는 몇 곳으로 늘었나?", "쉼터는 8곳(’22.3월) → 11곳(’22.9월) → 19곳(’23.3월)으로 늘었다", "19곳"},
		{"수수료 상한은 얼마로 높아졌나?", "수수료 상한을 3천원 이하에서 5천원 이하로 높여 2026년부터 적용한다", "5천원 이하"},
		{"종전 수수료 상한은 얼마였나?", "수수료 상한을 3천원 이하에서 5천원 이하로 높여 2026년부터 적용한다", "3천원 이하"},
		{"수수료 상한은 얼마에서 얼마로 바뀌었나?", "수수료 상한을 3천원 이하에서 5천원 이하로 높여 2026년부터 적용한다", "3천원 이하 → 5천원 이하"},
		{"2022년 소비자 물가 전망은 얼마인가?", "* ’21→’22년 물가 전망(%) : (소비자) 2.1 → 1.8 (생산자) 3.3 → 2.0", "1.8"},
		{"5월 평균 금리는 몇 %인가?", "월별로는 4월 2.95%, 5월 3.10%, 6월 3.02%였다", "3.10%"},
		{"2022년 생산자 물가 전망은 얼마로 예상되나?", "* ’21→’22년 물가 전망(%, 기관<’20.10월>) : (소비자) 2.1 → 1.8 (생산자) 3.3 → 2.0", "2.0"},
		{"2021년에 비해 2022년 소비자 물가 전망은 얼마나 낮아지는가?", "* ’21→’22년 물가 전망(%) : (소비자) 2.1 → 1.8", "0.3"},
		{"이의 신청은 며칠 이내에 해야 하는가?", "위원 3명이 심의하며, 통지를 받은 날부터 30일 이내에 이의를 신청할 수 있다", "30일 이내"},
		{"위원회는 몇 명으로 구성되는가?", "통지를 받은 날부터 30일 이내에 위원 7명으로 구성된 위원회에 신청한다", "7명"},
		{"참가비는 얼마인가?", "2027년까지 참가비 5만원을 받는다", "5만원"},
		{"방문객은 몇 명인가?", "2024년 신청은 120건이었다", ""},
		{"외국인 보유비중은 얼마인가?", "외국인 보유비중은 △0.4% 감소(21.4%)하였다", "21.4%"},
		{"순투자는 전년 대비 얼마나 증가했나?", "순투자는 전년 대비 1.2조원 증가한 8.5조원이다", "1.2조원"},
		{"2월 발행 규모는 얼마인가?", "□ 3월 발행 규모는 18.4조원이다", ""},
		{"’24년 2월말 관리수지 적자는 얼마인가?", "’24.2월말 누계 통합수지는 29.9조원 적자이며, 그중 기금을 뺀 관리수지는 36.2조원 적자이다.", "36.2조원"},
	}
	for _, tt := range tests {
		in := analyse(tt.question)
		pos := focusEnd(tt.sent, in.Focus)
		got, _, _ := pickValue(tt.sent, readPoints(tt.sent), in.Expect, in.Numbers, pos)
		if got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.sent, got, tt.want)
		}
	}
}

// TestPickDate: a "언제" question gets a date, ranges and their bounding
// words kept (kind 1).
func TestPickDate(t *testing.T) {
	tests := []struct {
		question, sent, want string
	}{
		{"설명회는 언제 열렸는가?", "권역별 설명회 개최(’21.3~5월)", "’21.3~5월"},
		{"2022년 계획의 공청회는 언제 열렸나?", "2022년 계획 수립을 위해 공청회를 ’21.11월 개최", "’21.11월"},
		{"신청 접수는 언제부터인가?", "신청 접수는 2025.2.3.부터 받는다", "2025.2.3.부터"},
		{"개정 규정은 언제 시행되나?", "개정 규정은 2026년 상반기 중 시행된다", "2026년 상반기 중"},
		{"설명회는 언제 열렸는가?", "설명회에는 300명이 참석했다", ""},
	}
	for _, tt := range tests {
		in := analyse(tt.question)
		got, _ := pickDate(tt.sent, in.Expect, focusEnd(tt.sent, in.Focus))
		if got != tt.want {
			t.Errorf("%s over %s = %q, want %q", tt.question, tt.sent, got, tt.want)
		}
	}
}

// FuzzAnswerReaders runs the readers of issue 19 (series, date headers,
// parts, enumerations, letter spacing, labels, boxes) on any text: no
// panic, offsets inside the text, values taken from it.
func FuzzAnswerReaders(f *testing.F) {
	for _, s := range []string{
		"쉼터는 8곳(’22.3월) → 11곳(’22.9월) → 19곳(’23.3월)으로 늘었다",
		"수수료 상한을 3천원 이 하에서 5천원 이하로 높여",
		"* ’21→’22년 물가 전망(%) : (소비자) 2.1 → 1.8",
		"구분 ’22년 ’23년 ’24년 연평균",
		"2023년 4월, 5월, 6월 평균 금리는 각각 얼마인가?",
		"조사단은 원인으로 A, B, C를 들었다.",
		"박 서 준 (서 명)", "□ 예 ▣ 아니오", "주소 : 대전광역시 유성구 과학로 55",
		"→", "(’", "에서로", "몇 명으로",
	} {
		f.Add(s, s)
	}
	f.Fuzz(func(t *testing.T, question, sent string) {
		for _, p := range readPoints(sent) {
			if p.Q.Start < 0 || p.Q.End > len(sent) || p.Q.Start > p.Q.End {
				t.Fatalf("point %+v outside %q", p.Q, sent)
			}
		}
		in := analyse(question)
		_, _, _ = pickValue(sent, readPoints(sent), in.Expect, in.Numbers, focusEnd(sent, in.Focus))
		_, _ = pickDate(sent, in.Expect, focusEnd(sent, in.Focus))
		_ = alignRow(sent, headerPeriods(question))
		for _, p := range splitParts(question) {
			if p.Question == "" && strings.TrimSpace(question) != "" {
				t.Fatalf("empty part of %q", question)
			}
		}
		_ = sentenceItems(sent)
		_ = joinSpaced(sent)
		_, _ = checkedOptions(sent)
		_, _ = labeledSpan(sent, in.Core, in.Expect.Kind, focusEnd(sent, in.Focus))
		_, _ = fitsKind(sent, in.Expect.Kind)
	})
}
