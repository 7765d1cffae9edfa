package retrieval

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/policyqa/policyqa/document"
)

// corpus is a tiny synthetic policy corpus.
func corpus() []document.Passage {
	mk := func(doc string, ord int, kind document.Kind, section, text string) document.Passage {
		return document.Passage{ID: document.PassageID(doc, ord), DocID: doc, Ordinal: ord, Block: 2*ord + 1, Kind: kind, Section: section, Page: ord + 1, Text: text}
	}
	return []document.Passage{
		mk("d1", 0, document.KindParagraph, "1. 개요", "청년 창업 지원사업은 2024년에 크게 확대되었다."),
		mk("d1", 1, document.KindParagraph, "1. 개요 > 가. 배경", "농촌 인구 감소에 대응하는 정책을 마련하였다."),
		mk("d1", 2, document.KindTable, "2. 예산", "[표 1] 예산 현황\n구분: 창업 지원, 금액: 1,500억 원"),
		mk("d2", 0, document.KindParagraph, "1. 서론", "탄소중립 정책은 온실가스 감축을 목표로 한다."),
		mk("d2", 1, document.KindParagraph, "2. 현황", "청년 고용률은 전년 대비 1.5%p 상승하였다."),
		mk("d2", 2, document.KindTable, "2. 현황", "[표 2] 고용 지표\n연도: 2023, 고용률: 46.5"),
	}
}

func newTestIndex(t *testing.T, analyzer string) *Index {
	t.Helper()
	ix, err := NewMemory(Options{Analyzer: analyzer, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), corpus()); err != nil {
		t.Fatal(err)
	}
	return ix
}

func ids(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Passage.ID)
	}
	return out
}

func TestSearch(t *testing.T) {
	tests := []struct {
		name  string
		q     Query
		top   string   // expected first hit ("" = no hits)
		among []string // every hit must be one of these (nil = any)
	}{
		{"particle", Query{Text: "지원사업의 확대는 언제인가?"}, "d1#0", nil},
		{"ending", Query{Text: "온실가스를 감축하려는 정책은 무엇인가"}, "d2#0", nil},
		{"number", Query{Text: "고용률 1.5%p"}, "d2#1", nil},
		{"thousands", Query{Text: "1500억 원"}, "d1#2", nil},
		{"doc filter", Query{Text: "청년", DocIDs: []string{"d2"}}, "d2#1", []string{"d2#0", "d2#1", "d2#2"}},
		{"kind filter", Query{Text: "청년 창업 고용률", Kinds: []document.Kind{document.KindTable}}, "", []string{"d1#2", "d2#2"}},
		{"both filters", Query{Text: "고용률", DocIDs: []string{"d2"}, Kinds: []document.Kind{document.KindTable}}, "d2#2", []string{"d2#2"}},
		{"k", Query{Text: "청년 정책", K: 1}, "", nil},
		{"no match", Query{Text: "우주항공"}, "", []string{}},
	}
	for _, an := range Analyzers() {
		ix := newTestIndex(t, an)
		for _, tt := range tests {
			t.Run(an+"/"+tt.name, func(t *testing.T) {
				hits, err := ix.Search(context.Background(), tt.q)
				if err != nil {
					t.Fatal(err)
				}
				if tt.q.K > 0 && len(hits) > tt.q.K {
					t.Errorf("got %d hits, K=%d", len(hits), tt.q.K)
				}
				if tt.top != "" && (len(hits) == 0 || hits[0].Passage.ID != tt.top) {
					if an == AnalyzerWord {
						t.Skipf("word analyzer misses %q (expected: no stemming): %v", tt.q.Text, ids(hits))
					}
					t.Errorf("hits %v, want %s first", ids(hits), tt.top)
				}
				if tt.among != nil {
					if len(tt.among) == 0 && len(hits) > 0 {
						t.Errorf("hits %v, want none", ids(hits))
					}
					for _, h := range hits {
						ok := false
						for _, id := range tt.among {
							ok = ok || h.Passage.ID == id
						}
						if !ok {
							t.Errorf("hit %s outside %v", h.Passage.ID, tt.among)
						}
					}
				}
				for i := 1; i < len(hits); i++ {
					if hits[i].Score > hits[i-1].Score {
						t.Errorf("hits not sorted: %v", hits)
					}
				}
			})
		}
	}
}

func TestHitCarriesPassage(t *testing.T) {
	ix := newTestIndex(t, "")
	hits, err := ix.Search(context.Background(), Query{Text: "예산 현황 창업 지원", K: 1})
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %v, err %v", hits, err)
	}
	want := corpus()[2]
	if !reflect.DeepEqual(hits[0].Passage, want) {
		t.Errorf("hit passage = %+v\nwant %+v", hits[0].Passage, want)
	}
}

func TestScoringModels(t *testing.T) {
	ix := newTestIndex(t, AnalyzerBigram)
	for _, m := range []string{ModelBM25, ModelBleve, ModelBleveFixedAvg} {
		for _, q := range []Query{{Text: "지원사업의 확대"}, {Text: "청년", DocIDs: []string{"d2"}, Kinds: []document.Kind{document.KindParagraph}}} {
			hits, err := ix.SearchWith(context.Background(), q, Scoring{Model: m, IDFPower: 2, Coord: true})
			if err != nil {
				t.Fatalf("%s: %v", m, err)
			}
			if len(hits) == 0 {
				t.Fatalf("%s %q: no hits", m, q.Text)
			}
			if len(q.DocIDs) > 0 && (hits[0].Passage.ID != "d2#1" || len(hits) != 1) {
				t.Errorf("%s filtered: %v", m, ids(hits))
			}
			if len(q.DocIDs) == 0 && hits[0].Passage.ID != "d1#0" {
				t.Errorf("%s: %v", m, ids(hits))
			}
		}
	}
	if _, err := ix.SearchWith(context.Background(), Query{Text: "청년"}, Scoring{Model: "nope"}); err == nil {
		t.Error("unknown model accepted")
	}
}

func TestPersistenceAndFingerprint(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir, Options{Analyzer: AnalyzerBigram})
	if err != nil {
		t.Fatal(err)
	}
	if fp, err := ix.Fingerprint(); err != nil || fp != "" {
		t.Fatalf("fresh fingerprint %q, %v", fp, err)
	}
	if err := ix.Add(ctx, corpus()); err != nil {
		t.Fatal(err)
	}
	if err := ix.SetFingerprint("sha256:abc"); err != nil {
		t.Fatal(err)
	}
	before, err := ix.Search(ctx, Query{Text: "탄소중립 정책"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, Options{Analyzer: AnalyzerMorph}); err == nil {
		t.Error("reopened with another analyzer")
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Analyzer() != AnalyzerBigram {
		t.Errorf("analyzer %q after reopen", ix.Analyzer())
	}
	if fp, err := ix.Fingerprint(); err != nil || fp != "sha256:abc" {
		t.Errorf("fingerprint %q, %v", fp, err)
	}
	if n, err := ix.Count(); err != nil || n != uint64(len(corpus())) {
		t.Errorf("Count = %d, %v", n, err)
	}
	after, err := ix.Search(ctx, Query{Text: "탄소중립 정책"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(before, after) {
		t.Errorf("hits changed across reopen:\n%v\n%v", before, after)
	}
}

func TestOptionsErrors(t *testing.T) {
	if _, err := NewMemory(Options{Analyzer: "nope"}); err == nil {
		t.Error("unknown analyzer accepted")
	}
	ix := newTestIndex(t, AnalyzerBigram)
	if err := ix.Add(context.Background(), []document.Passage{{Text: "x"}}); err == nil {
		t.Error("passage without ID accepted")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, Query{Text: "청년"}); err == nil {
		t.Error("cancelled search succeeded")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(context.Background(), corpus()); err == nil {
		t.Error("Add after Close succeeded")
	}
}

func TestFake(t *testing.T) {
	f := &Fake{Passages: corpus()}
	hits, err := f.Search(context.Background(), Query{Text: "지원사업의 확대", K: 2})
	if err != nil || len(hits) == 0 || hits[0].Passage.ID != "d1#0" || len(hits) > 2 {
		t.Fatalf("hits %v, err %v", ids(hits), err)
	}
	hits, _ = f.Search(context.Background(), Query{Text: "청년", Kinds: []document.Kind{document.KindTable}})
	for _, h := range hits {
		if h.Passage.Kind != document.KindTable {
			t.Errorf("kind filter: %v", h.Passage)
		}
	}
}

// TestReplaceKeepsLengths checks that re-adding a passage ID replaces its
// token counts in the average-length statistic instead of adding them
// again, across calls, within one call and after reopening.
func TestReplaceKeepsLengths(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir, Options{Analyzer: AnalyzerBigram, BatchSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	ps := corpus()
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	lens := func() [2]uint64 {
		ix.lensMu.Lock()
		defer ix.lensMu.Unlock()
		return [2]uint64{ix.lens[FieldText], ix.lens[FieldSection]}
	}
	base := lens()
	if base[0] == 0 || base[1] == 0 {
		t.Fatalf("lengths not counted: %v", base)
	}
	if err := ix.Add(ctx, ps); err != nil {
		t.Fatal(err)
	}
	if got := lens(); got != base {
		t.Errorf("re-adding the same passages: lengths %v, want %v", got, base)
	}
	// Replace one passage by a longer text, twice in one call (batches
	// of 2, so the copies land in different batches).
	longer := ps[0]
	longer.Text += " 추가 문장 하나"
	if err := ix.Add(ctx, []document.Passage{ps[0], ps[1], ps[2], longer}); err != nil {
		t.Fatal(err)
	}
	want := base
	an := ix.idx.Mapping().AnalyzerNamed(analyzerID(AnalyzerBigram))
	want[0] = base[0] - uint64(len(an.Analyze([]byte(ps[0].Text)))) + uint64(len(an.Analyze([]byte(longer.Text))))
	if got := lens(); got != want {
		t.Errorf("after replacement: lengths %v, want %v", got, want)
	}
	if n, err := ix.Count(); err != nil || n != uint64(len(ps)) {
		t.Errorf("Count = %d, %v; want %d", n, err, len(ps))
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if got := lens(); got != want {
		t.Errorf("after reopening: lengths %v, want %v", got, want)
	}
}

// TestDocStats: a search inside one document weighs terms by that
// document's passages. The report's own subject (on every one of its
// passages, rare in the collection) must not outweigh the term that
// singles out the passage asked for, however common that term is in
// other documents.
func TestDocStats(t *testing.T) {
	mk := func(doc string, ord int, text string) document.Passage {
		return document.Passage{ID: document.PassageID(doc, ord), DocID: doc, Ordinal: ord, Kind: document.KindParagraph, Text: text}
	}
	ps := []document.Passage{
		mk("guide", 0, "수목 관리 지침서는 도시숲의 관리 절차를 정한다."),
		mk("guide", 1, "지침서 개정 이력과 지침서 적용 범위"),
		mk("guide", 2, "승인자 : 산림국장"),
		mk("guide", 3, "이 지침서는 담당 직원의 업무처리를 위한 것이다."),
	}
	for i := range 40 {
		ps = append(ps, mk("other", i, "사업 계획 승인 신청과 승인 절차 안내 "+strconv.Itoa(i)))
	}
	ix, err := NewMemory(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.Add(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		q    Query
		sc   Scoring
		top  string
	}{
		{"document statistics", Query{Text: "지침서 승인자는", DocIDs: []string{"guide"}}, Scoring{}, "guide#2"},
		{"collection statistics", Query{Text: "지침서 승인자는", DocIDs: []string{"guide"}}, Scoring{CollectionStats: true}, "guide#1"},
		{"no document named", Query{Text: "지침서 승인자는"}, Scoring{}, "guide#1"},
		{"kind filter", Query{Text: "지침서 승인자는", DocIDs: []string{"guide"}, Kinds: []document.Kind{document.KindParagraph}}, Scoring{}, "guide#2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, exhaustive := range []bool{false, true} {
				sc := tt.sc.withDefaults()
				sc.exhaustive = exhaustive
				hits, err := ix.SearchWith(context.Background(), tt.q, sc)
				if err != nil {
					t.Fatal(err)
				}
				if len(hits) == 0 || hits[0].Passage.ID != tt.top {
					t.Errorf("exhaustive=%v: hits %v, want %s first", exhaustive, ids(hits), tt.top)
				}
			}
		})
	}
}

// TestOpenInUse: an index another holder has open (bleve's store lock)
// fails within OpenLockTimeout with ErrInUse instead of blocking, and
// opens once the holder closes it.
func TestOpenInUse(t *testing.T) {
	dir := t.TempDir() + "/idx"
	ix, err := Open(dir, Options{Analyzer: AnalyzerBigram})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(context.Background(), corpus()); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		second, err := Open(dir, Options{})
		if err == nil {
			second.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInUse) {
			t.Errorf("second Open: %v, want ErrInUse", err)
		}
	case <-time.After(OpenLockTimeout + 10*time.Second):
		t.Fatal("second Open still waiting")
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("after the holder closed: %v", err)
	}
	again.Close()
}
