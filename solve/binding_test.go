package solve

import "testing"

// TestChangeWithoutHowMuch: "몇 %p 낮아졌나", "얼마 증가했나" ask the size
// of the change even without 얼마나; a target ("몇 명으로 늘었나") asks the
// level reached; a level question is not a change question.
func TestChangeWithoutHowMuch(t *testing.T) {
	tests := []struct {
		question string
		change   change
		unit     string
	}{
		{"가입률은 전년과 비교해 몇 %p 올랐나?", changeDiff, "%"},
		{"실업률은 전분기보다 몇 퍼센트포인트 하락했는가?", changeDiff, "%"},
		{"올해 장학 예산은 전년보다 얼마 증가했나?", changeDiff, ""},
		{"상담 건수는 작년보다 몇 건 줄었는가?", changeDiff, "건"},
		{"참여 기관은 몇 곳으로 늘었나?", changeAfter, "곳"},
		{"보조금 단가는 얼마로 인상되었나?", changeAfter, ""},
		{"올해 새로 늘어난 상담소는 몇 곳인가?", changeAfter, "곳"},
		{"장학 예산은 얼마로 집계되었나?", changeNone, ""},
	}
	for _, tt := range tests {
		e := expect(tt.question)
		if e.Change != tt.change || e.Unit != tt.unit {
			t.Errorf("expect(%q) = change %d unit %q, want %d %q", tt.question, e.Change, e.Unit, tt.change, tt.unit)
		}
	}
	// The sentence states the difference, or the two points it is taken
	// from, or only the level (no answer to a change question then).
	picks := []struct{ question, sent, want string }{
		{"가입률은 전월과 비교해 몇 %p 올랐나?", "4월 가입률은 52.5%로 전월(50.0%) 대비 상승하였다", "2.5%p"},
		{"회원 수는 작년보다 몇 명 늘었나?", "회원 수는 1,250명으로 작년(1,180명)보다 증가했다", "70명"},
		{"사업 예산은 전년보다 얼마 증가했나?", "사업 예산은 전년 대비 120억원 증가한 980억원이다", "120억원"},
		{"사업 예산은 얼마인가?", "사업 예산은 전년 대비 120억원 증가한 980억원이다", "980억원"},
		{"수수료는 최대 몇 % 인하되나?", "수수료 인하(최대 0.2%) 및 심사 기간 단축", "0.2%"},
	}
	for _, tt := range picks {
		in := analyse(tt.question)
		got, _, _ := pickValue(tt.sent, readPoints(tt.sent), in.Expect, in.Numbers, focusEnd(tt.sent, in.Focus))
		if got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.sent, got, tt.want)
		}
	}
}

// TestValueOfSubject: the value of the subject the question names is the
// one in that subject's clause or bound to its head noun, not the first
// number after the focus words.
func TestValueOfSubject(t *testing.T) {
	tests := []struct{ question, sent, want string }{
		{"상반기 무역수지 적자는 몇 억달러인가?",
			"그 결과, 상반기 무역수지는 42억달러 적자, 서비스수지 5억달러 흑자를 합친 경상수지는 37억달러 적자이다.", "42억달러"},
		{"서비스수지 흑자는 몇 억달러인가?",
			"그 결과, 상반기 무역수지는 42억달러 적자, 서비스수지 5억달러 흑자를 합친 경상수지는 37억달러 적자이다.", "5억달러"},
		{"다자녀 가구에 적용되는 감면율은?",
			"다자녀 가구는 기본 감면율에 20%를 더하여 50%의 감면율을 적용받는다.", "50%"},
		{"청년 창업자의 지원 한도는 얼마인가?",
			"일반 창업자는 3천만원, 청년 창업자는 5천만원까지 지원한다.", "5천만원"},
		// An enumeration under a wider topic: the label right before
		// the value binds it, not the clause's topic.
		{"소형 정류장은 몇 곳인가?",
			"올해 설치된 정류장은 규모별로 대형 정류장 12곳, 소형 정류장 41곳, 임시 정류장 9곳 등 모두 62곳이다.", "41곳"},
		{"임시 정류장은 몇 곳인가?",
			"올해 설치된 정류장은 규모별로 대형 정류장 12곳, 소형 정류장 41곳, 임시 정류장 9곳 등 모두 62곳이다.", "9곳"},
		{"대형 정류장은 몇 곳인가?",
			"올해 설치된 정류장은 규모별로 보면 대형 정류장 12곳, 소형 정류장 41곳, 임시 정류장 9곳 등 모두 62곳이다.", "12곳"},
	}
	for _, tt := range tests {
		in := analyse(tt.question)
		got, _, _ := pickValue(tt.sent, readPoints(tt.sent), in.Expect, in.Numbers, focusEnd(tt.sent, in.Focus))
		if got != tt.want {
			t.Errorf("%s\n  over %s\n  = %q, want %q", tt.question, tt.sent, got, tt.want)
		}
	}
	// Across sentences: the sentence whose clause is about the subject
	// beats one that shares the question's date and condition words.
	text := "참고로, 2022사업연도 정산 결과 총수입은 81.2억원, 총비용은 77.5억원으로 집계되었다. 적립금 잔액은 전년 대비 2.1억원 늘어난 15.4억원이다."
	in := analyse("2022사업연도 정산에서 적립금 잔액은 얼마로 집계되었나?")
	if got, _ := textAnswer(text, in, ""); got != "15.4억원" {
		t.Errorf("textAnswer = %q, want 15.4억원", got)
	}
}

// TestImperativeHead: an instruction ending ("…를 쓰시오") and a short
// predicate after the interrogative ("얼마로 집계되었나") are cut, leaving
// the head noun that decides the kind of value.
func TestImperativeHead(t *testing.T) {
	tests := []struct {
		question, focus string
		kind            valueKind
	}{
		{"신청서를 접수한 날짜를 쓰시오.", "신청서를 접수한 날짜", kindDate},
		{"보조금 지급 일자를 기재하시오", "보조금 지급 일자", kindDate},
		{"계약 상대방의 성명을 적으시오.", "계약 상대방의 성명", kindPerson},
		{"사업장의 소재지를 쓰세요", "사업장의 소재지", kindAddress},
		{"적립금 잔액은 얼마로 집계되었나?", "적립금 잔액은 집계", kindQuantity},
		{"응찰 건수는 몇 건 늘었나?", "응찰 건수는", kindQuantity},
		{"총 지원액이 얼마인지 구하시오.", "총 지원액", kindQuantity},
		{"지원 대상은 누구인가?", "지원 대상", kindPerson},
	}
	for _, tt := range tests {
		if got := stripTail(tt.question); got != tt.focus {
			t.Errorf("stripTail(%q) = %q, want %q", tt.question, got, tt.focus)
		}
		if got := expect(tt.question).Kind; got != tt.kind {
			t.Errorf("expect(%q).Kind = %v, want %v", tt.question, got, tt.kind)
		}
	}
}
