package solve

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/retrieval"
)

type panicRetriever struct{}

func (panicRetriever) Search(context.Context, retrieval.Query) ([]retrieval.Hit, error) {
	panic("index exploded")
}

// A panic inside a solver becomes the problem's error and an empty answer,
// and the log names the problem and holds the stack where it happened.
func TestSolvePanicLogsProblemAndStack(t *testing.T) {
	var buf bytes.Buffer
	s := &Solver{Retriever: panicRetriever{}, Docs: fakeDocs{}, Logger: slog.New(slog.NewTextHandler(&buf, nil))}
	p := dataset.Problem{ProblemNo: "p-77", TaskNo: "4", Question: "생활숲은 몇 개소인가?"}
	ans, err := s.Solve(context.Background(), p)
	if err == nil || !strings.Contains(err.Error(), "p-77") || !strings.Contains(err.Error(), "index exploded") {
		t.Fatalf("err = %v", err)
	}
	if v, ok := ans.Value.(string); !ok || v != "" || ans.Evidence == nil {
		t.Errorf("answer = %#v, want the empty task-4 answer", ans)
	}
	log := buf.String()
	for _, want := range []string{"solver panic", "problem_no=p-77", "생활숲은", "index exploded", "panicRetriever.Search", "panic_test.go"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}
