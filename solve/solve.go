package solve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/reader"
	"github.com/policyqa/policyqa/retrieval"
)

// Docs gives parsed documents by id.
type Docs interface {
	Document(ctx context.Context, id string) (*document.Document, error)
}

// Refs gives the blocks (tables, chart tables, caption text) of a ref file.
type Refs interface {
	Ref(ctx context.Context, id string) ([]document.Block, error)
}

// Reader is the extractive reader's boundary (see package reader).
type Reader interface {
	Answer(ctx context.Context, question string, passages []string, k int) ([]reader.Span, error)
}

// Evidence points at the passage an answer came from.
type Evidence struct {
	DocFile   string `json:"doc_file"`
	Page      int    `json:"page,omitempty"`
	Section   string `json:"section,omitempty"`
	Paragraph string `json:"paragraph"`
	// Kind is the kind of block the passage comes from (paragraph, table,
	// figure …), "" when unknown. Not part of the answer message.
	Kind document.Kind `json:"-"`
	// PassageID and Ordinal name the indexed passage ("<doc>#<ordinal>"),
	// PassageID "" for a table read whole from its block. Not part of the
	// answer message.
	PassageID string `json:"-"`
	Ordinal   int    `json:"-"`
	// Note says how a computed value was derived from the cells it names
	// ("2023년 누계 1,200 − 2022년 누계 1,000"), "" otherwise. Not part of
	// the answer message.
	Note string `json:"-"`
}

// Answer is a solved problem, one shape per task. Which fields go into
// the answer message is the answer's business (Wire), not its callers'.
type Answer struct {
	// Task is the task number the answer is for (dataset.TaskParagraphs
	// ... dataset.TaskCollection), 0 for an unknown task. Solve and Empty
	// set it.
	Task int
	// Value is the JSON answer: []RankedParagraph (task 1), []dataset.FormRow
	// (task 2), string (tasks 3 and 4).
	Value any
	// Evidence lists supporting passages, best first (sent for task 4).
	Evidence []Evidence
	// Score is the solver's confidence in [0,1] where it has one.
	Score float64
}

// Wire returns the values of the answer message's "answer" and
// "evidence" fields: evidence is sent for task 4 only, [] when there is
// none, and is nil for the other tasks.
func (a Answer) Wire() (answer, evidence any) {
	if a.Task != dataset.TaskCollection {
		return a.Value, nil
	}
	if a.Evidence == nil {
		return a.Value, []Evidence{}
	}
	return a.Value, a.Evidence
}

// RankedParagraph is one task-1 result.
type RankedParagraph struct {
	Rank      string `json:"rank"`
	Paragraph string `json:"paragraph"`
}

// Solver answers problems. Docs is required; Retriever (ErrNoIndex
// without it for the problems that need it), Refs and Reader are optional.
type Solver struct {
	Retriever retrieval.Retriever
	Docs      Docs
	Refs      Refs
	Reader    Reader
	Logger    *slog.Logger
}

// ErrUnknownTask is returned for task numbers outside 1-4.
var ErrUnknownTask = errors.New("unknown task")

// ErrNoIndex is returned (wrapped) for a problem that needs retrieval when
// the Solver has no Retriever; problems that need none (task 3 over a
// ref_file) are still answered.
var ErrNoIndex = errors.New("no index")

// search runs q on the retriever, or fails with ErrNoIndex without one.
func (s *Solver) search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	if s.Retriever == nil {
		return nil, ErrNoIndex
	}
	return s.Retriever.Search(ctx, q)
}

// Empty returns the well-formed empty answer of a problem's task, sent when
// solving fails so that every problem still gets a message.
func Empty(p dataset.Problem) Answer {
	task := p.Task()
	switch task {
	case dataset.TaskParagraphs:
		return Answer{Task: task, Value: []RankedParagraph{}}
	case dataset.TaskForm:
		rows := make([]dataset.FormRow, len(p.AnswerForm))
		for i, r := range p.AnswerForm {
			rows[i] = r.Clone()
		}
		return Answer{Task: task, Value: rows}
	case dataset.TaskCollection:
		return Answer{Task: task, Value: "", Evidence: []Evidence{}}
	default:
		return Answer{Task: task, Value: ""}
	}
}

// Solve answers one problem.
func (s *Solver) Solve(ctx context.Context, p dataset.Problem) (ans Answer, err error) {
	defer func() { ans.Task = p.Task() }() // last: after a recovered panic too
	defer func() {
		if r := recover(); r != nil {
			s.logger().Error("solver panic", "problem_no", p.ProblemNo, "task_no", p.TaskNo, "doc_file", p.DocFile, "ref_file", p.RefFile,
				"question", p.Question, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			ans, err = Empty(p), fmt.Errorf("problem %s: solver panic: %v", p.ProblemNo, r)
		}
	}()
	switch p.Task() {
	case dataset.TaskParagraphs:
		return s.paragraphs(ctx, p)
	case dataset.TaskForm:
		return s.form(ctx, p)
	case dataset.TaskTable:
		return s.table(ctx, p)
	case dataset.TaskCollection:
		return s.collection(ctx, p)
	}
	return Empty(p), fmt.Errorf("problem %s: task_no %q: %w", p.ProblemNo, p.TaskNo, ErrUnknownTask)
}

func (s *Solver) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

func evidenceOf(p document.Passage) Evidence {
	return Evidence{DocFile: p.DocID, Page: p.Page, Section: p.Section, Paragraph: p.Text, Kind: p.Kind, PassageID: p.ID, Ordinal: p.Ordinal}
}
