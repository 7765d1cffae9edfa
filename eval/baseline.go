package eval

import (
	"context"

	"github.com/policyqa/policyqa/extract"
)

// BaselineMode picks what Baseline answers with.
type BaselineMode int

// Baseline modes.
const (
	// BaselineSentence answers with the whole sentence of the paragraph
	// that shares the most character bigrams with the question.
	BaselineSentence BaselineMode = iota
	// BaselineSpan answers with up to MaxWords words of that sentence that
	// do not occur in the question, next to the words that do (answers
	// tend to sit beside the question's words).
	BaselineSpan
	// BaselineExtract answers with extract.Span: what `policyqa serve`
	// answers without a reader.
	BaselineExtract
)

// Baseline is a reader-less Predictor: the number a trained reader has to
// beat.
type Baseline struct {
	Mode BaselineMode
	// MaxWords caps BaselineSpan answers; 0 means 2.
	MaxWords int
}

// Predict implements Predictor with package extract: the sentence
// extract.Sentence picks, or the words extract.NearQuestion picks in it.
func (b Baseline) Predict(_ context.Context, question, context string) (string, error) {
	switch b.Mode {
	case BaselineSentence:
		s, e := extract.Sentence(question, context)
		return context[s:e], nil
	case BaselineExtract:
		s, e := extract.Span(question, context)
		return context[s:e], nil
	}
	return extract.NearQuestion(question, context, b.MaxWords), nil
}
