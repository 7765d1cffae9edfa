package solve

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
)

// formsSolver builds a solver over invented documents for task-2 forms:
// a harvest report (a dated table with a change column, a share sentence
// that names a row), a contact sheet (a row-spanned contact table, a
// number table with the same row names, a flattened contact line), a
// bibliographic record (identifiers, dates) and a pilot plan (a list in
// parentheses).
func formsSolver() *Solver {
	harvest := &document.Document{ID: "h1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "과수 생산 동향을 정리하였다."},
		{Kind: document.KindTable, Text: "[표 1] 품목별 생산량", Table: &document.Table{Caption: "[표 1] 품목별 생산량", Rows: [][]document.Cell{
			{{Text: "구분"}, {Text: "’22년"}, {Text: "’23년"}, {Text: "증감"}},
			{{Text: "사과 생산량"}, {Text: "1,200톤"}, {Text: "1,450톤"}, {Text: "250톤"}},
			{{Text: "배 생산량"}, {Text: "800톤"}, {Text: "760톤"}, {Text: "-40톤"}},
		}}},
		{Kind: document.KindTable, Text: "[표 2] 사업비", Table: &document.Table{Caption: "[표 2] 사업비", Rows: [][]document.Cell{
			{{Text: "항목"}, {Text: "계획"}, {Text: "실적"}},
			{{Text: "사업비 총액"}, {Text: "900억 원"}, {Text: "870억 원"}},
		}}},
		{Kind: document.KindParagraph, Text: "◦ (배분) 사업비 총액의 40%(360억 원)를 지역에 먼저 배분한다."},
		{Kind: document.KindParagraph, Text: "가람은행은 목표 효과(3,100억원)의 82.5% 수준을 달성하였고, 나래은행은 목표 효과(1,400억원)의 64.0% 수준이다."},
		{Kind: document.KindTable, Text: "[표 3] 감귤 생산", Table: &document.Table{Caption: "[표 3] 감귤 생산", Rows: [][]document.Cell{
			{{Text: "구분"}, {Text: "2022년"}, {Text: "2023년"}},
			{{Text: "감귤 생산량"}, {Text: "510"}, {Text: "545"}},
		}}},
	}}
	contacts := &document.Document{ID: "c1", Blocks: []document.Block{
		{Kind: document.KindTable, Text: "[표] 분야별 예산", Table: &document.Table{Caption: "[표] 분야별 예산", Rows: [][]document.Cell{
			{{Text: "분야"}, {Text: "예산(조원)"}},
			{{Text: "기획"}, {Text: "58.0"}},
			{{Text: "재원"}, {Text: "12.4"}},
		}}},
		{Kind: document.KindTable, Text: "담당 부서", Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "<기획>", RowSpan: 2}, {Text: "미래전략국 전략기획과", RowSpan: 2}, {Text: "책임자"}, {Text: "과 장"}, {Text: "한가람"}, {Text: "(02-123-4567)"}},
			{{Text: "담당자"}, {Text: "주무관"}, {Text: "도라온"}, {Text: "(raon@example.kr)"}},
			{{Text: "<재원>", RowSpan: 2}, {Text: "재정국 재원배분과", RowSpan: 2}, {Text: "책임자"}, {Text: "과 장"}, {Text: "문 소 리"}, {Text: "(02-765-4321)"}},
			{{Text: "담당자"}, {Text: "사무관"}, {Text: "백두리"}, {Text: "(duri@example.kr)"}},
		}}},
		{Kind: document.KindParagraph, Text: "문의: <정책홍보> 대변인실 홍보담당관 담당자 주무관 서하늘 (044-987-6543)"},
	}}
	record := &document.Document{ID: "r1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "등록실용신안공보 20-2022-0004567"},
		{Kind: document.KindParagraph, Text: "(11) 등록번호 20-2022-0004567"},
		{Kind: document.KindParagraph, Text: "(45) 등록일자 2022년03월07일"},
		{Kind: document.KindParagraph, Text: "(21) 출원번호 20-2021-0012345"},
		{Kind: document.KindParagraph, Text: "(22) 출원일자 2021.11.05."},
		{Kind: document.KindParagraph, Text: "문서번호 미래부-2024-118 (시행일 2024-05-02)"},
		{Kind: document.KindParagraph, Text: "(72) 고안자 서 다 온"},
	}}
	pilot := &document.Document{ID: "p1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "권역별 시범사업은 북부 12곳, 해안 7곳이다."},
		{Kind: document.KindParagraph, Text: "정부는 기반을 넓히는 한편, 올해 3개 권역(북부권, 해안권, 산간권)에서 공동 물류센터를 착공할 계획이다."},
		{Kind: document.KindParagraph, Text: "추진 과제는 다음과 같다."},
		{Kind: document.KindListItem, Text: "① 물류 거점 확충"},
		{Kind: document.KindListItem, Text: "② 배송 인력 양성"},
	}}
	docs := fakeDocs{"h1": harvest, "c1": contacts, "r1": record, "p1": pilot}
	var ps []document.Passage
	for _, d := range []*document.Document{harvest, contacts, record, pilot} {
		ps = append(ps, document.Passages(d)...)
	}
	return &Solver{Retriever: multiIndex{fakeIndex{ps: ps}}, Docs: docs, Refs: docs}
}

// blankCase is one task-2 problem over formsSolver's documents and the
// answer it must give, whole.
type blankCase struct {
	name, doc, question, form, want string
}

func runBlankCases(t *testing.T, tests []blankCase) {
	t.Helper()
	s := formsSolver()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: tt.doc, Question: tt.question, AnswerForm: form(t, tt.form)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.Marshal(ans.Value)
			if string(got) != tt.want {
				t.Errorf("answer = %s\nwant     %s", got, tt.want)
			}
		})
	}
}

// TestMultiBlankRows fills every blank column of every row, each by its
// own column: a date, a change, the column's own words.
func TestMultiBlankRows(t *testing.T) {
	runBlankCases(t, []blankCase{
		{"two dated columns and a change from a table", "h1", "2022년과 2023년 품목별 생산량과 증감은?",
			`[{"구분":"사과 생산량","’22년(톤)":"","’23년(톤)":"","증감(톤)":""},{"구분":"배 생산량","’22년(톤)":"","’23년(톤)":"","증감(톤)":""}]`,
			`[{"구분":"사과 생산량","’22년(톤)":"1200","’23년(톤)":"1450","증감(톤)":"250"},{"구분":"배 생산량","’22년(톤)":"800","’23년(톤)":"760","증감(톤)":"-40"}]`},
		{"a change the table lacks is computed", "h1", "감귤 생산량의 변화는?",
			`[{"구분":"감귤 생산량","2022년":"","2023년":"","증감":""}]`,
			`[{"구분":"감귤 생산량","2022년":"510","2023년":"545","증감":"35"}]`},
		{"two columns read from one sentence", "h1", "은행별 목표 효과와 달성률은?",
			`[{"기관":"가람은행","목표 효과(억원)":"","달성률(%)":""},{"기관":"나래은행","목표 효과(억원)":"","달성률(%)":""}]`,
			`[{"기관":"가람은행","목표 효과(억원)":"3100","달성률(%)":"82.5"},{"기관":"나래은행","목표 효과(억원)":"1400","달성률(%)":"64"}]`},
		{"a name and a phone per row", "c1", "분야별 책임자와 연락처는?",
			`[{"분야":"기획","책임자":"","연락처":""},{"분야":"재원","책임자":"","연락처":""}]`,
			`[{"분야":"기획","책임자":"한가람","연락처":"02-123-4567"},{"분야":"재원","책임자":"문소리","연락처":"02-765-4321"}]`},
	})
}

// TestColumnKinds gives a cell that asks a name, a phone, an identifier,
// a date or an organisation a value of that kind, never a number from
// another table.
func TestColumnKinds(t *testing.T) {
	kinds := []struct {
		column, label string
		want          cellKind
	}{
		{"책임자", "기획", cellName},
		{"담당자 성명", "", cellName},
		{"연락처", "기획", cellPhone},
		{"전화번호", "", cellPhone},
		{"내용", "출원번호", cellID},
		{"문서번호", "", cellID},
		{"값", "등록일자", cellDate},
		{"시행일", "", cellDate},
		{"담당 부서", "", cellOrg},
		{"주관기관", "", cellOrg},
		{"예산(억 원)", "출원번호", cellAny}, // a unit asks a quantity
		{"기간(일)", "", cellAny},
		{"2024년", "담당자 수", cellAny},
		{"인원(명)", "", cellAny},
		{"인원", "총괄 부서", cellAny}, // the column names a measure
		{"", "신청 마감일", cellDate},
	}
	for _, k := range kinds {
		if got := cellKindOf(k.column, k.label); got != k.want {
			t.Errorf("cellKindOf(%q, %q) = %v, want %v", k.column, k.label, got, k.want)
		}
	}
	values := []struct {
		text string
		kind cellKind
		want string // "" for none
	}{
		{"과 장 한가람 (02-123-4567)", cellPhone, "02-123-4567"},
		{"대표 (044) 555-0101", cellPhone, "044-555-0101"},
		{"예산 58.0조원", cellPhone, ""},
		{"주무관 서하늘 (044-987-6543)", cellName, "서하늘"},
		{"과 장 문 소 리", cellName, "문소리"},
		{"사무관 과장 주무관", cellName, ""},
		{"미래전략국 전략기획과 책임자", cellOrg, "미래전략국 전략기획과"},
		{"공고일 2023.06.16. 접수", cellDate, "2023.06.16."},
		{"2023-06-16까지", cellDate, "2023-06-16"},
		{"2023년 6월 16일 시행", cellDate, "2023년 6월 16일"},
		{"예산 1,200억 원", cellDate, ""},
		{"번호 10-2023-0012345 참조", cellID, "10-2023-0012345"},
	}
	for _, v := range values {
		got, _, ok := firstOfKind(v.text, v.kind)
		if !ok {
			got = ""
		}
		if got != v.want {
			t.Errorf("firstOfKind(%q, %v) = %q, want %q", v.text, v.kind, got, v.want)
		}
	}
	runBlankCases(t, []blankCase{
		{"flattened contact line", "c1", "정책홍보 담당자와 전화번호는?",
			`[{"분야":"정책홍보","담당자":"","전화번호":""}]`,
			`[{"분야":"정책홍보","담당자":"서하늘","전화번호":"044-987-6543"}]`},
		{"department of a row", "c1", "기획 분야의 담당 부서는?",
			`[{"분야":"기획","부서":""}]`,
			`[{"분야":"기획","부서":"미래전략국 전략기획과"}]`},
		{"a phone column never takes a money value", "c1", "분야별 연락처는?",
			`[{"분야":"예산 총괄","연락처":""}]`,
			`[{"분야":"예산 총괄","연락처":""}]`},
	})
}

// TestIdentifiersWhole keeps identifiers whole (not cut at the first
// hyphen) and dates as written.
func TestIdentifiersWhole(t *testing.T) {
	runBlankCases(t, []blankCase{
		{"bibliographic fields", "r1", "공보의 서지사항을 채우시오.",
			`[{"항목":"등록번호","내용":""},{"항목":"등록일자","내용":""},{"항목":"출원번호","내용":""},{"항목":"출원일자","내용":""}]`,
			`[{"항목":"등록번호","내용":"20-2022-0004567"},{"항목":"등록일자","내용":"2022년03월07일"},{"항목":"출원번호","내용":"20-2021-0012345"},{"항목":"출원일자","내용":"2021.11.05."}]`},
		{"identifier with a word and a date in a row", "r1", "문서번호와 시행일은?",
			`[{"구분":"공문","문서번호":"","시행일":""}]`,
			`[{"구분":"공문","문서번호":"미래부-2024-118","시행일":"2024-05-02"}]`},
		{"letter-spaced name", "r1", "고안자는 누구인가?",
			`[{"항목":"고안자","성명":""}]`,
			`[{"항목":"고안자","성명":"서다온"}]`},
	})
}

// TestOrdinalListForm reads a form whose rows carry only their ordinals
// as a list to enumerate, not as numbers to look up.
func TestOrdinalListForm(t *testing.T) {
	forms := []struct {
		form string
		want bool
	}{
		{`[{"번호":"1","장소":""},{"번호":"2","장소":""}]`, true},
		{`[{"순번":"①","과제":""},{"순번":"②","과제":""}]`, true},
		{`[{"":""},{"":""}]`, true},
		{`[{"번호":"1","장소":""},{"번호":"3","장소":""}]`, false},
		{`[{"구분":"북부","장소":""},{"구분":"남부","장소":""}]`, false},
		{`[{"번호":"1","장소":"","면적":""},{"번호":"2","장소":"","면적":""}]`, false},
	}
	for _, f := range forms {
		if _, got := listForm(form(t, f.form)); got != f.want {
			t.Errorf("listForm(%s) = %v, want %v", f.form, got, f.want)
		}
	}
	runBlankCases(t, []blankCase{
		{"numbered rows from a list in parentheses", "p1", "올해 물류센터를 착공하는 권역은 어디인가?",
			`[{"번호":"1","권역":""},{"번호":"2","권역":""},{"번호":"3","권역":""}]`,
			`[{"번호":"1","권역":"북부권"},{"번호":"2","권역":"해안권"},{"번호":"3","권역":"산간권"}]`},
		{"circled ordinals from list lines", "p1", "추진 과제는 다음과 같다 무엇인가?",
			`[{"순번":"①","과제":""},{"순번":"②","과제":""}]`,
			`[{"순번":"①","과제":"물류 거점 확충"},{"순번":"②","과제":"배송 인력 양성"}]`},
	})
}

// TestTableBeforeSentence takes a table cell whose row and column the form
// names over a sentence that only shares the row's words.
func TestTableBeforeSentence(t *testing.T) {
	runBlankCases(t, []blankCase{
		{"share sentence loses to the table", "h1", "사업비 총액의 실적은?",
			`[{"항목":"사업비 총액","실적(억 원)":""}]`,
			`[{"항목":"사업비 총액","실적(억 원)":"870"}]`},
	})
}

// TestDatedRowSentence reads dated cells of a row from the sentence that
// names the row (a unit in the label's parentheses, paraphrased words) or
// from the footnote its mark points to.
func TestDatedRowSentence(t *testing.T) {
	doc := &document.Document{ID: "d1", Blocks: []document.Block{
		{Kind: document.KindParagraph, Page: 1, Text: "안전 관리를 강화하기 위해 마을안전지킴이(CSW)도 증원*하여 순찰을 늘린다."},
		{Kind: document.KindParagraph, Page: 1, Text: "* (2022년) 410명 → (2023년) 455명"},
		{Kind: document.KindParagraph, Page: 1, Text: "또한 올해 3세부터 놀이교실 이용료 지원을 확대(2022년 월 12만 원 → 2023년 월 15만 원)하고, 시범지역을 늘린다."},
	}}
	s := &Solver{Retriever: multiIndex{fakeIndex{ps: document.Passages(doc)}}, Docs: fakeDocs{"d1": doc}}
	ans, err := s.Solve(context.Background(), dataset.Problem{ProblemNo: "1", TaskNo: "2", DocFile: "d1", Question: "2022년과 2023년을 비교하시오.",
		AnswerForm: form(t, `[{"구분":"마을안전지킴이(명)","2022년":"","2023년":""},{"구분":"3세 놀이교실 이용료 지원(월, 만 원)","2022년":"","2023년":""}]`)})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := json.Marshal(ans.Value)
	want := `[{"구분":"마을안전지킴이(명)","2022년":"410","2023년":"455"},{"구분":"3세 놀이교실 이용료 지원(월, 만 원)","2022년":"12","2023년":"15"}]`
	if string(got) != want {
		t.Errorf("answer = %s\nwant     %s", got, want)
	}
}

// FuzzFirstOfKind checks that reading a value of a kind never panics and
// that identifiers and dates come back as written in the text.
func FuzzFirstOfKind(f *testing.F) {
	for _, s := range []string{"(11) 번호 10-2023-0012345", "과 장 문 소 리 (02-123-4567)", "2023년06월16일", "재정국 예산과", "’24.3.29.", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, k := range []cellKind{cellName, cellPhone, cellID, cellDate, cellOrg} {
			v, at, ok := firstOfKind(s, k)
			if !ok {
				continue
			}
			if at < 0 || at > len(s) {
				t.Fatalf("kind %v: position %d outside %q", k, at, s)
			}
			if (k == cellID || k == cellDate) && !strings.Contains(s, v) {
				t.Fatalf("kind %v: %q not written in %q", k, v, s)
			}
		}
	})
}
