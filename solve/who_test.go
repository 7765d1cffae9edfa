package solve

import (
	"fmt"
	"testing"

	"github.com/policyqa/policyqa/document"
)

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

// TestAddresseeAsked: "누구 앞으로 제출하는가", "누구에게 내야 하나",
// "어디에 제출하나", "어느 기관에 보내는가" ask a form's addressee like
// "수신자는" does: the "… 귀하" / "… 귀중" line answers, also when the
// signature shares its line; other asks about a form are not it.
func TestAddresseeAsked(t *testing.T) {
	asks := []struct {
		q    string
		want bool
	}{
		{"이 동의서는 누구 앞으로 제출하는가?", true},
		{"신청서는 누구에게 내야 하나?", true},
		{"확인서를 어디에 제출하나요?", true},
		{"보고서는 어느 기관에 보내는가?", true},
		{"이 서식의 제출처는?", true},
		{"이 동의서는 누구 앞으로 내는가?", true},
		{"신청서는 누구에게 내나요?", true},
		{"서류는 누구에게 내는지 쓰시오", true},
		{"세금은 누가 내는가?", false},
		{"신청서는 누가 작성하는가?", false},
		{"신청서는 언제까지 제출하는가?", false},
		{"누구나 낼 수 있는 서류는 무엇인가?", false},
		{"사업비는 어디에 쓰는가?", false},
	}
	for _, tt := range asks {
		if got := asksAddressee(tt.q); got != tt.want {
			t.Errorf("asksAddressee(%q) = %v, want %v", tt.q, got, tt.want)
		}
	}
	forms := []struct{ text, question, want string }{
		{"위와 같이 동의합니다.\n2025년 월 일\n동의인 (서명)\n다온시 복지정책과장 귀하", "이 동의서는 누구 앞으로 제출하는가?", "다온시 복지정책과장"},
		{"위와 같이 신청합니다.\n신청인 김다온 (서명 또는 인) 가람구청장 귀하", "이 신청서는 누구에게 내야 하나?", "가람구청장"},
		{"위 사실을 확인합니다.\n나래재단 귀중", "확인서는 어디에 제출하나?", "나래재단"},
		{"위와 같이 동의합니다.\n다온시 복지정책과장 귀하", "이 동의서는 누가 작성하는가?", ""},
	}
	for _, tt := range forms {
		if got, _ := textAnswer(tt.text, analyse(tt.question), ""); got != tt.want {
			t.Errorf("%s over %q = %q, want %q", tt.question, tt.text, got, tt.want)
		}
	}
}

// TestAddresseeInCollection: over a collection, the address line of the
// form a question names answers "누구 앞으로 제출하는가" / "어디에
// 제출하는가", though that short line does not rank and a passage of
// another document that mentions 제출 ranks above the form's title.
func TestAddresseeInCollection(t *testing.T) {
	p := func(text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: 1, Text: text}
	}
	form := &document.Document{ID: "f1", Blocks: []document.Block{
		p("청년주택 입주자 동의서"),
		p("본인은 가람 청년주택 입주자 선정에 필요한 정보 제공에 동의합니다."),
		p("동의인 성 명 : (서명)"),
		p("2025년 월 일"),
		p("나래주택공사 가람지역본부장 귀하"),
	}}
	other := &document.Document{ID: "o1", Blocks: []document.Block{
		p("청년주택 입주자가 제출하는 동의서의 보관 기간은 5년이며, 보관 장소는 본관 2층 기록실이다."),
	}}
	for i := range 12 {
		// More passages about the topic than the search returns: the
		// address line is not among the hits.
		other.Blocks = append(other.Blocks, p(fmt.Sprintf("작성 요령 %d: 동의서는 본인이 직접 작성한다.", i+1)))
	}
	docs := fakeDocs{"f1": form, "o1": other}
	ps := append(document.Passages(other), document.Passages(form)...)
	s := &Solver{Retriever: fakeIndex{ps: ps}, Docs: docs, Refs: docs}
	for _, q := range []string{
		"청년주택 입주자 동의서는 누구 앞으로 제출하는가?",
		"청년주택 입주자 동의서는 어디에 제출하는가?",
	} {
		checkNames(t, q, collectionValue(t, s, q), []string{"나래주택공사 가람지역본부장"}, []string{"기록실"})
	}
}
