package solve

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// recordingRetriever is a fakeIndex that keeps the queries it was asked.
type recordingRetriever struct {
	fakeIndex
	mu      sync.Mutex
	queries []retrieval.Query
}

func (r *recordingRetriever) Search(ctx context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	r.mu.Lock()
	r.queries = append(r.queries, q)
	r.mu.Unlock()
	return r.fakeIndex.Search(ctx, q)
}

// TestParagraphs: task 1 searches the document without the phrase that
// names the document itself, and a form's table (where Hangul documents
// keep much of their text) can be one of the three paragraphs.
func TestParagraphs(t *testing.T) {
	doc := &document.Document{ID: "form", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "이 신청서는 사업 참여를 위한 신청서이다."},
		{Kind: document.KindParagraph, Text: "신청서 작성 요령: 빈칸을 모두 채운다."},
		{Kind: document.KindTable, Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "접수처"}, {Text: "담당"}},
			{{Text: "시청 민원실"}, {Text: "홍길동"}},
		}}},
	}}
	docs := fakeDocs{"form": doc}
	tests := []struct {
		name      string
		question  string
		wantQuery string // the text searched
		wantFirst string // a piece of the first paragraph
	}{
		{"document named", "이 신청서의 접수처는 어디인가?", "접수처는 어디인가?", "시청 민원실"},
		{"plain", "신청서 작성 요령은?", "신청서 작성 요령은?", "빈칸을 모두"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recordingRetriever{fakeIndex: fakeIndex{ps: document.Passages(doc)}}
			s := &Solver{Retriever: r, Docs: docs, Refs: docs}
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "form", Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			if len(r.queries) == 0 || r.queries[0].Text != tt.wantQuery {
				t.Errorf("queries %+v, want text %q", r.queries, tt.wantQuery)
			}
			ps, _ := ans.Value.([]RankedParagraph)
			if len(ps) == 0 || !strings.Contains(ps[0].Paragraph, tt.wantFirst) {
				t.Errorf("paragraphs %+v, want %q first", ps, tt.wantFirst)
			}
		})
	}
}
