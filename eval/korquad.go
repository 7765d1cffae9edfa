package eval

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"slices"
	"time"
)

// Dataset is a KorQuAD 1.0 (SQuAD v1.1 format) file.
type Dataset struct {
	Version string    `json:"version"`
	Data    []Article `json:"data"`
}

// Article is one titled document with its paragraphs.
type Article struct {
	Title      string      `json:"title"`
	Paragraphs []Paragraph `json:"paragraphs"`
}

// Paragraph is a context and the questions asked about it.
type Paragraph struct {
	Context string `json:"context"`
	QAs     []QA   `json:"qas"`
}

// QA is one question with its gold answers.
type QA struct {
	ID       string   `json:"id"`
	Question string   `json:"question"`
	Answers  []Answer `json:"answers"`
}

// Answer is a gold answer: Text starts at character (code point) offset
// AnswerStart of the paragraph's context.
type Answer struct {
	Text        string `json:"text"`
	AnswerStart int    `json:"answer_start"`
}

// ErrFormat means the input is not a KorQuAD 1.0 style file.
var ErrFormat = errors.New("eval: not a KorQuAD/SQuAD v1 file")

// ReadDataset decodes a KorQuAD 1.0 file.
func ReadDataset(r io.Reader) (*Dataset, error) {
	var d Dataset
	if err := json.NewDecoder(r).Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFormat, err)
	}
	if d.Data == nil {
		return nil, fmt.Errorf("%w: no \"data\" array", ErrFormat)
	}
	return &d, nil
}

// ReadDatasetFile opens and decodes path.
func ReadDatasetFile(path string) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	d, err := ReadDataset(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Split selects articles by the fixed rule in the package doc.
type Split int

// Splits.
const (
	// SplitAll is every article.
	SplitAll Split = iota
	// SplitTrain is the 80% of articles used for training.
	SplitTrain
	// SplitHeldout is every fifth article by sorted title (20%).
	SplitHeldout
)

// ParseSplit parses "all", "train" or "heldout".
func ParseSplit(s string) (Split, error) {
	switch s {
	case "all":
		return SplitAll, nil
	case "train":
		return SplitTrain, nil
	case "heldout":
		return SplitHeldout, nil
	}
	return 0, fmt.Errorf("eval: unknown split %q (want all, train or heldout)", s)
}

// String returns the name ParseSplit accepts.
func (s Split) String() string {
	switch s {
	case SplitAll:
		return "all"
	case SplitTrain:
		return "train"
	case SplitHeldout:
		return "heldout"
	}
	return fmt.Sprintf("Split(%d)", int(s))
}

// Select returns the articles of the split: titles sorted (ties keep file
// order), the article at sorted position i held out when i%5 == 4.
func Select(articles []Article, s Split) []Article {
	sorted := slices.Clone(articles)
	slices.SortStableFunc(sorted, func(a, b Article) int { return cmp.Compare(a.Title, b.Title) })
	if s == SplitAll {
		return sorted
	}
	var out []Article
	for i, a := range sorted {
		if (i%5 == 4) == (s == SplitHeldout) {
			out = append(out, a)
		}
	}
	return out
}

// Predictor answers a question from one paragraph.
type Predictor interface {
	Predict(ctx context.Context, question, context string) (string, error)
}

// PredictorFunc adapts a function to Predictor.
type PredictorFunc func(ctx context.Context, question, context string) (string, error)

// Predict implements Predictor.
func (f PredictorFunc) Predict(ctx context.Context, question, context string) (string, error) {
	return f(ctx, question, context)
}

// Result is the score of a run: EM and F1 in percent over Questions.
type Result struct {
	EM        float64 `json:"em"`
	F1        float64 `json:"f1"`
	Questions int     `json:"questions"`
	Articles  int     `json:"articles"`
	Split     string  `json:"split,omitempty"`
	Predictor string  `json:"predictor,omitempty"`
	Seconds   float64 `json:"seconds"`
}

// Options tune Evaluate.
type Options struct {
	// Limit stops after this many questions (0: all). Questions are taken
	// in article order, so a limit scores a prefix of the split.
	Limit int
	// Logger receives progress records every ProgressEvery questions; nil
	// discards.
	Logger *slog.Logger
	// ProgressEvery defaults to 500.
	ProgressEvery int
}

// Evaluate asks p every question of articles and scores the answers. A
// predictor error stops the run and is returned with the question's id.
func Evaluate(ctx context.Context, articles []Article, p Predictor, opts Options) (Result, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	every := opts.ProgressEvery
	if every <= 0 {
		every = 500
	}
	start := time.Now()
	var res Result
	var emSum, f1Sum float64
	golds := make([]string, 0, 4)
done:
	for _, a := range articles {
		res.Articles++
		for _, para := range a.Paragraphs {
			for _, qa := range para.QAs {
				if opts.Limit > 0 && res.Questions >= opts.Limit {
					break done
				}
				if err := ctx.Err(); err != nil {
					return res, fmt.Errorf("eval: %w", err)
				}
				pred, err := p.Predict(ctx, qa.Question, para.Context)
				if err != nil {
					return res, fmt.Errorf("eval: question %s: %w", qa.ID, err)
				}
				golds = golds[:0]
				for _, g := range qa.Answers {
					golds = append(golds, g.Text)
				}
				em, f1 := Score(pred, golds)
				emSum += em
				f1Sum += f1
				res.Questions++
				if res.Questions%every == 0 {
					log.Info("eval progress", "questions", res.Questions,
						"em", 100*emSum/float64(res.Questions), "f1", 100*f1Sum/float64(res.Questions))
				}
			}
		}
	}
	if res.Questions > 0 {
		res.EM = 100 * emSum / float64(res.Questions)
		res.F1 = 100 * f1Sum / float64(res.Questions)
	}
	res.Seconds = time.Since(start).Seconds()
	return res, nil
}
