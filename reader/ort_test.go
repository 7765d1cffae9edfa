//go:build ort

package reader

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// testLib finds libonnxruntime for tests: $ONNXRUNTIME_LIB, else the copy
// scripts/install-onnxruntime.sh makes at the repository root.
func testLib(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(LibEnv); p != "" {
		return p
	}
	p, err := filepath.Abs("../third_party/onnxruntime/lib/libonnxruntime.so")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Skipf("ONNX Runtime library not found (%v): run scripts/install-onnxruntime.sh or set %s", err, LibEnv)
	}
	return p
}

type refFile struct {
	Options struct {
		MaxLength         int `json:"max_length"`
		Stride            int `json:"stride"`
		MaxQuestionTokens int `json:"max_question_tokens"`
		MaxAnswerTokens   int `json:"max_answer_tokens"`
	} `json:"options"`
	K     int `json:"k"`
	Cases []struct {
		Name     string   `json:"name"`
		Question string   `json:"question"`
		Passages []string `json:"passages"`
		Windows  []struct {
			Passage      int       `json:"passage"`
			InputIDs     []int64   `json:"input_ids"`
			TokenTypeIDs []int64   `json:"token_type_ids"`
			StartLogits  []float64 `json:"start_logits"`
			EndLogits    []float64 `json:"end_logits"`
		} `json:"windows"`
		Spans []struct {
			Text    string  `json:"text"`
			Passage int     `json:"passage"`
			Start   int     `json:"start"`
			End     int     `json:"end"`
			Score   float64 `json:"score"`
			Null    float64 `json:"null"`
		} `json:"spans"`
	} `json:"cases"`
}

const logitTol = 1e-4

// TestParity checks the Go reader against reference.json, written by
// scripts/model/make_tiny.py from transformers (torch): the same windows,
// logits within 1e-4, the same top spans.
func TestParity(t *testing.T) {
	data, err := os.ReadFile("testdata/tiny/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref refFile
	if err := json.Unmarshal(data, &ref); err != nil {
		t.Fatal(err)
	}
	r, err := New(Options{ModelDir: "testdata/tiny", LibPath: testLib(t), IntraOpThreads: 1, BatchSize: 4,
		MaxLength: ref.Options.MaxLength, Stride: ref.Options.Stride,
		MaxQuestionTokens: ref.Options.MaxQuestionTokens, MaxAnswerTokens: ref.Options.MaxAnswerTokens})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := r.Close(); err != nil {
			t.Error(err)
		}
	}()
	if got := r.Info().Inputs; len(got) != 3 {
		t.Errorf("inputs %v, want input_ids, token_type_ids, attention_mask", got)
	}
	ctx := context.Background()
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			ws, err := r.p.prepare(c.Question, c.Passages)
			if err != nil {
				t.Fatal(err)
			}
			if len(ws) != len(c.Windows) {
				t.Fatalf("%d windows, want %d", len(ws), len(c.Windows))
			}
			worst := 0.0
			for i, b := range makeBatches(ws, 3, r.p.tpl.padID) {
				lg, _, err := r.p.run.run(ctx, &b)
				if err != nil {
					t.Fatal(err)
				}
				for row, w := range b.windows {
					wi := indexOf(ws, w)
					want := c.Windows[wi]
					if !equalInts(w.ids, want.InputIDs) || !equalInts(w.typeIDs, want.TokenTypeIDs) || w.passage != want.Passage {
						t.Fatalf("batch %d window %d: ids\n%v\nwant\n%v", i, wi, w.ids, want.InputIDs)
					}
					for j := range want.InputIDs {
						worst = max(worst, math.Abs(float64(lg[row].start[j])-want.StartLogits[j]),
							math.Abs(float64(lg[row].end[j])-want.EndLogits[j]))
					}
				}
			}
			t.Logf("max |logit - torch| = %.2e over %d windows", worst, len(ws))
			if worst > logitTol {
				t.Errorf("logits differ from torch by %.2e > %.0e", worst, logitTol)
			}

			spans, err := r.Answer(ctx, c.Question, c.Passages, ref.K)
			if err != nil {
				t.Fatal(err)
			}
			if len(spans) != len(c.Spans) {
				t.Fatalf("%d spans, want %d", len(spans), len(c.Spans))
			}
			for i, s := range spans {
				want := c.Spans[i]
				same := s.Passage == want.Passage && s.Start == want.Start && s.End == want.End
				// Two spans whose scores tie within tolerance may swap.
				tie := i+1 < len(c.Spans) && math.Abs(c.Spans[i+1].Score-want.Score) < 2*logitTol ||
					i > 0 && math.Abs(c.Spans[i-1].Score-want.Score) < 2*logitTol
				if !same && !tie {
					t.Errorf("span %d = %+v, want %+v", i, s, want)
				}
				if same && (s.Text != want.Text || math.Abs(s.Score-want.Score) > 2*logitTol || math.Abs(s.Null-want.Null) > 2*logitTol) {
					t.Errorf("span %d = %+v, want %+v", i, s, want)
				}
			}
		})
	}
}

func indexOf(ws []window, w *window) int {
	for i := range ws {
		if &ws[i] == w {
			return i
		}
	}
	return -1
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestNewErrors(t *testing.T) {
	lib := testLib(t)
	notLib := filepath.Join(t.TempDir(), "libonnxruntime.so")
	if err := os.WriteFile(notLib, []byte("not a library"), 0o644); err != nil {
		t.Fatal(err)
	}
	corrupt := t.TempDir()
	copyFile(t, "testdata/tiny/tokenizer.json", filepath.Join(corrupt, "tokenizer.json"))
	if err := os.WriteFile(filepath.Join(corrupt, "model.onnx"), []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	noTok := t.TempDir()
	copyFile(t, "testdata/tiny/model.onnx", filepath.Join(noTok, "model.onnx"))
	tests := []struct {
		name string
		opts Options
		want error
	}{
		{"no model dir", Options{LibPath: lib}, ErrModel},
		{"missing dir", Options{ModelDir: "testdata/nope", LibPath: lib}, ErrModel},
		{"missing model file", Options{ModelDir: "testdata/tiny", ModelFile: "model_quantized.onnx", LibPath: lib}, ErrModel},
		{"missing tokenizer", Options{ModelDir: noTok, LibPath: lib}, ErrModel},
		{"corrupt model", Options{ModelDir: corrupt, LibPath: lib}, ErrModel},
		{"not a QA model", Options{ModelDir: "testdata/bad_io", LibPath: lib}, ErrModel},
		{"missing library", Options{ModelDir: "testdata/tiny", LibPath: "/nonexistent/libonnxruntime.so"}, ErrRuntime},
		{"not a library", Options{ModelDir: "testdata/tiny", LibPath: notLib}, ErrRuntime},
		{"bad options", Options{ModelDir: "testdata/tiny", LibPath: lib, MaxLength: 64, Stride: 100}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := New(tt.opts)
			if err == nil {
				r.Close()
				t.Fatal("want error")
			}
			t.Logf("error: %v", err)
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("error %v, want %v", err, tt.want)
			}
		})
	}
	// After all those failures the environment is free again.
	r, err := New(Options{ModelDir: "testdata/tiny", LibPath: lib})
	if err != nil {
		t.Fatalf("New after failures: %v", err)
	}
	if _, err := New(Options{ModelDir: "testdata/tiny", LibPath: lib}); !errors.Is(err, ErrRuntimeInUse) {
		t.Errorf("second New: %v, want ErrRuntimeInUse", err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := r.Answer(context.Background(), "q", []string{"p"}, 1); !errors.Is(err, ErrClosed) {
		t.Errorf("Answer after Close: %v", err)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestTokenizerOffsets(t *testing.T) {
	data, err := os.ReadFile("testdata/tiny/tokenizer.json")
	if err != nil {
		t.Fatal(err)
	}
	tok, err := newHFTokenizer(data)
	if err != nil {
		t.Fatal(err)
	}
	defer tok.Close()
	text := "한빛시는 2021년 3월부터 ☂ 사업을"
	e, err := tok.encode(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.IDs) == 0 || len(e.IDs) != len(e.Offsets) {
		t.Fatalf("encoding %+v", e)
	}
	for _, o := range e.Offsets {
		if o[0] < 0 || o[1] > len(text) || o[0] > o[1] {
			t.Fatalf("offset %v out of %d bytes", o, len(text))
		}
	}
	if got := text[e.Offsets[0][0]:e.Offsets[0][1]]; got == "" || text[:len(got)] != got {
		t.Errorf("first token %q: offsets are not byte offsets", got)
	}
	if last := e.Offsets[len(e.Offsets)-1]; last[1] != len(text) {
		t.Errorf("last offset %v, want end %d (byte offsets)", last, len(text))
	}
}
