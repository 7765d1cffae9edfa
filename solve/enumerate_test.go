package solve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestSentenceItems: a sentence that lists items gives them in order,
// without the words that lead in and the particles that join them (kind 5
// of issue 19).
func TestSentenceItems(t *testing.T) {
	tests := []struct{ sent, want string }{
		{"조사단은 지연 원인으로 인력 부족, 예산 삭감, 절차 중복, 시스템 노후를 들었다.", "인력 부족|예산 삭감|절차 중복|시스템 노후"},
		{"위원회는 높은 임대료, 긴 통근 시간 및 돌봄 부담을 주된 이유로 꼽았다.", "높은 임대료|긴 통근 시간|돌봄 부담"},
		{"지원 대상은 청년, 신혼부부, 고령자 등이다.", "청년|신혼부부|고령자"},
		{"‘안전’, ‘신뢰’, ‘혁신’이라는 세 가치를 내세웠다.", "안전|신뢰|혁신"},
		{"이 사업은 올해 시작되었다.", ""},
	}
	for _, tt := range tests {
		if got := strings.Join(sentenceItems(tt.sent), "|"); got != tt.want {
			t.Errorf("sentenceItems(%q) = %q, want %q", tt.sent, got, tt.want)
		}
	}
}

// TestLineItems: bulleted or numbered lines give one item each.
func TestLineItems(t *testing.T) {
	var ps []document.Passage
	for _, s := range []string{"추진 과제", "① 돌봄 인력 확충 : 2천 명 채용", "② 시설 개선 - 노후 시설 교체", "③ 지역 연계 강화", "향후 계획"} {
		ps = append(ps, document.Passage{Text: s, Kind: document.KindParagraph})
	}
	if got := strings.Join(lineItems(ps, 1, 10), "|"); got != "돌봄 인력 확충|시설 개선|지역 연계 강화" {
		t.Errorf("lineItems = %q", got)
	}
}

// TestEnumerations: a "N가지는 무엇인가" question and a form of blank rows
// get the listed items in order, one per row.
func TestEnumerations(t *testing.T) {
	doc := &document.Document{ID: "e1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "조사단은 공사 지연 원인으로 인력 부족, 예산 삭감, 절차 중복, 시스템 노후를 들었다."},
		{Kind: document.KindParagraph, Text: "공사는 2년 늦어졌다."},
		{Kind: document.KindParagraph, Text: "향후 추진 과제"},
		{Kind: document.KindParagraph, Text: "① 돌봄 인력 확충 : 2천 명 채용"},
		{Kind: document.KindParagraph, Text: "② 시설 개선 - 노후 시설 교체"},
		{Kind: document.KindParagraph, Text: "③ 지역 연계 강화"},
	}}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: fakeDocs{"e1": doc}}
	ctx := context.Background()
	ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: "조사단이 꼽은 공사 지연 원인 네 가지는 무엇인가?"})
	if err != nil || ans.Value != "인력 부족, 예산 삭감, 절차 중복, 시스템 노후" {
		t.Errorf("task 4 = %q (%v)", ans.Value, err)
	}
	for _, tt := range []struct{ q, form, want string }{
		{"조사단이 꼽은 공사 지연 원인은 무엇인가?", `[{"":""},{"":""},{"":""},{"":""}]`,
			`[{"":"인력 부족"},{"":"예산 삭감"},{"":"절차 중복"},{"":"시스템 노후"}]`},
		{"향후 추진 과제는 무엇인가?", `[{"과제":""},{"과제":""},{"과제":""}]`,
			`[{"과제":"돌봄 인력 확충"},{"과제":"시설 개선"},{"과제":"지역 연계 강화"}]`},
	} {
		var rows []dataset.FormRow
		if err := json.Unmarshal([]byte(tt.form), &rows); err != nil {
			t.Fatal(err)
		}
		ans, err := s.Solve(ctx, dataset.Problem{ProblemNo: "2", TaskNo: "2", DocFile: "e1", Question: tt.q, AnswerForm: rows})
		got, _ := json.Marshal(ans.Value)
		if err != nil || string(got) != tt.want {
			t.Errorf("%s = %s (%v), want %s", tt.q, got, err, tt.want)
		}
	}
}
