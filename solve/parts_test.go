package solve

import (
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestSplitParts: a question that asks several values is cut into
// one-value questions, in the order asked (kind 4 of issue 19).
func TestSplitParts(t *testing.T) {
	tests := []struct {
		q    string
		want []string
	}{
		{"2025년 운영비, 인건비, 시설비 규모는 각각 얼마인가?",
			[]string{"2025년 운영비 규모는 얼마인가?", "2025년 인건비 규모는 얼마인가?", "2025년 시설비 규모는 얼마인가?"}},
		{"가입 조합의 수와 그중 우수 조합의 수는 각각 얼마인가?",
			[]string{"가입 조합의 수는 얼마인가?", "그중 우수 조합의 수는 얼마인가?"}},
		{"2020년 대비 2025년의 고용률과 실업률은 각각 얼마에서 얼마로 변하는가?",
			[]string{"2020년 대비 2025년의 고용률은 얼마에서 얼마로 변하는가?", "2020년 대비 2025년의 실업률은 얼마에서 얼마로 변하는가?"}},
		{"2023년 4월, 5월, 6월 평균 금리는 각각 얼마인가?",
			[]string{"2023년 4월 평균 금리는 얼마인가?", "2023년 5월 평균 금리는 얼마인가?", "2023년 6월 평균 금리는 얼마인가?"}},
		{"1분기와 2분기 수출액은 각각 얼마인가?",
			[]string{"1분기 수출액은 얼마인가?", "2분기 수출액은 얼마인가?"}},
		{"돌봄 교실은 몇 개 학교에서 시범 운영했으며, 전면 도입은 언제부터인가?",
			[]string{"돌봄 교실은 몇 개 학교에서 시범 운영했으며?", "전면 도입은 언제부터인가?"}},
		{"보조금 지급 한도는 얼마인가?", []string{"보조금 지급 한도는 얼마인가?"}},
		{"지원 단가는 얼마에서 얼마로 바뀌었나?", []string{"지원 단가는 얼마에서 얼마로 바뀌었나?"}},
		{"A구와 B구, C구 및 D구의 인구는 각각 몇 명인가?",
			[]string{"A구의 인구는 몇 명인가?", "B구의 인구는 몇 명인가?", "C구의 인구는 몇 명인가?", "D구의 인구는 몇 명인가?"}},
	}
	for _, tt := range tests {
		var got []string
		for _, p := range splitParts(tt.q) {
			got = append(got, p.Question)
		}
		if strings.Join(got, " | ") != strings.Join(tt.want, " | ") {
			t.Errorf("splitParts(%q)\n got %q\nwant %q", tt.q, got, tt.want)
		}
	}
}

// TestSeveralValues: each part is answered from its own clause or cell and
// the values come back in the order asked (kind 4).
func TestSeveralValues(t *testing.T) {
	doc := &document.Document{ID: "p1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "돌봄 교실은 올해 12개 학교에서 시범 운영했다."},
		{Kind: document.KindParagraph, Text: "돌봄 교실 전면 도입은 2027년 3월부터 추진한다."},
		{Kind: document.KindParagraph, Text: "가입 조합은 모두 340곳이며, 그중 우수 조합은 41곳이다."},
		{Kind: document.KindParagraph, Text: "월별 평균 금리는 4월 3.15%, 5월 3.30%, 6월 3.21%였다."},
	}}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: fakeDocs{"p1": doc}}
	tests := []struct{ q, want string }{
		{"돌봄 교실은 몇 개 학교에서 시범 운영했으며, 전면 도입은 언제부터인가?", "12개, 2027년 3월부터"},
		{"2023년 4월, 5월, 6월 평균 금리는 각각 얼마인가?", "3.15%, 3.30%, 3.21%"},
	}
	for _, tt := range tests {
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if ans.Value != tt.want {
			t.Errorf("%s = %q, want %q", tt.q, ans.Value, tt.want)
		}
	}
}
