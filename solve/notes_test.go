package solve

import (
	"context"
	"math"
	"testing"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// TestChartAnnotationAnswers: task 3 over a chart with annotations (as
// package charts writes them into the table's notes) answers a question
// that names a reference line, a callout or a note from it, and a
// question about the series from the series.
func TestChartAnnotationAnswers(t *testing.T) {
	nan := math.NaN()
	years := []string{"2019", "2020", "2021", "2022", "2023"}
	tfr := charts.Table{Title: "출산율 추이", Type: charts.TypeLine, Categories: years,
		Series: []charts.Series{{Values: []float64{0.92, 0.84, 0.81, 0.78, 0.72}}}, ValueTitle: "합계출산율",
		Annotations: []charts.Annotation{
			{Kind: charts.AnnotationLine, Text: "초저출산 기준 (1.3명)", Number: "1.3", Unit: "명", Dash: "점선", Color: "빨간색", AxisValue: 1.29},
			{Kind: charts.AnnotationCallout, Text: "역대 최저 0.72", Number: "0.72", AxisValue: nan},
			{Kind: charts.AnnotationNote, Text: "※ 2023년은 잠정치", AxisValue: nan},
		}}
	target := charts.Table{Title: "지역별 달성률", Type: charts.TypeBar, Categories: []string{"서울", "부산", "대구"},
		Series: []charts.Series{{Name: "달성률", Values: []float64{55, 92, 71}}},
		Annotations: []charts.Annotation{
			{Kind: charts.AnnotationLine, Text: "목표 80%", Number: "80", Unit: "%", Dash: "파선", Color: "주황색", AxisValue: 80.2},
			{Kind: charts.AnnotationLine, Text: "OECD 평균 1.58", Number: "1.58", Dash: "점선", Color: "회색", AxisValue: nan},
		}}
	bare := charts.Table{Title: "분기별 실적", Type: charts.TypeBar, Categories: []string{"1분기", "2분기"},
		Series: []charts.Series{{Values: []float64{40, 60}}},
		Annotations: []charts.Annotation{
			{Kind: charts.AnnotationLine, Dash: "파선", Color: "회색", AxisValue: 50},
		}}
	docs := fakeDocs{}
	for id, tb := range map[string]charts.Table{"tfr": tfr, "target": target, "bare": bare} {
		docs[id] = &document.Document{ID: id, Blocks: []document.Block{{Kind: document.KindTable, Text: tb.Title, Table: tb.Document()}}}
	}
	s := &Solver{Docs: docs, Refs: docs}
	for _, tc := range []struct {
		ref, q, want string
	}{
		// Named by the line's look or the caption's words.
		{"tfr", "그래프의 점선이 나타내는 기준값은?", "1.3"},
		{"tfr", "초저출산 기준은 몇 명으로 표시되어 있나?", "1.3"},
		{"tfr", "빨간 선이 가리키는 값은 얼마인가?", "1.3"},
		{"tfr", "기준선의 값은?", "1.3"},
		{"tfr", "역대 최저치로 표시된 값은 얼마인가?", "0.72"},
		{"target", "목표치는 몇 %로 표시되어 있나?", "80"},
		{"target", "OECD 평균은 얼마인가?", "1.58"},
		{"bare", "점선이 가리키는 값은?", "50"},
		// The series still answers what it is asked.
		{"tfr", "합계출산율이 가장 낮았던 해는 언제인가?", "2023"},
		{"tfr", "2020년 합계출산율은 얼마인가?", "0.84"},
		{"tfr", "합계출산율의 최댓값은 얼마인가?", "0.92"},
		{"target", "부산의 달성률은 몇 %인가?", "92"},
		{"target", "달성률이 가장 높은 지역은 어디인가?", "부산"},
	} {
		t.Run(tc.ref+"/"+tc.q, func(t *testing.T) {
			ans, err := s.table(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: tc.ref, Question: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			if ans.Value != tc.want {
				t.Errorf("got %q, want %q (evidence %+v)", ans.Value, tc.want, ans.Evidence)
			}
		})
	}
}

// TestNoteValueLeavesSeriesQuestions: questions that compare the series
// with a line, ask a date or name a category are not answered from the
// notes.
func TestNoteValueLeavesSeriesQuestions(t *testing.T) {
	tb := charts.Table{Type: charts.TypeLine, Categories: []string{"2020", "2021"}, Series: []charts.Series{{Values: []float64{1.4, 1.2}}},
		Annotations: []charts.Annotation{{Kind: charts.AnnotationLine, Text: "초저출산 기준 (1.3명)", Number: "1.3", Dash: "점선", Color: "빨간색", AxisValue: math.NaN()}}}
	refs := []tableRef{{Table: tb.Document()}}
	for _, q := range []string{
		"초저출산 기준보다 낮아진 첫 해는 언제인가?",
		"점선 아래로 내려간 해는?",
		"2021년 값은 기준선과 얼마나 차이 나는가?",
		"합계출산율이 가장 높았던 해는 언제인가?",
		"합계출산율의 최댓값은?",
	} {
		if v, _, note, _, ok := noteValue(refs, q, false); ok {
			t.Errorf("%s: answered %q from note %q", q, v, note)
		}
	}
}

// TestNoteValueInDocument: among a document's tables found by search, a
// chart's notes answer only a question that also names the chart.
func TestNoteValueInDocument(t *testing.T) {
	chart := charts.Table{Title: "합계출산율 추이", Type: charts.TypeLine, Categories: []string{"2020", "2021"}, Series: []charts.Series{{Values: []float64{0.84, 0.81}}},
		Annotations: []charts.Annotation{{Kind: charts.AnnotationLine, Text: "초저출산 기준 (1.3명)", Number: "1.3", Dash: "점선", Color: "빨간색", AxisValue: math.NaN()}}}
	refs := []tableRef{{Table: chart.Document(), Caption: chart.Title}}
	for _, tc := range []struct {
		q  string
		ok bool
	}{
		{"합계출산율 그래프의 점선이 나타내는 기준값은?", true},
		{"지원 기준 금액은 얼마인가?", false},
	} {
		v, _, _, _, ok := noteValue(refs, tc.q, true)
		if ok != tc.ok || ok && v != "1.3" {
			t.Errorf("%s: got %q %v, want answered %v", tc.q, v, ok, tc.ok)
		}
	}
}
