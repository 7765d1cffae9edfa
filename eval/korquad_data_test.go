package eval

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// korquadDev is the shared KorQuAD 1.0 dev file, read at run time only.
var korquadDev = filepath.Join("..", "..", "shared", "data", "korquad", "KorQuAD_v1.0_dev.json")

func loadDev(tb testing.TB) *Dataset {
	tb.Helper()
	if _, err := os.Stat(korquadDev); err != nil {
		tb.Skipf("KorQuAD dev not available: %v", err)
	}
	d, err := ReadDatasetFile(korquadDev)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

func TestKorQuADDev(t *testing.T) {
	d := loadDev(t)
	all := Select(d.Data, SplitAll)
	held := Select(d.Data, SplitHeldout)
	train := Select(d.Data, SplitTrain)
	if len(held)+len(train) != len(all) || len(held) != len(all)/5 {
		t.Errorf("split sizes: all %d train %d heldout %d", len(all), len(train), len(held))
	}
	// Gold answers score 100 (handed out in Evaluate's visiting order:
	// some questions and even paragraphs repeat across articles), and
	// every gold answer sits at its offset.
	var golds []string
	for _, a := range all {
		for _, p := range a.Paragraphs {
			for _, qa := range p.QAs {
				golds = append(golds, qa.Answers[0].Text)
			}
		}
	}
	next := 0
	res, err := Evaluate(context.Background(), all, PredictorFunc(func(context.Context, string, string) (string, error) {
		next++
		return golds[next-1], nil
	}), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.EM != 100 || res.F1 != 100 {
		t.Errorf("gold answers score em %v f1 %v", res.EM, res.F1)
	}
	for _, a := range all {
		for _, p := range a.Paragraphs {
			ctx := []rune(p.Context)
			for _, qa := range p.QAs {
				for _, g := range qa.Answers {
					n := len([]rune(g.Text))
					if g.AnswerStart < 0 || g.AnswerStart+n > len(ctx) || string(ctx[g.AnswerStart:g.AnswerStart+n]) != g.Text {
						t.Errorf("%s: answer %q not at %d", qa.ID, g.Text, g.AnswerStart)
					}
				}
			}
		}
	}
	t.Logf("articles %d (train %d, heldout %d), questions %d", len(all), len(train), len(held), res.Questions)
}

// BenchmarkBaselineKorQuAD reports the reader-less baselines' EM and F1 on
// the held-out articles (the figures a reader must beat).
func BenchmarkBaselineKorQuAD(b *testing.B) {
	d := loadDev(b)
	held := Select(d.Data, SplitHeldout)
	for _, bl := range []struct {
		name string
		p    Baseline
	}{{"sentence", Baseline{Mode: BaselineSentence}}, {"span", Baseline{Mode: BaselineSpan}}} {
		b.Run(bl.name, func(b *testing.B) {
			var res Result
			for b.Loop() {
				var err error
				if res, err = Evaluate(context.Background(), held, bl.p, Options{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(res.EM, "em")
			b.ReportMetric(res.F1, "f1")
			b.ReportMetric(float64(res.Questions), "questions")
		})
	}
}
