package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestContactFormRows: a form that names an item per row and asks the
// agency, the department or the phone for it, over a contact table (one
// agency merged over several items; a phone in its own column or in
// parentheses after the department), over numbered instructions whose
// note lines name the body ("④ …" under a form whose header marks the
// item "④ 보조금 환수"), and over a note that lists "label：body" lines.
func TestContactFormRows(t *testing.T) {
	cell := func(s string, rs int) document.Cell { return document.Cell{Text: s, RowSpan: rs} }
	contacts := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "확인 항목별 조회처는 다음과 같다."},
		{Kind: document.KindTable, Page: 1, Table: &document.Table{Rows: [][]document.Cell{
			{cell("구분", 1), cell("조회기관", 1), cell("담당 부서", 1), cell("전화번호", 1)},
			{cell("체납 이력", 1), cell("누리청", 1), cell("징수관리과", 1), cell("02-111-2222", 1)},
			{cell("면허 정지", 1), cell("바른처", 2), cell("운전면허관리팀", 1), cell("044-333-4444", 1)},
			{cell("과태료 부과", 1), cell("질서과", 1), cell("044-333-5555", 1)},
			{cell("보조금 환수", 1), cell("한결시", 1), cell("회계과(☎ 031-666-7777)", 2)},
		}}},
	}
	numbered := []document.Block{
		{Kind: document.KindTable, Page: 1, Table: &document.Table{Rows: [][]document.Cell{
			{cell("① 성명", 1), cell("② 체납 이력", 1), cell("③ 면허 정지", 1), cell("④ 보조금 환수", 1)},
			{cell("", 1), cell("", 1), cell("", 1), cell("", 1)},
		}}},
		{Kind: document.KindParagraph, Page: 2, Text: "《작성 요령》"},
		{Kind: document.KindParagraph, Page: 2, Text: "① 신분증에 적힌 성명을 적는다"},
		{Kind: document.KindParagraph, Page: 2, Text: "② 체납 이력을 조회하여 그 결과를 적는다"},
		{Kind: document.KindParagraph, Page: 2, Text: "※ 누리청 징수관리과 ☎ 02-111-2222"},
		{Kind: document.KindParagraph, Page: 2, Text: "③ 운전면허 행정처분 내역을 조회하여 적는다"},
		{Kind: document.KindParagraph, Page: 2, Text: "※ 바른처 운전면허관리팀 ☎ 044 -333- 4444"},
		{Kind: document.KindParagraph, Page: 2, Text: "④ 지방보조금 반환 명령 여부를 조회하여 적는다"},
		{Kind: document.KindParagraph, Page: 2, Text: "※ 한결시 회계과 ☎ 031-666-7777"},
		{Kind: document.KindParagraph, Page: 2, Text: "⑤ 가세·나세 및 다세 체납 여부를 조회하여 적는다"},
		{Kind: document.KindParagraph, Page: 2, Text: "※ 가세：가세청 징수과(☎ 044 - 111 -2222),"},
		{Kind: document.KindParagraph, Page: 2, Text: "나세：나세청 심사과 (☎ 042 - 333 -4444),"},
		{Kind: document.KindParagraph, Page: 2, Text: "다세：다무부 다세특례과(☎ 02 - 555 -6666)"},
	}
	// A press release's contact table: the department merged over its
	// two people, title, name and phone in one cell.
	release := []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "누리 지원 확대 방안을 발표하였다."},
		{Kind: document.KindTable, Page: 2, Table: &document.Table{Rows: [][]document.Cell{
			{cell("담당 부서", 4), cell("누리부 가람정책과", 2), cell("책임자", 1), cell("과 장 한가람(02-100-2000)", 1)},
			{cell("담당자", 1), cell("사무관 도라온(02-100-2001)", 1)},
			{cell("나래처 미래교육전환담당관", 2), cell("책임자", 1), cell("과 장 서하늘(044-300-4000)", 1)},
			{cell("담당자", 1), cell("주무관 윤바다(044-300-4001)", 1)},
		}}},
	}
	runOneDocCases(t, []oneDocCase{
		{"title, name and phone in one cell", release, "부서별 책임자와 담당자는?",
			`[{"부서":"나래처 미래교육전환담당관","책임자":"","담당자":""},{"부서":"누리부 가람정책과","책임자":"","담당자":""}]`,
			`[{"부서":"나래처 미래교육전환담당관","책임자":"서하늘","담당자":"윤바다"},{"부서":"누리부 가람정책과","책임자":"한가람","담당자":"도라온"}]`},
		{"a 담당관 office is a department", release, "가람정책과와 나래처 담당관실의 책임자 전화번호는?",
			`[{"부서":"가람정책과","전화번호":""},{"부서":"미래교육전환담당관","전화번호":""}]`,
			`[{"부서":"가람정책과","전화번호":"02-100-2000"},{"부서":"미래교육전환담당관","전화번호":"044-300-4000"}]`},
		{"agency merged over two items", contacts, "항목별 조회기관과 전화번호는?",
			`[{"항목":"면허 정지","조회기관":"","전화번호":""},{"항목":"과태료 부과","조회기관":"","전화번호":""}]`,
			`[{"항목":"면허 정지","조회기관":"바른처","전화번호":"044-333-4444"},{"항목":"과태료 부과","조회기관":"바른처","전화번호":"044-333-5555"}]`},
		{"the department column, not the agency", contacts, "항목별 담당 부서는?",
			`[{"항목":"체납 이력","담당 부서":""},{"항목":"과태료 부과","담당 부서":""}]`,
			`[{"항목":"체납 이력","담당 부서":"징수관리과"},{"항목":"과태료 부과","담당 부서":"질서과"}]`},
		{"phone in parentheses after the department", contacts, "보조금 환수의 담당 부서와 전화번호는?",
			`[{"항목":"보조금 환수","담당 부서":"","전화번호":""}]`,
			`[{"항목":"보조금 환수","담당 부서":"회계과","전화번호":"031-666-7777"}]`},
		{"a numbered item's note", numbered, "항목별 조회기관과 전화번호는?",
			`[{"항목":"체납 이력","조회기관":"","전화번호":""},{"항목":"보조금 환수","조회기관":"","전화번호":""}]`,
			`[{"항목":"체납 이력","조회기관":"누리청 징수관리과","전화번호":"02-111-2222"},{"항목":"보조금 환수","조회기관":"한결시 회계과","전화번호":"031-666-7777"}]`},
		{"label lines of one note", numbered, "세목별 조회 부서와 전화번호는?",
			`[{"세목":"가세","부서":"","전화번호":""},{"세목":"나세","부서":"","전화번호":""},{"세목":"다세","부서":"","전화번호":""}]`,
			`[{"세목":"가세","부서":"가세청 징수과","전화번호":"044-111-2222"},{"세목":"나세","부서":"나세청 심사과","전화번호":"042-333-4444"},{"세목":"다세","부서":"다무부 다세특례과","전화번호":"02-555-6666"}]`},
	})
}

// TestDivisionAfterBureau: a 과 under the bureau or office before it is
// part of the body's name even when it ends like a common noun ("…성과");
// after a body that is no bureau, such a word is not.
func TestDivisionAfterBureau(t *testing.T) {
	tests := []struct{ text, want string }{
		{"누리정책국 재정건전성과 책임자", "누리정책국 재정건전성과"},
		{"기획조정실 정책효과과", "기획조정실 정책효과과"},
		{"가람재단 사업성과 보고", "가람재단"},
		{"나래처 미래교육전환담당관 책임자", "나래처 미래교육전환담당관"},
	}
	for _, tt := range tests {
		if got, _, _ := firstOfKind(tt.text, cellOrg); got != tt.want {
			t.Errorf("firstOfKind(%q, org) = %q, want %q", tt.text, got, tt.want)
		}
	}
}
