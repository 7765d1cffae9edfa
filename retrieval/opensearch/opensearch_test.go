package opensearch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// clusterURLs returns the test cluster's URLs from POLICYQA_OPENSEARCH_URL
// (comma-separated, as scripts/opensearch/cluster.sh start prints them) or
// skips the test saying how to get one.
func clusterURLs(t *testing.T) []string {
	t.Helper()
	u := os.Getenv("POLICYQA_OPENSEARCH_URL")
	if u == "" {
		t.Skip("POLICYQA_OPENSEARCH_URL not set: start a cluster with scripts/opensearch/cluster.sh start (make test does when java and mvn are present)")
	}
	return strings.Split(u, ",")
}

type fixture struct {
	ID, Doc, Kind, Section, Text string
}

func loadPassages(t *testing.T) []document.Passage {
	t.Helper()
	b, err := os.ReadFile("testdata/passages.json")
	if err != nil {
		t.Fatal(err)
	}
	var fs []fixture
	if err := json.Unmarshal(b, &fs); err != nil {
		t.Fatal(err)
	}
	ps := make([]document.Passage, len(fs))
	for i, f := range fs {
		ps[i] = document.Passage{ID: f.ID, DocID: f.Doc, Kind: document.Kind(f.Kind), Section: f.Section, Text: f.Text, Ordinal: i, Page: 1 + i%3, Block: 2 * i}
	}
	return ps
}

// openFresh opens an index for a fingerprint unique to the test, fills it
// and deletes it when the test ends.
func openFresh(t *testing.T, ps []document.Passage, opts Options) *Index {
	t.Helper()
	ctx := context.Background()
	opts.URLs = clusterURLs(t)
	fp := fmt.Sprintf("%s-%d", t.Name(), time.Now().UnixNano())
	ix, fresh, err := Open(ctx, fp, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := ix.Delete(context.Background()); err != nil {
			t.Log(err)
		}
		ix.Close()
	})
	if !fresh {
		t.Fatalf("new fingerprint %q gave an existing index", fp)
	}
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if err := ix.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	return ix
}

// The same passages in bleve and in OpenSearch rank the same for every
// query: same analysis, same BM25 (k1, b, idf), statistics of the whole
// index through dfs_query_then_fetch. Lucene stores field lengths in one
// byte and averages a field's length over the passages that have it (an
// empty section counts in bleve's average, not in Lucene's), so scores
// differ by a few percent and near ties below the top can swap: the top 5
// must be the same, in order, with every score within 6%.
func TestSameRankingAsBleve(t *testing.T) {
	ps := loadPassages(t)
	ctx := context.Background()
	bl, err := retrieval.NewMemory(retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer bl.Close()
	if err := bl.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	os := openFresh(t, ps, Options{Shards: 2, Replicas: 1})
	queries := []retrieval.Query{
		{Text: "참여 기업은 인건비를 얼마나 지원받나?"},
		{Text: "돌봄 센터 이용자 수는 몇 명인가?"},
		{Text: "산업 부문 온실가스 감축 목표는?"},
		{Text: "녹색 금융 보증 한도"},
		{Text: "청년 월세 지원 기간은 몇 개월인가?"},
		{Text: "전세 대출 금리", K: 3},
		{Text: "고용 유지율", Kinds: []document.Kind{document.KindParagraph}},
		{Text: "지원", DocIDs: []string{"b", "d"}},
		{Text: "청년 지원 금리", DocIDs: []string{"d"}},
		{Text: "센터 설치", DocIDs: []string{"b"}, Kinds: []document.Kind{document.KindParagraph, document.KindTable}},
		{Text: "사업 예산 2024년", DocIDs: []string{"a"}, K: 2},
		{Text: "2023년 예산"},
	}
	for _, q := range queries {
		want, err := bl.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(q.DocIDs) > 0 {
			// Scored here with the documents' statistics: no Lucene
			// length encoding, so the same hits and scores.
			if !slices.Equal(ids(got), ids(want)) {
				t.Errorf("%q in %v: opensearch %v, bleve %v", q.Text, q.DocIDs, ids(got), ids(want))
				continue
			}
			for i := range got {
				if d := math.Abs(got[i].Score-want[i].Score) / want[i].Score; d > 1e-6 || got[i].Passage != want[i].Passage {
					t.Errorf("%q in %v hit %d: %+v %.6f, bleve %+v %.6f", q.Text, q.DocIDs, i, got[i].Passage, got[i].Score, want[i].Passage, want[i].Score)
				}
			}
			continue
		}
		top := min(5, len(want))
		if len(got) != len(want) || !slices.Equal(ids(got)[:top], ids(want)[:top]) {
			t.Errorf("%q: opensearch %v, bleve %v", q.Text, ids(got), ids(want))
			continue
		}
		for i := range top {
			if got[i].Passage != want[i].Passage {
				t.Errorf("%q hit %d: passage %+v, bleve %+v", q.Text, i, got[i].Passage, want[i].Passage)
			}
			if d := math.Abs(got[i].Score-want[i].Score) / want[i].Score; d > 0.06 {
				t.Errorf("%q hit %d: score %.4f, bleve %.4f (%.1f%% apart)", q.Text, i, got[i].Score, want[i].Score, 100*d)
			}
		}
	}
}

func ids(hs []retrieval.Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Passage.ID
	}
	return out
}

func TestFilters(t *testing.T) {
	ix := openFresh(t, loadPassages(t), Options{Shards: 1, Replicas: -1})
	ctx := context.Background()
	tests := []struct {
		name string
		q    retrieval.Query
		ok   func(document.Passage) bool
	}{
		{"docs", retrieval.Query{Text: "지원", DocIDs: []string{"d"}}, func(p document.Passage) bool { return p.DocID == "d" }},
		{"kinds", retrieval.Query{Text: "2023년", Kinds: []document.Kind{document.KindTable}}, func(p document.Passage) bool { return p.Kind == document.KindTable }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hits, err := ix.Search(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if len(hits) == 0 {
				t.Fatal("no hits")
			}
			for _, h := range hits {
				if !tc.ok(h.Passage) {
					t.Errorf("hit %s breaks the filter", h.Passage.ID)
				}
			}
		})
	}
}

// A committed index is reused for the same fingerprint; one whose load
// was cut short (never committed) is rebuilt.
func TestReuseAndRebuild(t *testing.T) {
	urls := clusterURLs(t)
	ctx := context.Background()
	ps := loadPassages(t)
	fp := fmt.Sprintf("reuse-%d", time.Now().UnixNano())
	open := func() (*Index, bool) {
		ix, fresh, err := Open(ctx, fp, Options{URLs: urls, Shards: 1, Replicas: -1})
		if err != nil {
			t.Fatal(err)
		}
		return ix, fresh
	}
	ix, fresh := open()
	defer func() { ix.Delete(ctx); ix.Close() }()
	if !fresh {
		t.Fatal("first open: want a fresh index")
	}
	if err := ix.Add(ctx, ps[:5]); err != nil { // cut short: no Commit
		t.Fatal(err)
	}
	ix.Close()
	ix, fresh = open()
	if !fresh {
		t.Fatal("uncommitted index reused; want it rebuilt")
	}
	if n, err := ix.Count(ctx); err != nil || n != 0 {
		t.Fatalf("rebuilt index holds %d passages (err %v), want 0", n, err)
	}
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if err := ix.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ix, fresh = open()
	if fresh {
		t.Fatal("committed index rebuilt; want it reused")
	}
	if n, err := ix.Count(ctx); err != nil || n != uint64(len(ps)) {
		t.Fatalf("reused index holds %d passages (err %v), want %d", n, err, len(ps))
	}
}

// A cluster that cannot be reached is one clear error, quickly.
func TestUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, _, err := Open(ctx, "x", Options{URLs: []string{"http://127.0.0.1:9"}, Retries: 1, RequestTimeout: 2 * time.Second})
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1:9") {
		t.Errorf("error %q does not name the URL", err)
	}
}

func TestIndexName(t *testing.T) {
	tests := []struct{ prefix, analyzer, fp string }{
		{"policyqa", "bigram+morph", "corpus-1"},
		{"PolicyQA", "word", ""},
	}
	seen := map[string]bool{}
	for _, tc := range tests {
		n := IndexName(tc.prefix, tc.analyzer, tc.fp)
		if n != strings.ToLower(n) || strings.ContainsAny(n, "+ /\\*?\"<>|,#:") {
			t.Errorf("IndexName(%q,%q,%q) = %q: not a valid index name", tc.prefix, tc.analyzer, tc.fp, n)
		}
		if seen[n] {
			t.Errorf("duplicate name %q", n)
		}
		seen[n] = true
	}
	if IndexName("p", "a", "x") == IndexName("p", "a", "y") {
		t.Error("different fingerprints share an index name")
	}
}

// With replicas 1, killing one of the two nodes mid-loop loses no query
// once the cluster has turned yellow. Runs only when
// POLICYQA_OPENSEARCH_KILL names a command that kills one node (make
// opensearch-test sets it to scripts/opensearch/cluster.sh kill-follower), since it
// ends that node.
func TestNodeLoss(t *testing.T) {
	urls := clusterURLs(t)
	kill := os.Getenv("POLICYQA_OPENSEARCH_KILL")
	if kill == "" {
		t.Skip("POLICYQA_OPENSEARCH_KILL not set (it kills a node of the test cluster)")
	}
	ctx := context.Background()
	ix := openFresh(t, loadPassages(t), Options{URLs: urls, Shards: 2, Replicas: 1, Retries: 8, RequestTimeout: 10 * time.Second})
	// Wait for the replicas: green.
	for i := 0; ; i++ {
		h, err := ix.client.Cluster.Health(ctx, nil)
		if err == nil && h.Status == "green" {
			break
		}
		if i > 120 {
			t.Fatalf("cluster not green: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	q := retrieval.Query{Text: "돌봄 센터 이용자 수"}
	want, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	failures, total := 0, 0
	killed := false
	deadline := time.Now().Add(90 * time.Second)
	yellowAt := time.Time{}
	for time.Now().Before(deadline) {
		if total == 20 && !killed {
			out, err := exec.Command("sh", "-c", kill).CombinedOutput()
			if err != nil {
				t.Fatalf("kill: %v: %s", err, out)
			}
			killed = true
			t.Logf("killed a node after %d queries", total)
		}
		got, err := ix.Search(ctx, q)
		total++
		if err != nil || !slices.Equal(ids(got), ids(want)) {
			failures++
			t.Logf("query %d: err %v", total, err)
		}
		if killed && yellowAt.IsZero() {
			if h, err := ix.client.Cluster.Health(ctx, nil); err == nil && h.NumberOfNodes == 1 {
				yellowAt = time.Now()
				t.Logf("cluster %s with one node after %d queries (%d failures so far)", h.Status, total, failures)
			}
		}
		if !yellowAt.IsZero() && time.Since(yellowAt) > 10*time.Second {
			break
		}
	}
	t.Logf("node loss: %d queries, %d failures", total, failures)
	if yellowAt.IsZero() {
		t.Fatal("the cluster never reported the node gone")
	}
	if failures > 0 {
		t.Errorf("%d of %d queries failed across the node loss", failures, total)
	}
}
