package solve

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/odt"
)

// fixtureSolver serves the ref-style table fragments of
// testdata/tables as refs named by their file stem.
func fixtureSolver(t *testing.T) *Solver {
	t.Helper()
	docs := fakeDocs{}
	files, err := filepath.Glob(filepath.Join("testdata", "tables", "*.xml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := odt.ParseFragment(context.Background(), fh, odt.Options{})
		fh.Close()
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		id := filepath.Base(f[:len(f)-len(".xml")])
		d.ID = id
		docs[id] = d
	}
	return &Solver{Retriever: fakeIndex{}, Docs: docs, Refs: docs}
}

type task3Case struct{ ref, q, want string }

func runTask3(t *testing.T, cases []task3Case) {
	t.Helper()
	s := fixtureSolver(t)
	for _, tc := range cases {
		ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "3", RefFile: tc.ref, Question: tc.q})
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		if ans.Value != tc.want {
			t.Errorf("%s [%s] = %q, want %q", tc.q, tc.ref, ans.Value, tc.want)
		}
	}
}

// TestOrdinalQuestions: "N번째로 높은/많은/낮은", "N째로", "N위", "가장 …
// 것 다음으로" rank the series; the answer is the label when the question
// asks which (것, 항목, 수단, 연도, 어느) and the value otherwise.
func TestOrdinalQuestions(t *testing.T) {
	runTask3(t, []task3Case{
		{"items_share", "응답 비율이 두 번째로 높은 통근 수단은?", "지하철"},
		{"items_share", "두번째로 많이 이용하는 수단은 무엇인가?", "지하철"},
		{"items_share", "세 번째로 비율이 큰 것은?", "자가용"},
		{"items_share", "셋째로 높은 응답 비율은 몇 %인가?", "22.8"},
		{"items_share", "가장 낮은 것 다음으로 비율이 낮은 항목은?", "자전거"},
		{"items_share", "2위인 통근 수단은 어느 것인가?", "지하철"},
		{"items_share", "두 번째로 적은 응답 비율은 얼마인가?", "5.1"},
		{"yearly_rows", "생산량이 두 번째로 많았던 연도는?", "2007"},
		{"yearly_rows", "경제적 여건과 무관하게 세 번째로 낮은 생산량은?", "1.93"},
	})
}

// TestCountWhere: "몇 개/곳/해/번" with a threshold (이상, 이하, 초과, 미만,
// 넘는, 에 못 미치는, 보다 높은, 밑도는 …) or a change (전년보다 감소한)
// counts the points that meet it.
func TestCountWhere(t *testing.T) {
	runTask3(t, []task3Case{
		{"items_share", "응답 비율이 10% 미만인 수단은 몇 개인가?", "3"},
		{"items_share", "응답 비율이 10%에 못 미치는 항목은 몇 가지인가?", "3"},
		{"items_share", "비율이 20%를 넘는 통근 수단은 몇 개인가?", "3"},
		{"items_share", "비율이 22.8% 이상인 수단의 개수는?", "3"},
		{"items_share", "응답 비율이 5.1% 이하인 수단은 몇 개인가?", "2"},
		{"items_share", "비율이 25%보다 높은 수단은 몇 개?", "2"},
		{"yearly_rows", "생산량이 3만 톤을 밑돈 해는 몇 해인가?", "9"},
		{"yearly_rows", "생산량이 전년보다 감소한 해는 몇 번인가?", "10"},
		{"yearly_cols", "방문객 수가 400만 명 이상이었던 해는 몇 년인가?", "3"},
	})
}

// TestRangeRestrict: a range of years ("2000년대 후반", "2015년 이후",
// "2010~2013년 사이", "2008년부터 2012년까지", "최근 3년") narrows max, min,
// mean, sum, rank and count to the points in it.
func TestRangeRestrict(t *testing.T) {
	runTask3(t, []task3Case{
		{"yearly_rows", "2010년대 중 생산량이 두 번째로 많았던 연도는?", "2012"},
		{"yearly_rows", "2000년대에 생산량이 최저였던 해는 언제인가?", "2005"},
		{"yearly_rows", "2015년 이후 생산량이 가장 높았던 해는?", "2015"},
		{"yearly_rows", "2010~2013년 사이 생산량의 최댓값은 얼마인가?", "3.4"},
		{"yearly_rows", "2008년부터 2011년까지 생산량의 평균은?", "3.59"},
		{"yearly_rows", "2012년 이전 생산량이 가장 적었던 연도는?", "2011"},
		{"yearly_rows", "최근 3년 중 생산량이 가장 많은 해는?", "2018"},
		{"yearly_rows", "2016년 이후 생산량이 2만 톤 미만인 해는 몇 해인가?", "3"},
		{"yearly_cols", "’20~’23년 사이 관광 수입이 가장 많았던 해는?", "’23"},
		{"yearly_cols", "2019년 이후 방문객 수가 가장 적었던 해는 언제인가?", "’20"},
	})
}

// TestFirstCrossing: "처음으로/최초로 X 미만으로 떨어진", "처음 X를 넘어선",
// "마지막으로 … 증가한" give the first or last point meeting the
// condition, as its label unless a value is asked.
func TestFirstCrossing(t *testing.T) {
	runTask3(t, []task3Case{
		{"yearly_rows", "생산량이 처음으로 3만 톤 미만으로 떨어진 해는 언제인가?", "2011"},
		{"yearly_rows", "생산량이 최초로 2만 톤 아래로 내려간 연도는?", "2017"},
		{"yearly_rows", "생산량이 처음으로 4만 톤을 넘어선 해는?", "2008"},
		{"yearly_rows", "생산량이 마지막으로 전년보다 증가한 해는 언제인가?", "2018"},
		{"yearly_rows", "생산량이 마지막으로 3만 톤 이상이었던 해는 몇 년인가?", "2012"},
		{"yearly_rows", "생산량이 처음으로 감소한 해의 생산량은 얼마인가?", "3.61"},
		{"yearly_cols", "관광 수입이 처음으로 1,400억원을 넘은 해는?", "’23"},
	})
}

// TestAsksLabel: the question's head noun or interrogative decides
// between a row's label and its value before anything is computed.
func TestAsksLabel(t *testing.T) {
	for q, want := range map[string]bool{
		"생산량이 가장 많았던 연도는?":      true,
		"생산량이 가장 많았던 해는?":       true,
		"생산량이 가장 많았던 년도는 언제인가?": true,
		"생산량이 가장 많은 시기는?":       true,
		"비율이 가장 높은 요인은?":        true,
		"비율이 가장 높은 것은 무엇인가?":    true,
		"몇 년도에 가장 많았나?":         true,
		"어느 해에 가장 많았나?":         true,
		"비율이 가장 높은 항목의 값은?":     false,
		"가장 높은 비율은 얼마인가?":       false,
		"가장 높은 비율은 몇 %인가?":      false,
		"생산량의 최댓값은?":            false,
	} {
		if got := asksLabel(q); got != want {
			t.Errorf("asksLabel(%s) = %v, want %v", q, got, want)
		}
	}
	runTask3(t, []task3Case{
		{"yearly_rows", "생산량이 가장 많았던 연도는?", "2008"},
		{"yearly_rows", "생산량이 최고였던 해는?", "2008"},
		{"yearly_rows", "생산량의 최고치는 얼마인가?", "4.12"},
		{"items_share", "가장 많이 꼽힌 통근 수단은?", "버스"},
	})
}

// TestAskSeries reads the parts of a question a series operation needs.
func TestAskSeries(t *testing.T) {
	for _, tc := range []struct {
		q    string
		want seriesAsk
	}{
		{"1980년대 초반 중 가장 높은 해", seriesAsk{Range: yearRange{From: 1980, To: 1983}}},
		{"90년대 말 가장 높은 해", seriesAsk{Range: yearRange{From: 1996, To: 1999}}},
		{"’15~’18년 값이 두 번째로 큰 해", seriesAsk{Rank: 2, High: true, Range: yearRange{From: 2015, To: 2018}}},
		{"1.5배를 넘는 지역은 몇 곳", seriesAsk{Count: true, Cond: &seriesCond{Cmp: ">", Value: 1.5}}},
		{"값이 3 이하로 처음 떨어진 해", seriesAsk{First: true, Cond: &seriesCond{Cmp: "<=", Value: 3}}},
		{"2015년 이후 처음 증가한 해", seriesAsk{First: true, Cond: &seriesCond{Cmp: "rise"}, Range: yearRange{From: 2015}}},
		{"경제적 부담이 두 번째로 큰 계층", seriesAsk{Rank: 2, High: true}},
		{"10% 높은 값", seriesAsk{}},
	} {
		got := askSeries(tc.q)
		got.spans = nil
		if got.Rank != tc.want.Rank || got.High != tc.want.High || got.Count != tc.want.Count || got.First != tc.want.First || got.Last != tc.want.Last || got.Range != tc.want.Range ||
			(got.Cond == nil) != (tc.want.Cond == nil) || got.Cond != nil && *got.Cond != *tc.want.Cond {
			t.Errorf("askSeries(%s) = %+v (cond %+v), want %+v (cond %+v)", tc.q, got, got.Cond, tc.want, tc.want.Cond)
		}
	}
	_ = document.KindTable
}
