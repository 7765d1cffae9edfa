package solve

import (
	"context"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// memorySolver indexes docs in an in-memory index (our BM25, the default
// analyzer) and returns a Solver over them.
func memorySolver(t *testing.T, docs ...*document.Document) *Solver {
	t.Helper()
	ix, err := retrieval.NewMemory(retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	fd := fakeDocs{}
	for _, d := range docs {
		if err := ix.Add(context.Background(), document.Passages(d)); err != nil {
			t.Fatal(err)
		}
		fd[d.ID] = d
	}
	return &Solver{Retriever: ix, Docs: fd, Refs: fd}
}

// programmeReport is a written report whose title names its programme;
// many lines repeat the programme's name, the short items under "□ 운영
// 개요" do not.
func programmeReport() *document.Document {
	p := func(text string) document.Block { return document.Block{Kind: document.KindParagraph, Text: text} }
	return &document.Document{ID: "plan", Blocks: []document.Block{
		{Kind: document.KindHeading, Text: "2031년 청년창업도약사업 운영계획"},
		p("□ 추진 경과"),
		p("▪ ’29~’30년 1단계 청년창업도약사업 추진 및 참여 기업 성과 분석 실시"),
		p("▪ ’30년 청년창업도약사업 중간 점검 회의 개최(’30.5.~6.)"),
		p("▪ ’31년 청년창업도약사업 개편 방향에 대한 현장 의견 수렴(’30.9.~12.)"),
		p("▪ 청년창업도약사업 참여 기업의 매출과 고용이 늘어 사업 확대 요구가 꾸준히 제기됨"),
		p("□ 운영 개요"),
		p("◦ (운영 기간) ’31.4.1.~’31.11.30."),
		p("◦ (참여 규모) 창업팀 120팀 (지역별 균형 선발)"),
		p("◦ (지원 내용) 시제품 제작비, 전문가 멘토링, 판로 개척 등 단계별 지원"),
		p("□ 향후 계획"),
		p("◦ 청년창업도약사업 성과 공유회를 열어 우수 사례를 전 지역으로 확산"),
		p("◦ 청년창업도약사업 운영 결과를 바탕으로 다음 연도 계획을 보완"),
	}}
}

// TestShortPassageWithHeading: a short item ("◦ (운영 기간) …") under a
// heading, in a report whose title names the topic, is the answer to a
// question that names the topic, ahead of long lines that repeat the
// topic; a question that only a topic line answers still gets that line.
func TestShortPassageWithHeading(t *testing.T) {
	s := memorySolver(t, programmeReport())
	tests := []struct {
		question, wantFirst string
	}{
		{"청년창업도약사업 운영은 언제부터 언제까지 진행되나?", "(운영 기간)"},
		{"청년창업도약사업의 참여 규모는 몇 팀인가?", "(참여 규모)"},
		{"청년창업도약사업에서 지원하는 내용은 무엇인가?", "(지원 내용)"},
		{"청년창업도약사업 중간 점검 회의는 언제 열렸나?", "중간 점검 회의"},
		{"청년창업도약사업 성과 공유회는 어떻게 활용되나?", "성과 공유회"},
	}
	for _, tt := range tests {
		t.Run(tt.question, func(t *testing.T) {
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "1", DocFile: "plan", Question: tt.question})
			if err != nil {
				t.Fatal(err)
			}
			ps, _ := ans.Value.([]RankedParagraph)
			if len(ps) == 0 || !strings.Contains(ps[0].Paragraph, tt.wantFirst) {
				t.Errorf("first paragraph %+v, want one with %q", ps, tt.wantFirst)
			}
		})
	}
}

// TestPeriodQuestionFindsPeriodLabel: a question asking a span of time
// (from when to when, a period, a schedule) is searched with the words
// that label one, and a passage labelled so that holds a date outranks
// passages that hold dates under other labels.
func TestPeriodQuestionFindsPeriodLabel(t *testing.T) {
	spans := []struct {
		question string
		want     bool
	}{
		{"사업은 언제부터 언제까지 운영되나?", true},
		{"신청 기간은 어떻게 되나?", true},
		{"접수 일정은?", true},
		{"보고서 제출 기한은 언제인가?", true},
		{"참여 인원은 몇 명인가?", false},
		{"지원 금액은 얼마인가?", false},
	}
	for _, tt := range spans {
		if got := asksSpan(tt.question); got != tt.want {
			t.Errorf("asksSpan(%q) = %v, want %v", tt.question, got, tt.want)
		}
		if got := spanQuery(tt.question) != tt.question; got != tt.want {
			t.Errorf("spanQuery(%q) expanded %v, want %v", tt.question, got, tt.want)
		}
	}
	hit := func(id, text string, score float64) retrieval.Hit {
		return retrieval.Hit{Passage: document.Passage{ID: id, Text: text}, Score: score}
	}
	rank := []struct {
		name     string
		question string
		hits     []retrieval.Hit
		want     string
	}{
		{"label in parentheses", "교육 과정은 언제부터 언제까지 열리나?", []retrieval.Hit{
			hit("a", "▪ ’30년 교육 과정 만족도 조사 실시(’30.11.~12.)", 10),
			hit("b", "▪ 교육 과정 개편 관련 의견 수렴(’30.3.~4.)", 9),
			hit("c", "◦ (교육 기간) ’31.3.2.~’31.7.31.", 4),
		}, "c"},
		{"label with colon", "접수 일정은 어떻게 되나?", []retrieval.Hit{
			hit("a", "▪ 지난해 접수 결과 분석(’30.2.~3.)", 10),
			hit("b", "- 접수 일정 : ’31.1.10.~’31.1.24.", 6),
		}, "b"},
		{"not a span question", "만족도 조사는 언제 실시했나?", []retrieval.Hit{
			hit("a", "▪ ’30년 교육 과정 만족도 조사 실시(’30.11.~12.)", 10),
			hit("c", "◦ (교육 기간) ’31.3.2.~’31.7.31.", 4),
		}, "a"},
	}
	for _, tt := range rank {
		t.Run(tt.name, func(t *testing.T) {
			got := rerankParagraphs(tt.hits, tt.question, nil)
			if got[0].Passage.ID != tt.want {
				t.Errorf("first %q, want %q", got[0].Passage.Text, tt.want)
			}
		})
	}
}

// droneReport lists training bodies in two tables without captions, each
// under a line that says what its rows are; the same school is in both.
func droneReport() *document.Document {
	p := func(text string) document.Block { return document.Block{Kind: document.KindParagraph, Text: text} }
	tab := func(rows ...[]string) document.Block {
		t := &document.Table{}
		for _, r := range rows {
			var cells []document.Cell
			for _, c := range r {
				cells = append(cells, document.Cell{Text: c})
			}
			t.Rows = append(t.Rows, cells)
		}
		return document.Block{Kind: document.KindTable, Table: t}
	}
	return &document.Document{ID: "drone", Blocks: []document.Block{
		{Kind: document.KindHeading, Text: "무인비행 전문교육기관 현황"},
		p("□ 전문교육기관 : 총 5개"),
		p("◦ 드론 조종 교육기관 : 총 3개"),
		p("* 대학 2, 민간 1"),
		tab([]string{"순번", "교육기관", "지정일", "정원(年)"},
			[]string{"1", "가람대학교", "2029.03", "48명"},
			[]string{"2", "누리대학교", "2029.07", "30명"},
			[]string{"3", "하늘드론아카데미", "2030.01", "12명"}),
		p("◦ 드론 정비 교육기관 : 총 2개"),
		tab([]string{"순번", "교육기관", "지정일", "정원(年)"},
			[]string{"1", "가람대학교", "2030.05", "20명"},
			[]string{"2", "바른정비학교", "2030.09", "16명"}),
	}}
}

// TestTableRowCarriesCaption: a table without a caption carries the line
// above that heads it, in its passage (so retrieval finds its rows by the
// heading's words), in tablesOf's caption and in its evidence; a
// question naming the heading's words finds that table's row first.
func TestTableRowCarriesCaption(t *testing.T) {
	d := droneReport()
	tables := tablesOf(d.ID, d.Blocks)
	wantCaps := []string{"◦ 드론 조종 교육기관 : 총 3개", "◦ 드론 정비 교육기관 : 총 2개"}
	if len(tables) != len(wantCaps) {
		t.Fatalf("%d tables, want %d", len(tables), len(wantCaps))
	}
	for i, want := range wantCaps {
		if tables[i].Caption != want {
			t.Errorf("table %d caption %q, want %q", i, tables[i].Caption, want)
		}
		if !strings.HasPrefix(tables[i].Ev.Paragraph, want) {
			t.Errorf("table %d evidence %q, want it to start with %q", i, tables[i].Ev.Paragraph, want)
		}
	}
	var tablePassages []string
	for _, p := range document.Passages(d) {
		if p.Kind == document.KindTable {
			tablePassages = append(tablePassages, p.Text)
		}
	}
	for i, want := range wantCaps {
		if i >= len(tablePassages) || !strings.HasPrefix(tablePassages[i], want) {
			t.Errorf("table passage %d %q, want it to start with %q", i, tablePassages, want)
		}
	}
	s := memorySolver(t, d)
	tests := []struct {
		query, want string
	}{
		{"가람대학교 드론 정비 과정 정원", "드론 정비 교육기관"},
		{"가람대학교 드론 조종 과정 정원", "드론 조종 교육기관"},
	}
	for _, tt := range tests {
		hits, err := s.search(context.Background(), retrieval.Query{Text: tt.query, Kinds: []document.Kind{document.KindTable}, K: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || !strings.HasPrefix(hits[0].Passage.Text, "◦ "+tt.want) {
			t.Errorf("%q: first table %+v, want the one under %q", tt.query, hits, tt.want)
		}
	}
}
