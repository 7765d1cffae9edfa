package solve

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/numbers"
)

// Query is one free question (serve's POST /api/v1/ask). It is answered
// by the same code as a task-4 problem (a ref file's question by task 3's),
// so a question answered here and in a run gets the same answer.
type Query struct {
	Question string
	// DocIDs restricts retrieval to these documents; nil searches the
	// whole collection.
	DocIDs []string
	// RefFile answers from one ref file's table or chart (task 3) instead.
	RefFile string
}

// Expected is what a question's wording says its answer is: the kind of
// value its interrogative and nouns ask for (see expect).
type Expected struct {
	// Kind is one of "amount" (money: 얼마 with a money noun, or a 원
	// unit), "count" (몇 + counter: 명, 개, 곳, 건 …), "ratio" (%, 율,
	// 비중), "duration" (며칠, 몇 개월, 몇 년간), "quantity" (another
	// number), "date" (언제, 몇 년도, 시기), "place" (어디), "address"
	// (주소, 소재지), "person" (누구, 성명: a person or a body), "thing"
	// (무엇, 어떤), "list" (every item of a breakdown: 유형별, 각각),
	// "items" (N가지는 무엇인가) or "unknown".
	Kind string `json:"kind"`
	// Unit is the canonical unit asked ("원", "명", "일", "%"), "" when
	// the question names none.
	Unit string `json:"unit,omitempty"`
	// Periods are the dates the question names, as written ("’24년 6월").
	Periods []string `json:"periods,omitempty"`
	// Count is N of "N가지", 0 when not said.
	Count int `json:"count,omitempty"`
}

// Result is the answer to a Query.
type Result struct {
	// Answer is the value, "" when no passage holds one of the kind asked.
	Answer   string
	Expected Expected
	// Evidence lists the passages used, best first; when Answer is empty,
	// the best passages found.
	Evidence []Evidence
	// Score is the solver's confidence in [0,1].
	Score float64
	// Note says why Answer is empty ("" when it is not).
	Note string
}

// durationUnits are units that measure a length of time.
var durationUnits = map[string]bool{"일": true, "개월": true, "년": true, "주": true, "시간": true, "분": true, "초": true}

// expected describes what question asks for, as Expected.
func expected(question string) Expected {
	in := analyse(question)
	e := in.Expect
	out := Expected{Kind: e.Kind.String(), Unit: e.Unit, Count: e.Count}
	for _, p := range e.Periods {
		out.Periods = append(out.Periods, p.Text)
	}
	if e.Kind == kindQuantity {
		switch {
		case e.Money || e.Unit == "원":
			out.Kind, out.Unit = "amount", "원"
		case e.Unit == "%":
			out.Kind = "ratio"
		case durationUnits[e.Unit]:
			out.Kind = "duration"
		case e.Unit != "":
			if u, ok := numbers.ParseUnit(e.Unit); ok && u.Base == "원" {
				out.Kind = "amount"
			} else {
				out.Kind = "count"
			}
		}
	}
	switch {
	case e.Count > 0 && in.Type == typeName:
		out.Kind = "items"
	case in.Type == typeList:
		out.Kind = "list"
	}
	return out
}

// Ask answers a free question: over RefFile the way task 3 answers, else
// over the collection (or DocIDs) the way task 4 answers: the question's
// kind of value decides what may answer, and a question whose kind no
// passage holds gets an empty Answer, a Note saying so and the best
// passages as Evidence. Errors are retrieval or ref-file failures
// (ErrNoIndex without a retriever; a ref file that cannot be read).
func (s *Solver) Ask(ctx context.Context, q Query) (Result, error) {
	question := strings.TrimSpace(q.Question)
	res := Result{Expected: expected(question), Evidence: []Evidence{}}
	var ans Answer
	var err error
	if q.RefFile != "" {
		ans, err = s.table(ctx, dataset.Problem{ProblemNo: "ask", TaskNo: "3", RefFile: q.RefFile, Question: question})
		if errors.Is(err, errNoCell) {
			err = nil // the ref was read; nothing in it answers
		}
	} else {
		ans, err = s.collectionIn(ctx, question, q.DocIDs)
	}
	if err != nil {
		return res, err
	}
	if err := ctx.Err(); err != nil {
		// Parts of the work (the reader) gave up: not an answer to trust.
		return res, err
	}
	res.Answer, _ = ans.Value.(string)
	res.Score = ans.Score
	if ans.Evidence != nil {
		res.Evidence = ans.Evidence
	}
	if res.Answer == "" {
		res.Note = notFoundNote(res.Expected, len(res.Evidence) > 0)
	}
	return res, nil
}

// notFoundNote says why a question got no answer.
func notFoundNote(e Expected, anyPassage bool) string {
	if !anyPassage {
		return "no passage matches the question"
	}
	what := "an answer"
	switch {
	case e.Kind == "unknown":
	case e.Unit != "":
		what = fmt.Sprintf("a %s in %s", e.Kind, e.Unit)
	default:
		what = "a " + e.Kind
	}
	return fmt.Sprintf("no passage found holds %s for the question; the evidence lists the best passages", what)
}
