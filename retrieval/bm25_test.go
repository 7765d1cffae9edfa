package retrieval

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// zipfPassages builds n passages of Hangul words drawn with Zipf
// frequencies from a generated vocabulary, so that some bigrams are in
// most passages and others in few (the case MaxScore prunes).
func zipfPassages(n int, seed uint64) ([]document.Passage, []string) {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	syll := []rune("가나다라마바사아자차카타파하정책지원청년고용예산사업")
	vocab := make([]string, 2000)
	for i := range vocab {
		var sb strings.Builder
		for j := 0; j < 2+rng.IntN(3); j++ {
			sb.WriteRune(syll[rng.IntN(len(syll))])
		}
		vocab[i] = sb.String()
	}
	z := rand.NewZipf(rng, 1.1, 2, uint64(len(vocab)-1))
	sentence := func(words int) string {
		ws := make([]string, words)
		for i := range ws {
			ws[i] = vocab[z.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	ps := make([]document.Passage, n)
	for i := range ps {
		doc := fmt.Sprintf("z%d", i/20)
		ps[i] = document.Passage{
			ID: document.PassageID(doc, i%20), DocID: doc, Ordinal: i % 20,
			Kind: document.KindParagraph, Section: sentence(2), Text: sentence(10 + rng.IntN(60)),
		}
		if i%7 == 0 {
			ps[i].Kind = document.KindTable
		}
	}
	qs := make([]string, 60)
	for i := range qs {
		qs[i] = sentence(3 + rng.IntN(8))
	}
	return ps, qs
}

// TestMaxScoreMatchesExhaustive checks that pruned search returns the
// same hits and scores as scoring every posting, over several segments
// and with replaced (deleted) documents.
func TestMaxScoreMatchesExhaustive(t *testing.T) {
	ctx := context.Background()
	ps, qs := zipfPassages(3000, 7)
	ix, err := NewMemory(Options{Analyzer: AnalyzerBigram, BatchSize: 400})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	// Warm the cache, then replace some passages: their old versions
	// become deleted docs of segments whose lists are cached.
	for _, text := range qs {
		if _, err := ix.Search(ctx, Query{Text: text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Add(ctx, ps[100:300]); err != nil {
		t.Fatal(err)
	}
	pruned := 0
	for _, k := range []int{1, 5, 10} {
		for i, text := range qs {
			q := Query{Text: text, K: k}
			if i%5 == 0 {
				q.Kinds = []document.Kind{document.KindParagraph}
			}
			if i%9 == 0 {
				q.DocIDs = []string{"z3", "z10", "z77"}
			}
			want, err := ix.SearchWith(ctx, q, Scoring{exhaustive: true, uncached: true})
			if err != nil {
				t.Fatal(err)
			}
			// One group, and the segments split over 2 and 3
			// concurrent groups sharing the threshold; decoded lists
			// (cached) and segment reads.
			for _, sc := range []Scoring{{workers: 1}, {workers: 2}, {workers: 3}, {workers: 1, uncached: true}, {workers: 3, uncached: true}, {exhaustive: true}} {
				workers := sc.workers
				got, err := ix.SearchWith(ctx, q, sc)
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != len(want) {
					t.Fatalf("k=%d workers=%d %q: %d hits, exhaustive %d", k, workers, text, len(got), len(want))
				}
				for j := range got {
					if got[j].Passage.ID != want[j].Passage.ID || math.Abs(got[j].Score-want[j].Score) > 1e-9 {
						t.Fatalf("k=%d workers=%d %q hit %d: %s %.6f, exhaustive %s %.6f", k, workers, text, j,
							got[j].Passage.ID, got[j].Score, want[j].Passage.ID, want[j].Score)
					}
				}
			}
			if len(want) > 0 {
				pruned++
			}
		}
	}
	if pruned == 0 {
		t.Fatal("no query returned hits")
	}
	ix.postings.mu.Lock()
	cached := ix.postings.bytes
	ix.postings.mu.Unlock()
	if cached == 0 {
		t.Fatal("no postings list was cached")
	}
}

func TestSeek(t *testing.T) {
	docs := []uint32{2, 3, 5, 8, 13, 21, 34, 55, 89}
	for from := 0; from <= len(docs); from++ {
		for x := uint32(0); x < 95; x++ {
			want := from
			for want < len(docs) && docs[want] < x {
				want++
			}
			if got := seek(docs, from, x); got != want {
				t.Fatalf("seek(from %d, %d) = %d, want %d", from, x, got, want)
			}
		}
	}
}

func TestKthBestAndTopK(t *testing.T) {
	scores := []float64{0, 3, 1, 3, 2, 5, 0.5}
	docs := []uint32{1, 2, 3, 4, 5, 6}
	tests := []struct {
		limit int
		kth   float64
		top   []uint32 // by id
	}{
		{1, 5, []uint32{5}},
		{2, 3, []uint32{1, 5}},
		{3, 3, []uint32{1, 3, 5}},
		{4, 2, []uint32{1, 3, 4, 5}},
		{7, 0, []uint32{1, 2, 3, 4, 5, 6}},
	}
	for _, tt := range tests {
		if got := kthBest(scores, docs, tt.limit); got != tt.kth {
			t.Errorf("kthBest(limit %d) = %g, want %g", tt.limit, got, tt.kth)
		}
		top := topK(scores, docs, tt.limit, nil)
		var ids []uint32
		for _, s := range top {
			var n uint64
			for _, b := range s.id {
				n = n<<8 | uint64(b)
			}
			ids = append(ids, uint32(n))
		}
		if fmt.Sprint(ids) != fmt.Sprint(tt.top) {
			t.Errorf("topK(limit %d) = %v, want %v", tt.limit, ids, tt.top)
		}
	}
}

// TestMaxDF checks that Scoring.MaxDF leaves out common query terms,
// and keeps them when the query has nothing else.
func TestMaxDF(t *testing.T) {
	ctx := context.Background()
	texts := []string{"apple common", "banana common", "common common", "cherry"}
	ps := make([]document.Passage, len(texts))
	for i, s := range texts {
		ps[i] = document.Passage{ID: document.PassageID("d", i), DocID: "d", Ordinal: i, Kind: document.KindParagraph, Text: s}
	}
	ix, err := NewMemory(Options{Analyzer: AnalyzerWord})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		text  string
		maxDF float64
		want  []string
	}{
		{"off", "common apple", 0, []string{ps[0].ID, ps[2].ID, ps[1].ID}},
		{"common dropped", "common apple", 0.5, []string{ps[0].ID}},
		{"rare enough", "common apple", 0.8, []string{ps[0].ID, ps[2].ID, ps[1].ID}},
		{"only common", "common", 0.5, []string{ps[2].ID, ps[0].ID, ps[1].ID}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := ix.SearchWith(ctx, Query{Text: tc.text}, Scoring{MaxDF: tc.maxDF, SectionBoost: -1})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Passage.ID)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Fatalf("hits %v, want %v", got, tc.want)
			}
		})
	}
}
