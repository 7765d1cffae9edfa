package reader

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode"
)

// wsTokenizer splits on white space; a word's id is 100 + its length in
// bytes, so tests can predict logits from ids.
type wsTokenizer struct{}

func (wsTokenizer) encode(text string) (encoding, error) {
	var e encoding
	start := -1
	for i, r := range text + " " {
		if unicode.IsSpace(r) {
			if start >= 0 {
				e.IDs = append(e.IDs, int64(100+i-start))
				e.Offsets = append(e.Offsets, [2]int{start, i})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return e, nil
}

var bertTpl = pairTemplate{pieces: []piece{{special: true, id: 1}, {seq: 0}, {special: true, id: 2},
	{seq: 1, typeID: 1}, {special: true, id: 2, typeID: 1}}}

func ids(n, from int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = from + int64(i)
	}
	return out
}

func TestMakeWindows(t *testing.T) {
	q := encoding{IDs: []int64{50, 51}}
	ctx := encoding{IDs: ids(10, 200)}
	for i := range ctx.IDs {
		ctx.Offsets = append(ctx.Offsets, [2]int{i * 2, i*2 + 1})
	}
	tests := []struct {
		name         string
		room, stride int
		wantStarts   []int64 // first passage id of each window
		wantLens     []int
	}{
		{"fits", 10, 2, []int64{200}, []int{10}},
		{"overlap", 4, 2, []int64{200, 202, 204, 206}, []int{4, 4, 4, 4}},
		{"uneven", 4, 1, []int64{200, 203, 206}, []int{4, 4, 4}},
		{"tail", 6, 2, []int64{200, 204}, []int{6, 6}},
		{"no overlap", 3, 0, []int64{200, 203, 206, 209}, []int{3, 3, 3, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws := makeWindows(bertTpl, 7, q, ctx, tt.room, tt.stride)
			var starts []int64
			var lens []int
			for _, w := range ws {
				if w.passage != 7 || w.ctxStart != 4 || w.cls != 0 {
					t.Fatalf("window %+v: wrong passage/ctxStart/cls", w)
				}
				if got := w.ids[:4]; !reflect.DeepEqual(got, []int64{1, 50, 51, 2}) {
					t.Fatalf("prefix %v", got)
				}
				if w.ids[len(w.ids)-1] != 2 || len(w.typeIDs) != len(w.ids) || w.typeIDs[3] != 0 || w.typeIDs[4] != 1 {
					t.Fatalf("layout %v types %v", w.ids, w.typeIDs)
				}
				starts = append(starts, w.ids[4])
				lens = append(lens, len(w.ctxOffsets))
			}
			if !reflect.DeepEqual(starts, tt.wantStarts) || !reflect.DeepEqual(lens, tt.wantLens) {
				t.Errorf("starts %v lens %v, want %v %v", starts, lens, tt.wantStarts, tt.wantLens)
			}
		})
	}
}

func TestMakeBatches(t *testing.T) {
	ws := []window{{ids: []int64{1, 2}}, {ids: []int64{1, 2, 3, 4}}, {ids: []int64{1, 2, 3}}}
	bs := makeBatches(ws, 2, 9)
	if len(bs) != 2 || bs[0].rows != 2 || bs[0].cols != 4 || bs[1].rows != 1 || bs[1].cols != 2 {
		t.Fatalf("batches %+v", bs)
	}
	// Lengths 8, 7, 6, 5, 4 with room for 8 per batch: 5 < 3/4 of 8 starts a new batch.
	var mixed []window
	for n := 4; n <= 8; n++ {
		mixed = append(mixed, window{ids: ids(int64(n), 1)})
	}
	var shapes [][2]int
	for _, b := range makeBatches(mixed, 8, 0) {
		shapes = append(shapes, [2]int{b.rows, b.cols})
	}
	if want := [][2]int{{3, 8}, {2, 5}}; !reflect.DeepEqual(shapes, want) {
		t.Errorf("shapes %v, want %v", shapes, want)
	}
	if want := []int64{1, 2, 3, 4, 1, 2, 3, 9}; !reflect.DeepEqual(bs[0].inputIDs, want) {
		t.Errorf("ids %v, want %v", bs[0].inputIDs, want)
	}
	if want := []int64{1, 1, 1, 1, 1, 1, 1, 0}; !reflect.DeepEqual(bs[0].attention, want) {
		t.Errorf("mask %v, want %v", bs[0].attention, want)
	}
}

// scriptRunner scores positions: start logit = id of the token if it is in
// want, else 0; end logit likewise, so tests choose the answer by id.
type scriptRunner struct {
	start, end map[int64]float32
	calls      atomic.Int64
	err        error
}

func (s *scriptRunner) run(_ context.Context, b *batch) ([]logits, time.Duration, error) {
	s.calls.Add(1)
	if s.err != nil {
		return nil, 0, s.err
	}
	out := make([]logits, b.rows)
	for r := range out {
		out[r] = logits{start: make([]float32, b.cols), end: make([]float32, b.cols)}
		for c := range b.cols {
			id := b.inputIDs[r*b.cols+c]
			out[r].start[c] = s.start[id]
			out[r].end[c] = s.end[id]
		}
	}
	return out, time.Millisecond, nil
}

func newTestPipeline(r runner, o Options) *pipeline {
	o = o.withDefaults()
	return &pipeline{opts: o, tok: wsTokenizer{}, tpl: bertTpl, run: r}
}

func TestPipelineAnswer(t *testing.T) {
	// Word lengths pick ids: "2021년" is 7 bytes -> id 107, "3월" 104, "12개월" 108.
	passages := []string{"사업은 2021년 3월 시작", "", "최대 12개월 지원"}
	tests := []struct {
		name       string
		start, end map[int64]float32
		k          int
		want       []string
		wantPass   []int
	}{
		{"single token", map[int64]float32{107: 5}, map[int64]float32{107: 5}, 1, []string{"2021년"}, []int{0}},
		{"multi token", map[int64]float32{107: 5}, map[int64]float32{104: 4}, 1, []string{"2021년 3월"}, []int{0}},
		{"second passage wins", map[int64]float32{108: 9}, map[int64]float32{108: 9}, 1, []string{"12개월"}, []int{2}},
		{"k bounds", map[int64]float32{107: 5}, map[int64]float32{107: 5, 104: 4}, 2, []string{"2021년", "2021년 3월"}, []int{0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Score ties among zero-logit spans are broken by passage and offsets.
			p := newTestPipeline(&scriptRunner{start: tt.start, end: tt.end}, Options{BatchSize: 1})
			spans, err := p.answer(context.Background(), "언제 시작?", passages, tt.k)
			if err != nil {
				t.Fatal(err)
			}
			if len(spans) != tt.k {
				t.Fatalf("got %d spans, want %d: %+v", len(spans), tt.k, spans)
			}
			for i, s := range spans[:len(tt.want)] {
				if s.Text != tt.want[i] || s.Passage != tt.wantPass[i] || passages[s.Passage][s.Start:s.End] != s.Text {
					t.Errorf("span %d = %+v, want %q in passage %d", i, s, tt.want[i], tt.wantPass[i])
				}
			}
		})
	}
}

func TestPipelineDedupAcrossWindows(t *testing.T) {
	words := make([]string, 40)
	for i := range words {
		words[i] = strings.Repeat("a", 1+i%5)
	}
	words[20] = "정답입니다" // 15 bytes -> id 115, appears in several overlapping windows
	text := strings.Join(words, " ")
	p := newTestPipeline(&scriptRunner{start: map[int64]float32{115: 3}, end: map[int64]float32{115: 3}},
		Options{MaxLength: 16, Stride: 6, MaxQuestionTokens: 4, BatchSize: 3, Workers: 3})
	spans, err := p.answer(context.Background(), "q", []string{text}, 50)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[[3]int]bool{}
	for _, s := range spans {
		k := [3]int{s.Passage, s.Start, s.End}
		if seen[k] {
			t.Fatalf("duplicate span %+v", s)
		}
		seen[k] = true
	}
	if spans[0].Text != "정답입니다" || spans[0].Score != 6 {
		t.Errorf("top %+v", spans[0])
	}
	if st := p.stats(); st.Windows < 3 || st.Questions != 1 || st.Batches < 1 {
		t.Errorf("stats %+v: want several windows", st)
	}
}

func TestPipelineMaxAnswerAndQuestionCut(t *testing.T) {
	p := newTestPipeline(&scriptRunner{start: map[int64]float32{101: 1}, end: map[int64]float32{102: 1}},
		Options{MaxAnswerTokens: 2, MaxQuestionTokens: 2})
	// start at "a" (101), end at "bb" (102) three tokens later: too long.
	spans, err := p.answer(context.Background(), "q1 q2 q3 q4", []string{"a cc ddd bb"}, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range spans {
		if s.Text == "a cc ddd bb" {
			t.Fatalf("span longer than MaxAnswerTokens: %+v", s)
		}
	}
	ws, err := p.prepare("q1 q2 q3 q4", []string{"x"})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(ws[0].ids); got != 2+1+3 {
		t.Errorf("window length %d: question not cut to 2 tokens (%v)", got, ws[0].ids)
	}
}

func TestPipelineNullScore(t *testing.T) {
	p := newTestPipeline(&scriptRunner{start: map[int64]float32{1: 2, 103: 1}, end: map[int64]float32{1: 3, 103: 1}}, Options{})
	spans, err := p.answer(context.Background(), "q", []string{"abc"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 1 || spans[0].Null != 5 || spans[0].Score != 2 {
		t.Errorf("got %+v, want score 2 null 5", spans)
	}
}

func TestPipelineErrors(t *testing.T) {
	boom := errors.New("boom")
	p := newTestPipeline(&scriptRunner{err: boom}, Options{})
	if _, err := p.answer(context.Background(), "q", []string{"a b"}, 3); !errors.Is(err, boom) {
		t.Errorf("err = %v, want boom", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p = newTestPipeline(&scriptRunner{}, Options{})
	if _, err := p.answer(ctx, "q", []string{"a b"}, 3); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	for _, tc := range []struct {
		q        string
		passages []string
		k        int
	}{{"", []string{"a"}, 1}, {"q", nil, 1}, {"q", []string{"a"}, 0}, {"q", []string{"", " "}, 3}} {
		spans, err := p.answer(context.Background(), tc.q, tc.passages, tc.k)
		if err != nil || len(spans) != 0 {
			t.Errorf("answer(%q, %q, %d) = %v, %v; want nothing", tc.q, tc.passages, tc.k, spans, err)
		}
	}
}

func TestOptionsValidate(t *testing.T) {
	if err := (Options{}).withDefaults().validate(3); err != nil {
		t.Errorf("defaults invalid: %v", err)
	}
	err := Options{MaxLength: 100, MaxQuestionTokens: 64, Stride: 50, BatchSize: -1, Workers: 1,
		MaxAnswerTokens: 1, IntraOpThreads: -2}.validate(3)
	if err == nil {
		t.Fatal("want error")
	}
	for _, want := range []string{"BatchSize", "IntraOpThreads", "Stride 50"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %s", err, want)
		}
	}
}

func FuzzPipeline(f *testing.F) {
	f.Add("질문 하나", "문단 하나 둘 셋", "다른 문단", uint8(12), uint8(3))
	f.Add("", "\x00", "   ", uint8(8), uint8(0))
	f.Fuzz(func(t *testing.T, q, p1, p2 string, maxLen, stride uint8) {
		o := Options{MaxLength: int(maxLen%64) + 8, MaxQuestionTokens: 3, MaxAnswerTokens: 4, BatchSize: 2}
		o.Stride = int(stride) % (o.MaxLength - o.MaxQuestionTokens - 3)
		p := newTestPipeline(&scriptRunner{start: map[int64]float32{102: 1}, end: map[int64]float32{103: 2}}, o)
		passages := []string{p1, p2}
		spans, err := p.answer(context.Background(), q, passages, 5)
		if err != nil {
			t.Fatal(err)
		}
		for i, s := range spans {
			if s.Passage < 0 || s.Passage >= len(passages) || s.Start < 0 || s.End > len(passages[s.Passage]) || s.Start >= s.End {
				t.Fatalf("bad span %+v", s)
			}
			if passages[s.Passage][s.Start:s.End] != s.Text {
				t.Fatalf("text mismatch %+v", s)
			}
			if i > 0 && s.Score > spans[i-1].Score {
				t.Fatalf("not sorted: %v", spans)
			}
		}
	})
}

func ExampleFake() {
	var r Reader = &Fake{}
	spans, _ := r.Answer(context.Background(), "사업 시작 연도는?", []string{"이 사업은 2021년에 시작하였다."}, 1)
	fmt.Println(spans[0].Text, spans[0].Passage)
	// Output: 2021년에 0
}
