package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// tableBlock is a table block of rows of cells ("text", or spans).
func tableBlock(rows ...[]document.Cell) document.Block {
	return document.Block{Kind: document.KindTable, Page: 1, Table: &document.Table{Rows: rows}}
}

func tc(text string) document.Cell { return document.Cell{Text: text} }

func tspan(text string, rs, cs int) document.Cell {
	return document.Cell{Text: text, RowSpan: rs, ColSpan: cs}
}

// TestGroupHeaderCells: a form asking per item under a group header
// reads the intersection of the item's row (or column) and the column
// the group and the form name: a year spanning sub-columns, years as
// rows with items as columns, and an amendment table whose "개정 후"
// spans the company sizes (or whose rows are the sizes, or that writes
// both sides as text) answered from the side asked, in the form's
// order, never from the other side or a footnote; a month the question
// names for every year column picks the sub-column of that month; items
// stacked in one cell ("▣ 합계 ㅇ 가 ㅇ 나") are rows of their own.
func TestGroupHeaderCells(t *testing.T) {
	yearGroups := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "□ 재정수입 전망 (단위: 조원)"},
		tableBlock(
			[]document.Cell{tspan("구분", 2, 1), tspan("2030년", 1, 2), tspan("2031년", 1, 2)},
			[]document.Cell{tc("예산"), tc("결산"), tc("예산"), tc("결산")},
			[]document.Cell{tc("가람수입"), tc("410.2"), tc("405.1"), tc("420.7"), tc("418.3")},
			[]document.Cell{tc("나래수입"), tc("31.5"), tc("30.9"), tc("33.0"), tc("32.4")},
			[]document.Cell{tc("다온수입"), tc("220.8"), tc("219.6"), tc("231.1"), tc("228.9")},
		),
	}
	yearRows := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "□ 연도별 재정수입 (단위: 조원)"},
		tableBlock(
			[]document.Cell{tc("연도"), tc("가람수입"), tc("나래수입"), tc("다온수입")},
			[]document.Cell{tc("2029년"), tc("398.0"), tc("29.7"), tc("210.4")},
			[]document.Cell{tc("2030년"), tc("410.2"), tc("31.5"), tc("220.8")},
			[]document.Cell{tc("2031년"), tc("420.7"), tc("33.0"), tc("231.1")},
		),
	}
	amendCols := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "□ 설비투자 세액공제율 상향"},
		tableBlock(
			[]document.Cell{tspan("구분", 2, 1), tspan("개정 전", 1, 3), tspan("개정 후", 1, 3)},
			[]document.Cell{tc("대기업"), tc("중견기업"), tc("중소기업"), tc("대기업"), tc("중견기업"), tc("중소기업")},
			[]document.Cell{tc("기본 공제율"), tc("1%"), tc("3%"), tc("10%"), tc("3%"), tc("7%"), tc("12%")},
		),
		{Kind: document.KindParagraph, Page: 1, Text: "* 중소기업이 지방에 투자하면 2%p를 더 공제"},
	}
	amendRows := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "□ 설비투자 세액공제율 상향"},
		tableBlock(
			[]document.Cell{tc("구분"), tc("개정 전"), tc("개정 후")},
			[]document.Cell{tc("대기업"), tc("1%"), tc("3%")},
			[]document.Cell{tc("중견기업"), tc("3%"), tc("7%")},
			[]document.Cell{tc("중소기업"), tc("10%"), tc("12%")},
		),
		{Kind: document.KindParagraph, Page: 1, Text: "* 중소기업이 지방에 투자하면 2%p를 더 공제"},
	}
	monthGroups := []document.Block{
		tableBlock(
			[]document.Cell{tspan("구분", 2, 1), tspan("’30년", 1, 3), tspan("’31년", 1, 3)},
			[]document.Cell{tc("본예산"), tc("5월"), tc("5월 (누계)"), tc("본예산"), tc("5월"), tc("5월 (누계)")},
			[]document.Cell{tc("총수입"), tc("600.1"), tc("40.2"), tc("250.3"), tc("620.4"), tc("42.8"), tc("261.7")},
			[]document.Cell{tc("총지출"), tc("610.5"), tc("55.1"), tc("280.6"), tc("640.2"), tc("57.9"), tc("296.4")},
		),
	}
	stacked := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "□ 중기 재정수입 (단위: 조원)"},
		tableBlock(
			[]document.Cell{tc(""), tc("’30년"), tc("’31년")},
			[]document.Cell{tc("▣ 재정수입 ㅇ 가람수입 ㅇ 나래수입 ㅇ 다온수입"), tc("662.5 410.2 31.5 220.8"), tc("684.8 420.7 33.0 231.1")},
		),
	}
	amendText := paras(
		"□ 설비투자 세액공제율 상향",
		"◦ 기본 공제율 : (개정 전) 대기업 1%, 중견기업 3%, 중소기업 10% → (개정 후) 대기업 3%, 중견기업 7%, 중소기업 12%",
		"* 중소기업이 지방에 투자하면 2%p를 더 공제",
	)
	amendArrow := paras(
		"□ 설비투자 세액공제율 상향",
		"◦ 기본 공제율 : 대기업 1%, 중견기업 3%, 중소기업 10% → 대기업 3%, 중견기업 7%, 중소기업 12%",
	)
	sizes := `[{"기업 규모":"중소기업","공제율(%)":""},{"기업 규모":"대기업","공제율(%)":""},{"기업 규모":"중견기업","공제율(%)":""}]`
	sizesAfter := `[{"기업 규모":"중소기업","공제율(%)":"12"},{"기업 규모":"대기업","공제율(%)":"3"},{"기업 규모":"중견기업","공제율(%)":"7"}]`
	runOneDocCases(t, []oneDocCase{
		{"year group over sub-columns", yearGroups, "2031년 결산 기준 가람수입, 나래수입, 다온수입은 각각 얼마인가?",
			`[{"구분":"가람수입","금액(조원)":""},{"구분":"나래수입","금액(조원)":""},{"구분":"다온수입","금액(조원)":""}]`,
			`[{"구분":"가람수입","금액(조원)":"418.3"},{"구분":"나래수입","금액(조원)":"32.4"},{"구분":"다온수입","금액(조원)":"228.9"}]`},
		{"year group in the form's column", yearGroups, "가람수입과 다온수입의 2030년 예산은?",
			`[{"구분":"가람수입","2030년 예산(조원)":""},{"구분":"다온수입","2030년 예산(조원)":""}]`,
			`[{"구분":"가람수입","2030년 예산(조원)":"410.2"},{"구분":"다온수입","2030년 예산(조원)":"220.8"}]`},
		{"years as rows, items as columns", yearRows, "2030년 가람수입, 나래수입, 다온수입은 각각 얼마인가?",
			`[{"구분":"가람수입","2030년(조원)":""},{"구분":"나래수입","2030년(조원)":""},{"구분":"다온수입","2030년(조원)":""}]`,
			`[{"구분":"가람수입","2030년(조원)":"410.2"},{"구분":"나래수입","2030년(조원)":"31.5"},{"구분":"다온수입","2030년(조원)":"220.8"}]`},
		{"a month the question names under each year", monthGroups, "5월말 누계 총수입과 총지출은 ’30년과 ’31년에 각각 얼마인가?",
			`[{"구분":"총수입","’30년":"","’31년":""},{"구분":"총지출","’30년":"","’31년":""}]`,
			`[{"구분":"총수입","’30년":"250.3","’31년":"261.7"},{"구분":"총지출","’30년":"280.6","’31년":"296.4"}]`},
		{"items stacked in one cell with jamo marks", stacked, "2031년 가람수입, 나래수입, 다온수입은 각각 얼마인가?",
			`[{"구분":"가람수입","2031년(조원)":""},{"구분":"나래수입","2031년(조원)":""},{"구분":"다온수입","2031년(조원)":""}]`,
			`[{"구분":"가람수입","2031년(조원)":"420.7"},{"구분":"나래수입","2031년(조원)":"33"},{"구분":"다온수입","2031년(조원)":"231.1"}]`},
		{"after side spanning the sizes", amendCols, "개정 후 기본 공제율은 기업 규모별로 각각 몇 %인가?", sizes, sizesAfter},
		{"both sides written as text", amendText, "개정 후 기본 공제율은 기업 규모별로 각각 몇 %인가?", sizes, sizesAfter},
		{"both sides split by an arrow", amendArrow, "개정 후 기본 공제율은 기업 규모별로 각각 몇 %인가?", sizes, sizesAfter},
		{"the before side asked", amendText, "개정 전 기본 공제율은 기업 규모별로 각각 몇 %였나?", sizes,
			`[{"기업 규모":"중소기업","공제율(%)":"10"},{"기업 규모":"대기업","공제율(%)":"1"},{"기업 규모":"중견기업","공제율(%)":"3"}]`},
		{"sizes as rows", amendRows, "개정 후 공제율은 대기업, 중견기업, 중소기업 각각 몇 %인가?", sizes, sizesAfter},
		{"after column in the form", amendRows, "기업 규모별 공제율은 어떻게 바뀌었나?",
			`[{"기업 규모":"대기업","개정 전(%)":"","개정 후(%)":""},{"기업 규모":"중소기업","개정 전(%)":"","개정 후(%)":""}]`,
			`[{"기업 규모":"대기업","개정 전(%)":"1","개정 후(%)":"3"},{"기업 규모":"중소기업","개정 전(%)":"10","개정 후(%)":"12"}]`},
	})
}
