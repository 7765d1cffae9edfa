package retrieval

import (
	"fmt"

	"github.com/policyqa/policyqa/retrieval/korean"
)

// TermAnalyzer turns text into the index terms of one of Analyzers(),
// outside bleve, so that another backend (package retrieval/opensearch)
// indexes and queries exactly the terms this package's index does. It is
// safe for concurrent use.
type TermAnalyzer struct {
	name string
	tok  *korean.Tokenizer
}

// NewTermAnalyzer returns the analyzer named name ("" means
// DefaultAnalyzer). Analyzers with morphemes load the dictionary (once per
// process, by kagome-dict-ko).
func NewTermAnalyzer(name string) (*TermAnalyzer, error) {
	name, err := analyzerName(name)
	if err != nil {
		return nil, err
	}
	mode, err := korean.ParseMode(name)
	if err != nil {
		return nil, fmt.Errorf("retrieval: analyzer: %w", err)
	}
	var m *korean.Morphology
	if mode.NeedsMorphology() {
		if m, err = korean.NewMorphology(); err != nil {
			return nil, fmt.Errorf("retrieval: analyzer %s: %w", name, err)
		}
	}
	tok, err := korean.NewTokenizer(mode, m)
	if err != nil {
		return nil, fmt.Errorf("retrieval: analyzer %s: %w", name, err)
	}
	return &TermAnalyzer{name: name, tok: tok}, nil
}

// Name is the analyzer's name (one of Analyzers()).
func (a *TermAnalyzer) Name() string { return a.name }

// Terms returns the index terms of text in order, repeats included: what
// the bleve index stores for a passage's text or section field.
func (a *TermAnalyzer) Terms(text string) []string {
	toks := a.tok.Terms(text)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.Term
	}
	return out
}

// QueryTerm is a distinct query term and how often the query holds it
// (BM25's query term frequency).
type QueryTerm struct {
	Term string
	QTF  int
}

// QueryTerms analyses a question as Index.Search does: interrogatives
// dropped (korean.NormalizeQuestion) unless keepInterrogatives, then
// distinct terms in first-seen order with their counts.
func (a *TermAnalyzer) QueryTerms(question string, keepInterrogatives bool) []QueryTerm {
	if !keepInterrogatives {
		question = korean.NormalizeQuestion(question)
	}
	idx := map[string]int{}
	var out []QueryTerm
	for _, t := range a.tok.Terms(question) {
		if i, ok := idx[t.Term]; ok {
			out[i].QTF++
			continue
		}
		idx[t.Term] = len(out)
		out = append(out, QueryTerm{Term: t.Term, QTF: 1})
	}
	return out
}
