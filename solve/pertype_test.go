package solve

import "testing"

// TestPerTypeDeadlines: a sentence that gives one number per type, the
// type in parentheses before or after its number ("(신고) 3일, (일반 문의)
// 7일", "3일 이내(신고), 7일 이내(일반 문의)"), fills each form row with
// its own number, in the form's order; the sentence the question
// describes wins over another that binds the same types; a column that
// names the measure written inside the parenthesis ("처리기간 : 9일")
// takes that one.
func TestPerTypeDeadlines(t *testing.T) {
	before := paras(
		"□ 민원 처리 기준",
		"민원의 처리기간은 (신고) 3일, (일반 문의) 7일, (자료 열람) 10일로 한다.",
	)
	after := paras(
		"□ 회신 기한",
		"담당자는 민원을 받은 날부터 3일 이내(신고), 7일 이내(일반 문의) 또는 10일 이내(자료 열람)에 민원인에게 회신한다.",
	)
	two := paras(
		"□ 부서 간 협조",
		"협조 부서는 되도록 2일(신고·일반문의, 처리기간 : 5일), 4일(자료열람, 처리기간 : 9일) 이내에 주관 부서에 의견을 보낸다.",
		"주관 부서가 다른 부서의 검토를 받아야 하면 접수 후 1일 이내(신고·일반문의), 3일 이내(자료열람)에 문서로 검토를 요청한다.",
	)
	runOneDocCases(t, []oneDocCase{
		{"type before its number", before, "민원 유형별 처리기간은 각각 며칠인가?",
			`[{"유형":"자료 열람","처리기간(일)":""},{"유형":"신고","처리기간(일)":""},{"유형":"일반 문의","처리기간(일)":""}]`,
			`[{"유형":"자료 열람","처리기간(일)":"10"},{"유형":"신고","처리기간(일)":"3"},{"유형":"일반 문의","처리기간(일)":"7"}]`},
		{"type after its number and a postposition", after, "민원 유형별 회신 기한은 각각 며칠 이내인가?",
			`[{"유형":"신고","기한(일)":""},{"유형":"일반 문의","기한(일)":""},{"유형":"자료 열람","기한(일)":""}]`,
			`[{"유형":"신고","기한(일)":"3"},{"유형":"일반 문의","기한(일)":"7"},{"유형":"자료 열람","기한(일)":"10"}]`},
		{"the sentence the question describes", two, "다른 부서에 검토를 요청하는 기한은 민원 유형별로 각각 며칠 이내인가?",
			`[{"유형":"신고·일반문의","기한(일)":""},{"유형":"자료열람","기한(일)":""}]`,
			`[{"유형":"신고·일반문의","기한(일)":"1"},{"유형":"자료열람","기한(일)":"3"}]`},
		{"the first sentence when it is the one described", two, "협조 부서가 주관 부서에 의견을 보내는 기한은 유형별로 각각 며칠인가?",
			`[{"유형":"신고·일반문의","기한(일)":""},{"유형":"자료열람","기한(일)":""}]`,
			`[{"유형":"신고·일반문의","기한(일)":"2"},{"유형":"자료열람","기한(일)":"4"}]`},
		{"the measure inside the parenthesis", two, "민원 유형별 처리기간은 각각 며칠인가?",
			`[{"유형":"자료열람","처리기간(일)":""},{"유형":"신고·일반문의","처리기간(일)":""}]`,
			`[{"유형":"자료열람","처리기간(일)":"9"},{"유형":"신고·일반문의","처리기간(일)":"5"}]`},
	})
}
