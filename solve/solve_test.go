package solve

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/textkit"
)

// fakeIndex ranks passages by bigram coverage of the query: enough to
// test the solvers without bleve.
type fakeIndex struct{ ps []document.Passage }

func (f fakeIndex) Search(_ context.Context, q retrieval.Query) ([]retrieval.Hit, error) {
	var hits []retrieval.Hit
	for _, p := range f.ps {
		if len(q.DocIDs) > 0 && p.DocID != q.DocIDs[0] {
			continue
		}
		if len(q.Kinds) > 0 {
			ok := false
			for _, k := range q.Kinds {
				ok = ok || k == p.Kind
			}
			if !ok {
				continue
			}
		}
		if s := textkit.Coverage(q.Text, p.Text); s >= 0 {
			hits = append(hits, retrieval.Hit{Passage: p, Score: s})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if q.K > 0 && len(hits) > q.K {
		hits = hits[:q.K]
	}
	return hits, nil
}

type fakeDocs map[string]*document.Document

func (f fakeDocs) Document(_ context.Context, id string) (*document.Document, error) {
	if d, ok := f[id]; ok {
		return d, nil
	}
	return nil, errors.New("no such document")
}

func (f fakeDocs) Ref(_ context.Context, id string) ([]document.Block, error) {
	if d, ok := f[id]; ok {
		return d.Blocks, nil
	}
	return nil, errors.New("no such ref")
}

func testSolver() *Solver {
	doc := &document.Document{ID: "r1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "지원사업은 2021년에 시작되었다."},
		{Kind: document.KindParagraph, Text: "- 유형별로 보면 생활숲 38개소, 가로숲 27개소, 학교숲 15개소 등 모두 80개소임"},
		{Kind: document.KindParagraph, Text: "조성 면적은 누적 142헥타르이다."},
		{Kind: document.KindParagraph, Text: "유지관리 예산이 부족하다."},
		{Kind: document.KindTable, Text: "[표 1] 권역별 예산", Table: &document.Table{Caption: "[표 1] 권역별 예산", Rows: [][]document.Cell{
			{{Text: "권역"}, {Text: "예산(억 원)"}, {Text: "집행률(%)"}},
			{{Text: "수도권"}, {Text: "120"}, {Text: "95.0"}},
			{{Text: "충청권"}, {Text: "64"}, {Text: "81.3"}},
		}}},
	}}
	ref := &document.Document{ID: "t1", Blocks: []document.Block{
		{Kind: document.KindTable, Text: "[표 6] 수종별 효과 비교", Table: &document.Table{Caption: "[표 6] 수종별 효과 비교", Rows: [][]document.Cell{
			{{Text: "수종"}, {Text: "잎 면적 지수"}, {Text: "연간 흡착량(g/그루)"}},
			{{Text: "느티나무"}, {Text: "5.2"}, {Text: "168"}},
			{{Text: "소나무1)"}, {Text: "4.4"}, {Text: "141"}},
		}}},
	}}
	docs := fakeDocs{"r1": doc, "t1": ref}
	return &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
}

func form(t *testing.T, js string) []dataset.FormRow {
	var rows []dataset.FormRow
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestSolve(t *testing.T) {
	s := testSolver()
	ctx := context.Background()
	tests := []struct {
		name    string
		p       dataset.Problem
		want    string // JSON of the answer value
		wantErr bool
	}{
		{"task1 first paragraph", dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "r1", Question: "유형별로 보면 몇 개소인가?"}, "", false},
		{"task2 sentence", dataset.Problem{ProblemNo: "2", TaskNo: "2", DocFile: "r1", Question: "유형별로 보면 몇 개소인가?",
			AnswerForm: form(t, `[{"유형":"생활숲","개소":""},{"유형":"학교숲","개소":""}]`)},
			`[{"유형":"생활숲","개소":"38"},{"유형":"학교숲","개소":"15"}]`, false},
		{"task2 table", dataset.Problem{ProblemNo: "3", TaskNo: "2", DocFile: "r1", Question: "권역별 집행률은?",
			AnswerForm: form(t, `[{"권역":"충청권","집행률(%)":""}]`)},
			`[{"권역":"충청권","집행률(%)":"81.3"}]`, false},
		{"task3 ref", dataset.Problem{ProblemNo: "4", TaskNo: "3", RefFile: "t1", Question: "수종별 효과 비교에서 소나무의 연간 흡착량(g/그루)은 ?"}, `"141"`, false},
		{"task2 missing doc", dataset.Problem{ProblemNo: "5", TaskNo: "2", DocFile: "nope", Question: "q",
			AnswerForm: form(t, `[{"a":"b","c":""}]`)}, `[{"a":"b","c":""}]`, true},
		{"unknown task", dataset.Problem{ProblemNo: "6", TaskNo: "7", Question: "q"}, `""`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := s.Solve(ctx, tt.p)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			got, _ := json.Marshal(ans.Value)
			if tt.want != "" && string(got) != tt.want {
				t.Errorf("answer = %s, want %s", got, tt.want)
			}
		})
	}
	ans, _ := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "r1", Question: "유형별로 보면 몇 개소인가?"})
	paras := ans.Value.([]RankedParagraph)
	if len(paras) != 3 || paras[0].Rank != "1" || paras[0].Paragraph != "- 유형별로 보면 생활숲 38개소, 가로숲 27개소, 학교숲 15개소 등 모두 80개소임" {
		t.Errorf("task 1 = %+v", paras)
	}
	ans, _ = s.Solve(ctx, dataset.Problem{ProblemNo: "7", TaskNo: "4", Question: "유형별로 보면 몇 개소인가?"})
	if ans.Value != "생활숲 38개소, 가로숲 27개소, 학교숲 15개소" || len(ans.Evidence) == 0 {
		t.Errorf("task 4 = %q %+v", ans.Value, ans.Evidence)
	}
}

func TestValueAfter(t *testing.T) {
	tests := []struct {
		text, label, unit, want string
		ok                      bool
	}{
		{"출국장 22개, 시내 24개", "시내", "개", "24", true},
		{"베이직스토아가 5일, 메타랜드와 시루산이 7일", "메타랜드와 시루산", "", "7", true},
		{"1차 20 징수결의, 2차 30 징수결의", "2차", "", "30", true},
		{"총 1,120건이다", "총", "건", "1120", true},
		{"아무 숫자도 없다", "아무", "", "", false},
		{"라벨 없음 12", "다른", "", "", false},
	}
	for _, tt := range tests {
		got, ok := valueAfter(tt.text, tt.label, columnUnit(tt.unit))
		if got != tt.want || ok != tt.ok {
			t.Errorf("valueAfter(%q, %q) = %q %v, want %q %v", tt.text, tt.label, got, ok, tt.want, tt.ok)
		}
	}
}
