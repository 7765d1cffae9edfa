package main

import "github.com/policyqa/policyqa/internal/hwptest"

// Report 4: an HWPX press release (OWPML, written by internal/hwptest): a
// page header, numbered section headings, a footnote, and a table with a
// two-level merged header and row-spanned contact cells.

const (
	libraryID   = "demo_r04_library"
	libraryDir  = "04"
	paraLibrary = "운영비 지원 단가는 곳당 연 1,200만 원에서 1,500만 원으로 오르며, 야간·주말 개관을 하는 도서관에는 연 300만 원을 더 지원한다."
)

var libraryReport = hwptest.Doc{
	Header: []hwptest.Para{{Text: "문화체육관광부 보도자료"}},
	Paras: []hwptest.Para{
		{Text: "작은도서관 운영 지원 확대 계획"},
		{Text: "2024년 작은도서관 운영비 지원 대상을 350곳에서 520곳으로 늘린다", Bullet: true},
		{Text: "추진 배경", Number: 1},
		{Text: "작은도서관은 주민이 걸어서 10분 안에 닿을 수 있는 생활밀착형 도서관으로, 2023년 말 기준 전국 6,830곳이 등록되어 있다.", Footnote: "공립 1,520곳, 사립 5,310곳"},
		{Text: "그러나 운영 인력의 72%가 자원봉사자이고, 주 5일 이상 문을 여는 곳은 41%에 그친다."},
		{Text: "주요 내용", Number: 1},
		{Text: paraLibrary},
		{Text: "권역별 지원 대상은 다음과 같다."},
		{Table: &hwptest.Table{Rows: 5, Cols: 4, Caption: "<표 1> 권역별 작은도서관 운영비 지원 대상", Cells: []hwptest.Cell{
			hwptest.Span(0, 0, 2, 1, "권역"), hwptest.Span(0, 1, 1, 2, "지원 대상(곳)"), hwptest.Span(0, 3, 2, 1, "담당 부서"),
			hwptest.T(1, 1, "2023년"), hwptest.T(1, 2, "2024년"),
			hwptest.T(2, 0, "수도권"), hwptest.T(2, 1, "140"), hwptest.T(2, 2, "210"), hwptest.Span(2, 3, 2, 1, "도서관정책과"),
			hwptest.T(3, 0, "충청권"), hwptest.T(3, 1, "70"), hwptest.T(3, 2, "105"),
			hwptest.T(4, 0, "그 밖의 권역"), hwptest.T(4, 1, "140"), hwptest.T(4, 2, "205"), hwptest.T(4, 3, "지역문화과"),
		}}},
		{Text: "향후 계획", Number: 1},
		{Text: "3월 중 지방자치단체 공모를 거쳐 4월부터 운영비를 지급할 계획이다."},
	},
}

func buildHWPX() ([]byte, error) { return hwptest.HWPX(libraryReport) }
