package bench

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/policyqa/policyqa/document"
)

// Question is a benchmark query with its one relevant passage.
type Question struct {
	ID   string
	Text string
	Gold string // passage ID
	// Doc is the gold passage's document (the KorQuAD article), which
	// Config.WithinDoc searches.
	Doc string
}

// TestCollection is a set of passages and questions over them, each with its
// gold passage (an IR test collection).
type TestCollection struct {
	Passages  []document.Passage
	Questions []Question
}

type squad struct {
	Data []struct {
		Title      string `json:"title"`
		Paragraphs []struct {
			Context string `json:"context"`
			QAs     []struct {
				ID       string `json:"id"`
				Question string `json:"question"`
			} `json:"qas"`
		} `json:"paragraphs"`
	} `json:"data"`
}

// LoadKorQuAD reads a KorQuAD 1.0 (SQuAD-format) file: one passage per
// paragraph (DocID "kq<article>", Section the article title), one
// question per QA.
func LoadKorQuAD(path string) (*TestCollection, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	return ParseKorQuAD(b)
}

// ParseKorQuAD parses KorQuAD JSON; see LoadKorQuAD.
func ParseKorQuAD(b []byte) (*TestCollection, error) {
	var s squad
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("bench: korquad json: %w", err)
	}
	c := &TestCollection{}
	for ai, a := range s.Data {
		docID := fmt.Sprintf("kq%03d", ai)
		for pi, p := range a.Paragraphs {
			pid := document.PassageID(docID, pi)
			c.Passages = append(c.Passages, document.Passage{
				ID:      pid,
				DocID:   docID,
				Ordinal: pi,
				Kind:    document.KindParagraph,
				Section: a.Title,
				Text:    document.NormalizeSpace(p.Context),
			})
			for _, qa := range p.QAs {
				c.Questions = append(c.Questions, Question{ID: qa.ID, Text: qa.Question, Gold: pid, Doc: docID})
			}
		}
	}
	if len(c.Passages) == 0 {
		return nil, fmt.Errorf("bench: korquad: no paragraphs")
	}
	return c, nil
}
