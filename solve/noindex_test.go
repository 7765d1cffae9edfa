package solve

import (
	"context"
	"errors"
	"testing"

	"github.com/policyqa/policyqa/dataset"
)

// TestSolveWithoutIndex: without a retriever, a problem that needs none
// (task 3 over a ref file) is answered and the others fail with
// ErrNoIndex and their empty answer.
func TestSolveWithoutIndex(t *testing.T) {
	s := testSolver()
	s.Retriever = nil
	ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "4", TaskNo: "3", RefFile: "t1", Question: "수종별 효과 비교에서 소나무의 연간 흡착량(g/그루)은 ?"})
	if err != nil || ans.Value != "141" {
		t.Errorf("task 3 over a ref: %v, %v", ans.Value, err)
	}
	for _, p := range []dataset.Problem{
		{ProblemNo: "1", TaskNo: "1", DocFile: "r1", Question: "도시숲은 몇 개소인가?"},
		{ProblemNo: "2", TaskNo: "4", Question: "도시숲은 몇 개소인가?"},
		{ProblemNo: "3", TaskNo: "3", DocFile: "r1", Question: "수도권 예산은?"},
	} {
		ans, err := s.Solve(context.Background(), p)
		if !errors.Is(err, ErrNoIndex) {
			t.Errorf("problem %s: err = %v, want ErrNoIndex", p.ProblemNo, err)
		}
		if v, _ := ans.Wire(); v == nil {
			t.Errorf("problem %s: no answer value", p.ProblemNo)
		}
	}
}
