// Package paraphrase expands a question with the other wordings of the
// phrases it uses, so that lexical retrieval (BM25 over bigrams and
// morphemes) can find a passage that says the same thing in other words:
// a question says "일을 그만둔 뒤 다시 취업하기까지", the report says "퇴직 후
// 재취업까지".
//
// The resource (groups below) is small and hand-written for this project:
// everyday Korean words paired with the administrative (mostly
// Sino-Korean) terms that government policy documents use for the same
// thing, from general knowledge of the register, not from any evaluation
// question. Each group lists surface forms (stems, so that conjugated
// forms match: "그만두~" matches "그만둔~", "그만두고"); a question that holds
// one form gets the group's head terms appended. A form ending in "~" is
// a verb stem, matched at the start of a word whatever ending follows; a
// one-word form without it is a noun, matched as a word with at most a
// particle after it.
//
// Expand never removes or reorders the question's own words; the caller
// decides whether to search with the expansion (see the measurements in
// README, "Paraphrased questions").
package paraphrase

import (
	"strings"
	"unicode"
)

// group is one meaning: Forms are matched in the question (white space
// ignored), Terms are appended when one matches (Terms are also forms).
type group struct {
	Forms []string
	Terms []string
}

// groups is the resource. Keep entries general: a plain wording and the
// administrative terms for it.
var groups = []group{
	{Forms: []string{"그만두~", "그만둔~", "그만둬~", "일을 그만"}, Terms: []string{"퇴직", "퇴사"}},
	{Forms: []string{"다시 취업", "다시 일자리"}, Terms: []string{"재취업"}},
	{Forms: []string{"일자리를 잃", "직장을 잃", "일을 잃"}, Terms: []string{"실직", "실업"}},
	{Forms: []string{"일자리를 구하", "직장을 구하", "일을 구하"}, Terms: []string{"구직"}},
	{Forms: []string{"걸리는 기간", "걸리는 시간", "걸리기까지", "걸린 기간"}, Terms: []string{"소요", "기간"}},
	{Forms: []string{"아이를 낳", "아기를 낳", "아이 낳"}, Terms: []string{"출산"}},
	{Forms: []string{"아이를 키우", "아이 키우", "아기를 키우"}, Terms: []string{"양육", "육아"}},
	{Forms: []string{"아이", "아이들", "어린이"}, Terms: []string{"아동", "자녀"}},
	{Forms: []string{"결혼"}, Terms: []string{"혼인"}},
	{Forms: []string{"나이 든", "나이 많은", "노인", "어르신"}, Terms: []string{"고령자", "노인"}},
	{Forms: []string{"젊은이", "젊은 층", "젊은 세대"}, Terms: []string{"청년"}},
	{Forms: []string{"살 집", "사는 집", "집값", "집을"}, Terms: []string{"주택", "주거"}},
	{Forms: []string{"사는 곳", "사는 지역"}, Terms: []string{"거주지", "거주"}},
	{Forms: []string{"이사"}, Terms: []string{"전입", "이주"}},
	{Forms: []string{"월급", "봉급"}, Terms: []string{"임금", "급여"}},
	{Forms: []string{"일하는 사람", "일하는 사람들", "직장인"}, Terms: []string{"근로자"}},
	{Forms: []string{"빌린 돈", "빚"}, Terms: []string{"부채", "채무"}},
	{Forms: []string{"돈을 빌", "돈을 빌리"}, Terms: []string{"대출", "차입"}},
	{Forms: []string{"돈을 갚", "빚을 갚"}, Terms: []string{"상환"}},
	{Forms: []string{"돈을 모으", "돈을 모아"}, Terms: []string{"저축", "적립"}},
	{Forms: []string{"병원비", "치료비"}, Terms: []string{"의료비", "진료비"}},
	{Forms: []string{"세금"}, Terms: []string{"조세", "세액"}},
	{Forms: []string{"드는 돈", "드는 비용", "들어가는 돈"}, Terms: []string{"비용", "소요"}},
	{Forms: []string{"나라에서", "나라가"}, Terms: []string{"정부", "국가"}},
	{Forms: []string{"회사"}, Terms: []string{"기업"}},
	{Forms: []string{"가게", "상점"}, Terms: []string{"점포", "소상공인"}},
	{Forms: []string{"문을 열", "문을 연"}, Terms: []string{"개관", "개소", "개원"}},
	{Forms: []string{"문을 닫", "문을 닫은"}, Terms: []string{"폐업", "폐쇄"}},
	{Forms: []string{"새로 만들", "새로 만든", "새로 생긴"}, Terms: []string{"신설", "도입"}},
	{Forms: []string{"없애~", "없앤~", "없어지~"}, Terms: []string{"폐지"}},
	{Forms: []string{"바꾸~", "바뀌~", "바뀐~", "바꾼~"}, Terms: []string{"변경", "개편", "개정"}},
	{Forms: []string{"늘어나~", "늘어난~", "늘리~", "늘린~", "늘었~"}, Terms: []string{"증가", "확대"}},
	{Forms: []string{"줄어들~", "줄어든~", "줄이~", "줄인~", "줄었~"}, Terms: []string{"감소", "축소"}},
	{Forms: []string{"올리~", "올린~", "올랐~"}, Terms: []string{"인상", "상향"}},
	{Forms: []string{"내리~", "내린~", "내렸~"}, Terms: []string{"인하", "하향"}},
	{Forms: []string{"시작하~", "시작된~", "시작한~"}, Terms: []string{"시행", "개시", "착수"}},
	{Forms: []string{"끝나~", "끝난~"}, Terms: []string{"종료", "만료"}},
	{Forms: []string{"알려~", "알리~"}, Terms: []string{"통지", "안내", "공지"}},
	{Forms: []string{"도와주~", "도움을 주", "돕는~"}, Terms: []string{"지원"}},
	{Forms: []string{"다치~", "다친~"}, Terms: []string{"부상"}},
	{Forms: []string{"숨진", "죽은", "목숨을 잃"}, Terms: []string{"사망"}},
	{Forms: []string{"쓰레기"}, Terms: []string{"폐기물"}},
	{Forms: []string{"먹거리", "음식"}, Terms: []string{"식품"}},
	{Forms: []string{"자동차", "차량"}, Terms: []string{"차량", "자동차"}},
	{Forms: []string{"쉬는 날", "쉬는 기간"}, Terms: []string{"휴가", "휴일"}},
	{Forms: []string{"돌보~", "돌봐~"}, Terms: []string{"돌봄", "보육"}},
}

// squeeze lowers s and drops white space.
func squeeze(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// particles may follow a noun form ("결혼을", "아이들의").
var particles = []string{"", "이", "가", "은", "는", "을", "를", "의", "에", "에게", "와", "과", "도", "만", "로", "으로", "에서", "까지", "부터", "들", "들이", "들은", "들을", "들의", "들에게"}

// matches reports whether a form occurs in the question: a phrase of
// several words anywhere (white space ignored); a verb stem (written with
// a trailing "~") at the start of a word, any ending after it; a noun as
// a whole word or with a particle ("아이" in "아이를", not in "아이디어").
func matches(words []string, sq, form string) bool {
	if strings.Contains(form, " ") {
		return strings.Contains(sq, squeeze(form))
	}
	stem, verb := strings.CutSuffix(form, "~")
	for _, w := range words {
		rest, ok := strings.CutPrefix(w, stem)
		if !ok {
			continue
		}
		if verb {
			return true
		}
		for _, p := range particles {
			if rest == p {
				return true
			}
		}
		// A noun made a verb with 하다: "결혼한", "이사하는".
		for _, h := range []string{"하", "한", "했", "할", "해"} {
			if strings.HasPrefix(rest, h) {
				return true
			}
		}
	}
	return false
}

// Terms returns the administrative terms for the wordings a question uses
// that it does not already hold, in resource order, without repeats.
func Terms(q string) []string {
	sq := squeeze(q)
	words := strings.FieldsFunc(q, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	seen := map[string]bool{}
	var out []string
	for _, g := range groups {
		hit := false
		for _, f := range g.Forms {
			if matches(words, sq, f) {
				hit = true
				break
			}
		}
		if !hit {
			continue
		}
		for _, t := range g.Terms {
			if !seen[t] && !strings.Contains(sq, squeeze(t)) {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}

// Expand returns q followed by Terms(q), or q itself when there are none.
func Expand(q string) string {
	ts := Terms(q)
	if len(ts) == 0 {
		return q
	}
	return q + " " + strings.Join(ts, " ")
}
