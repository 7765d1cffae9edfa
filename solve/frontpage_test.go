package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
)

// TestFrontPageFields reads the bibliographic fields of a gazette's
// front page: each value after its label, never the numeric code of the
// next field ("(74) 대리인 … (54)"), a party as a person or a company,
// a value on the line after its label, and a table of labels over a row
// of values.
func TestFrontPageFields(t *testing.T) {
	inline := paras(
		"공개특허 10-2031-0004321",
		"(19) 누리나라특허청(NR)",
		"(12) 공개특허공보(A)",
		"(21) 출원번호 10-2030-0012345",
		"(22) 출원일자 2030년11월02일 심사청구일자 2030년11월02일",
		"전체 청구항 수 : 총 9 항",
		"(71) 출원인 주식회사 가온누리 누리시 한빛구 바른로 12",
		"(72) 발명자 한가람 누리시 한빛구 바른로 12",
		"(74) 대리인 서하늘",
		"(54) 발명의 명칭 문서 속 표를 읽는 장치",
	)
	split := paras(
		"(21) 출원번호",
		"10-2030-0077777",
		"(74) 대리인",
		"특허법인 다온",
		"(54) 발명의 명칭 그림을 고르는 방법",
	)
	noValue := paras(
		"(71) 출원인 주식회사 가온누리",
		"(74) 대리인",
		"(54) 발명의 명칭 전자 문서의 개인 정보 가림 방법",
	)
	table := []document.Block{{Kind: document.KindTable, Page: 1, Table: &document.Table{Rows: [][]document.Cell{
		{{Text: "(21) 출원번호"}, {Text: "(22) 출원일자"}, {Text: "(74) 대리인"}},
		{{Text: "10-2030-0055555"}, {Text: "2030.05.05."}, {Text: "윤바다"}},
	}}}}
	runOneDocCases(t, []oneDocCase{
		{"fields after their codes", inline, "이 공보의 서지사항을 채우시오.",
			`[{"항목":"출원번호","내용":""},{"항목":"출원일자","내용":""},{"항목":"대리인","내용":""},{"항목":"출원인","내용":""},{"항목":"전체 청구항 수","내용":""}]`,
			`[{"항목":"출원번호","내용":"10-2030-0012345"},{"항목":"출원일자","내용":"2030년11월02일"},{"항목":"대리인","내용":"서하늘"},{"항목":"출원인","내용":"주식회사 가온누리"},{"항목":"전체 청구항 수","내용":"9"}]`},
		{"value on the next line", split, "출원번호와 대리인은?",
			`[{"항목":"출원번호","내용":""},{"항목":"대리인","내용":""}]`,
			`[{"항목":"출원번호","내용":"10-2030-0077777"},{"항목":"대리인","내용":"특허법인 다온"}]`},
		{"an empty field stays empty", noValue, "대리인은 누구인가?",
			`[{"항목":"대리인","내용":""}]`,
			`[{"항목":"대리인","내용":""}]`},
		{"labels over values", table, "출원일자와 대리인은?",
			`[{"항목":"출원일자","내용":""},{"항목":"대리인","내용":""}]`,
			`[{"항목":"출원일자","내용":"2030.05.05."},{"항목":"대리인","내용":"윤바다"}]`},
	})
}

// TestFieldCodeIsNoValue: a parenthesised integer before a word is the
// code of a field, not its value; numbers in parentheses with a unit
// after them, decimals and numbers glued to text are values.
func TestFieldCodeIsNoValue(t *testing.T) {
	tests := []struct {
		text  string
		label string
		want  string // "" for none
	}{
		{"(74) 대리인 (54) 발명의 명칭 장치", "대리인", ""},
		{"참가자 수 (12) 명", "참가자 수", "12"},
		{"증가율 (5.1) 전년 대비", "증가율", "5.1"},
		{"모집 인원 (3) 신청 방법", "모집 인원", ""},
		{"모집 인원 30명 (3) 신청 방법", "모집 인원", "30"},
	}
	for _, tt := range tests {
		got, ok := valueAfter(tt.text, tt.label, numbers.Unit{Scale: 1})
		if !ok {
			got = ""
		}
		if got != tt.want {
			t.Errorf("valueAfter(%q, %q) = %q, want %q", tt.text, tt.label, got, tt.want)
		}
	}
}
