package bench

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/retrieval"
)

// BenchmarkScaleQuery times KorQuAD questions against a synthetic index
// kept between runs in $POLICYQA_SCALE_INDEX (built there on first use
// from $POLICYQA_SCALE passages, default 100,000), so that query changes
// can be profiled without rebuilding:
//
//	POLICYQA_SCALE_INDEX=/tmp/scale100k go test -run - -bench ScaleQuery -cpuprofile q.prof ./retrieval/bench
func BenchmarkScaleQuery(b *testing.B) {
	dir := os.Getenv("POLICYQA_SCALE_INDEX")
	if dir == "" {
		b.Skip("POLICYQA_SCALE_INDEX not set")
	}
	path := filepath.Join("..", "..", "..", "shared", "data", "korquad", "KorQuAD_v1.0_dev.json")
	c, err := LoadKorQuAD(path)
	if err != nil {
		b.Skip(err)
	}
	ctx := context.Background()
	_, statErr := os.Stat(filepath.Join(dir, "index_meta.json"))
	ix, err := retrieval.Open(dir, retrieval.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if statErr != nil {
		if err := ix.Add(ctx, Synthetic(c, 100000, 1)); err != nil {
			b.Fatal(err)
		}
	}
	qs := c.Questions[:1000]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := qs[i%len(qs)]
		if _, err := ix.Search(ctx, retrieval.Query{Text: q.Text, K: 10}); err != nil {
			b.Fatal(err)
		}
	}
}
