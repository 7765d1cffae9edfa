package eval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func loadMini(t *testing.T) *Dataset {
	t.Helper()
	d, err := ReadDatasetFile(filepath.Join("testdata", "mini_korquad.json"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func titles(arts []Article) []string {
	var out []string
	for _, a := range arts {
		out = append(out, a.Title)
	}
	return out
}

func TestSelect(t *testing.T) {
	var arts []Article
	for _, i := range []int{7, 2, 9, 0, 11, 4, 1, 10, 3, 8, 6, 5} {
		arts = append(arts, Article{Title: fmt.Sprintf("t%02d", i)})
	}
	tests := []struct {
		split Split
		want  []string
	}{
		{SplitHeldout, []string{"t04", "t09"}},
		{SplitTrain, []string{"t00", "t01", "t02", "t03", "t05", "t06", "t07", "t08", "t10", "t11"}},
		{SplitAll, []string{"t00", "t01", "t02", "t03", "t04", "t05", "t06", "t07", "t08", "t09", "t10", "t11"}},
	}
	for _, tt := range tests {
		t.Run(tt.split.String(), func(t *testing.T) {
			if got := titles(Select(arts, tt.split)); !slices.Equal(got, tt.want) {
				t.Errorf("Select(%v) = %v, want %v", tt.split, got, tt.want)
			}
		})
	}
	if arts[0].Title != "t07" {
		t.Error("Select reordered its input")
	}
}

func TestSelectFixture(t *testing.T) {
	d := loadMini(t)
	// Hangul sorts by code point: 가 < 나 < 다 < 라 < 한.
	if got := titles(Select(d.Data, SplitHeldout)); !slices.Equal(got, []string{"한빛시 청년 주거"}) {
		t.Errorf("heldout = %v", got)
	}
	if got := len(Select(d.Data, SplitTrain)); got != 4 {
		t.Errorf("train has %d articles, want 4", got)
	}
}

func TestParseSplit(t *testing.T) {
	for _, s := range []Split{SplitAll, SplitTrain, SplitHeldout} {
		got, err := ParseSplit(s.String())
		if err != nil || got != s {
			t.Errorf("ParseSplit(%q) = %v, %v", s.String(), got, err)
		}
	}
	if _, err := ParseSplit("test"); err == nil {
		t.Error("ParseSplit(test): no error")
	}
}

func TestReadDatasetErrors(t *testing.T) {
	for _, in := range []string{"", "[]", "{", `{"version":"x"}`, `{"data": 3}`} {
		if _, err := ReadDataset(strings.NewReader(in)); !errors.Is(err, ErrFormat) {
			t.Errorf("ReadDataset(%q) = %v, want ErrFormat", in, err)
		}
	}
	if _, err := ReadDatasetFile(filepath.Join(t.TempDir(), "missing.json")); err == nil {
		t.Error("missing file: no error")
	}
}

// goldPredictor answers every question with its first gold answer, looked
// up by question text.
type goldPredictor map[string]string

func (g goldPredictor) Predict(_ context.Context, q, _ string) (string, error) { return g[q], nil }

func goldOf(d *Dataset) goldPredictor {
	g := goldPredictor{}
	for _, a := range d.Data {
		for _, p := range a.Paragraphs {
			for _, qa := range p.QAs {
				g[qa.Question] = qa.Answers[0].Text
			}
		}
	}
	return g
}

func TestEvaluate(t *testing.T) {
	d := loadMini(t)
	half := goldOf(d)
	// m2's prediction matches its second gold exactly; m3 gets a partial
	// answer "120" vs "120개": P=1, R=3/4, F1=6/7; m5 is wrong.
	half["무주택 청년에게 매달 지원하는 임차료는?"] = "20만 원"
	half["스마트 교실 사업은 몇 개 학교에 전자칠판을 보급하나?"] = "120"
	half["농촌 지역의 평균 이동 시간은?"] = "12분"
	tests := []struct {
		name      string
		p         Predictor
		split     Split
		limit     int
		em, f1    float64
		questions int
	}{
		{"gold answers", goldOf(d), SplitAll, 0, 100, 100, 7},
		{"empty answers", PredictorFunc(func(context.Context, string, string) (string, error) { return "", nil }), SplitAll, 0, 0, 0, 7},
		// 7 questions: 5 exact, one 6/7, one 2/3 (F1 of "12분" vs "41분":
		// 1 and 분 shared of 3 chars each, P=R=2/3).
		{"mixed", half, SplitAll, 0, 100 * 5.0 / 7, 100 * (5 + 6.0/7 + 2.0/3) / 7, 7},
		{"heldout only", goldOf(d), SplitHeldout, 0, 100, 100, 2},
		{"limit", goldOf(d), SplitAll, 3, 100, 100, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Evaluate(context.Background(), Select(d.Data, tt.split), tt.p, Options{Limit: tt.limit})
			if err != nil {
				t.Fatal(err)
			}
			if res.Questions != tt.questions || math.Abs(res.EM-tt.em) > 1e-9 || math.Abs(res.F1-tt.f1) > 1e-9 {
				t.Errorf("got em %v f1 %v questions %d, want %v %v %d", res.EM, res.F1, res.Questions, tt.em, tt.f1, tt.questions)
			}
		})
	}
}

func TestEvaluateErrors(t *testing.T) {
	d := loadMini(t)
	boom := errors.New("boom")
	_, err := Evaluate(context.Background(), d.Data, PredictorFunc(func(context.Context, string, string) (string, error) {
		return "", boom
	}), Options{})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "question m") {
		t.Errorf("predictor error = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Evaluate(ctx, d.Data, goldOf(d), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled = %v", err)
	}
}

func FuzzReadDataset(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("testdata", "mini_korquad.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`{"data":[{"title":"a","paragraphs":[{"context":"","qas":[{"id":"1","question":"","answers":[]}]}]}]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		d, err := ReadDataset(bytes.NewReader(in))
		if err != nil {
			return
		}
		n := 0
		for _, s := range []Split{SplitTrain, SplitHeldout} {
			n += len(Select(d.Data, s))
		}
		if n != len(d.Data) {
			t.Fatalf("train+heldout = %d articles, want %d", n, len(d.Data))
		}
		b := Baseline{Mode: BaselineSpan}
		if _, err := Evaluate(context.Background(), d.Data, b, Options{}); err != nil {
			t.Fatal(err)
		}
	})
}
