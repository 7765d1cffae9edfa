package solve

import (
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestLineAskOf: the questions that ask where to enquire or to whom a
// form goes, and ones that ask neither.
func TestLineAskOf(t *testing.T) {
	tests := []struct {
		q    string
		want lineAsk
	}{
		{"청년 월세 지원은 어느 부서에 문의하나?", askContact},
		{"체납 여부는 어디에 조회하나?", askContact},
		{"가나 사업의 조회처와 전화번호는?", askContact},
		{"이 사업의 담당 부서는?", askContact},
		{"이 신청서는 누구에게 제출하는가?", askAddressee},
		{"이 위임장은 어디에 제출해야 하나?", askAddressee},
		{"동의서의 수신자는 누구인가?", askAddressee},
		{"청년 월세 지원 금액은 얼마인가?", askNone},
		{"이 사업을 주관하는 곳은 어디인가?", askNone},
	}
	for _, tt := range tests {
		if got := lineAskOf(tt.q); got != tt.want {
			t.Errorf("lineAskOf(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
}

// TestCarriesAsked: a contact line carries a phone (spaces around its
// hyphens too) or a note that names where to enquire and a body; an
// addressee line ends in 귀하/귀중 or opens with 수신.
func TestCarriesAsked(t *testing.T) {
	tests := []struct {
		text string
		ask  lineAsk
		want bool
	}{
		{"※ 문의: 나라부 가람정책과(044-000-1111)", askContact, true},
		{"※ 누리청 징수과 ☎ 044 -111- 2222", askContact, true},
		{"※ 조회처：바른청 기록관리과", askContact, true},
		{"신청은 온라인으로 받으며 문의가 많다.", askContact, false},
		{"지원 금액은 월 20만원이다.", askContact, false},
		{"2031년 월 일\n한빛주택공사 서부지사장 귀하", askAddressee, true},
		{"누리시 시민위원회 귀중", askAddressee, true},
		{"수신: 가람청장", askAddressee, true},
		{"귀하의 신청이 접수되었습니다.", askAddressee, false},
		{"위 임 장 본인은 … 위임합니다. 2031년 월 일 한빛주택공사 서부지사장 귀하 ※ 첨부: 인감증명서 1통", askAddressee, true},
		{"※ 문의: 나라부 가람정책과(044-000-1111)", askNone, false},
	}
	for _, tt := range tests {
		if got := carriesAsked(tt.text, tt.ask); got != tt.want {
			t.Errorf("carriesAsked(%q, %v) = %v, want %v", tt.text, tt.ask, got, tt.want)
		}
	}
}

// TestAskedLineFirst: task 1 ranks first the short line that carries
// what the question asks (a note naming the department and phone, a
// form's addressee line), ahead of longer passages that share more of
// the question's words; a question that asks neither keeps the passage
// that answers it first.
func TestAskedLineFirst(t *testing.T) {
	p := func(text string) document.Block { return document.Block{Kind: document.KindParagraph, Text: text} }
	h := func(text string) document.Block { return document.Block{Kind: document.KindHeading, Text: text} }
	notice := &document.Document{ID: "notice", Blocks: []document.Block{
		h("□ 청년 월세 한시 지원"),
		p("청년 월세 한시 지원은 부모와 따로 사는 무주택 청년에게 월세를 매달 최대 20만원씩 12개월 동안 지원하는 사업으로, 청년 월세 한시 지원 신청은 복지 누리집에서 받는다."),
		p("◦ 신청 기간: ’31.3.2.~’31.3.31."),
		p("※ 문의: 나라부 주거복지정책과(044-000-1111)"),
		h("□ 청년 전세 보증금 이자 지원"),
		p("청년 전세 보증금 이자 지원은 청년이 전세 보증금 대출 이자를 연 2%까지 돌려받는 사업이며, 청년 전세 보증금 이자 지원 신청은 은행 창구에서 받는다."),
		p("◦ 신청 기간: ’31.4.1.~’31.4.30."),
		p("※ 문의: 나라부 주택기금과 ☎ 044 -000- 2222"),
	}}
	form := &document.Document{ID: "form", Blocks: []document.Block{
		p("위 임 장"),
		p("본인은 아래 수임인에게 임대주택 입주 신청에 관한 일체의 권한을 위임하며, 위임에 따른 임대주택 입주 신청 결과에 대하여 이의를 제기하지 않겠습니다."),
		h("1. 위임인"),
		p("성 명 : (인)"),
		p("연 락 처 :"),
		h("2. 수임인"),
		p("성 명 : (인)"),
		p("2031년 월 일"),
		p("한빛주택공사 서부지사장 귀하"),
	}}
	// A form whose body sits in a 1×1 box, and a guide paragraph
	// sharing the question's words.
	boxed := &document.Document{ID: "boxed", Blocks: []document.Block{
		p("임대주택 입주 신청 위임장 작성 안내: 위임장은 본인이 직접 신청할 수 없을 때 작성하며, 위임장에는 위임인과 수임인의 인적 사항을 모두 적어야 한다."),
		{Kind: document.KindTable, Table: &document.Table{Rows: [][]document.Cell{{{Text: "위 임 장\n본인은 아래 수임인에게 입주 신청을 위임합니다.\n위임인 성명 : (인)\n2031년 월 일\n가람도시공사 동부지사장 귀하\n※ 첨부: 신분증 사본 1부"}}}}},
	}}
	s := memorySolver(t, notice, form, boxed)
	tests := []struct {
		doc, question, want string
	}{
		{"notice", "청년 월세 한시 지원은 어느 부서에 문의하나?", "주거복지정책과"},
		{"notice", "청년 전세 보증금 이자 지원의 문의처 전화번호는?", "주택기금과"},
		{"form", "이 위임장은 누구에게 제출하는가?", "서부지사장 귀하"},
		{"form", "위임장은 어디에 제출해야 하나?", "서부지사장 귀하"},
		{"boxed", "이 위임장은 누구에게 제출하는가?", "동부지사장 귀하"},
		// Neither asked: the passage with the amount stays first.
		{"notice", "청년 월세 한시 지원은 매달 얼마까지 지원하나?", "최대 20만원"},
	}
	for _, tt := range tests {
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: tt.doc, Question: tt.question})
		if err != nil {
			t.Fatal(err)
		}
		ranked := ans.Value.([]RankedParagraph)
		if len(ranked) == 0 || !strings.Contains(ranked[0].Paragraph, tt.want) {
			t.Errorf("%s: first = %v, want the passage with %q", tt.question, ranked, tt.want)
		}
	}
}

// TestPhoneSpacedParts: a phone whose separators a text layer spaced
// ("044 -111- 2222") or that gives a range of lines ("1960~61") is read
// whole and written without the spaces; numbers that are not phones are
// not read as one.
func TestPhoneSpacedParts(t *testing.T) {
	tests := []struct{ text, want string }{
		{"※ 누리청 징수과 ☎ 044 -111- 2222", "044-111-2222"},
		{"가람청 (☎ 042 - 333 -4444),", "042-333-4444"},
		{"☎ 02-345-6789~90 (평일)", "02-345-6789~90"},
		{"대표 (044) 555-0101", "044-555-0101"},
		{"(044-123-4567)", "044-123-4567"},
		{"예산 58.0조원, 2031 - 2035년", ""},
	}
	for _, tt := range tests {
		got, _, ok := firstOfKind(tt.text, cellPhone)
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("firstOfKind(%q, phone) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
