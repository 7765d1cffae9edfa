package solve

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// valueKind is the kind of value a question asks for. Its interrogative and
// unit decide it ("몇 명" a count of people, "며칠" a number of days,
// "얼마" with a money noun an amount of 원, "언제" a date, "어디" a place,
// "누구" a person or body, "무엇" a thing); a candidate of another kind is
// not an answer.
type valueKind int

const (
	kindUnknown  valueKind = iota // the question does not say
	kindQuantity                  // a number, in expectation.Unit when it names one
	kindDate                      // 언제, 시기, 시점, 몇 년도, 어느 해
	kindPlace                     // 어디, 위치, 장소: a place or the body that is there
	kindPerson                    // 누구, 성명, 이름: a person or a body
	kindThing                     // 무엇, 어떤, 무슨, 어느 X, 어디까지
	kindAddress                   // 주소, 소재지 (어디 asked of them): an address or a place, not a body
)

func (k valueKind) String() string {
	return [...]string{"unknown", "quantity", "date", "place", "person", "thing", "address"}[k]
}

// change is the side of a change ("A에서 B로", "A → B") a question asks for.
type change int

const (
	changeNone   change = iota
	changeAfter         // "얼마로 상향되었나", "어떻게 바뀌었나"
	changeBefore        // "얼마에서", "기존", "종전"
	changeBoth          // "얼마에서 얼마로"
	changeDiff          // "얼마나 늘었나": after minus before
)

// expectation is what a question's wording says about its answer.
type expectation struct {
	Kind valueKind
	// Unit is the canonical unit asked for ("명", "일", "%", "원"), "" when
	// none is named. Money is set when only the nouns say 원 ("출자금
	// 한도는 얼마").
	Unit  string
	Money bool
	// Periods are the time points the question names, in order ("’24년
	// 6월 기준" → 2024-06). Several with Each set ask one value per period.
	Periods []numbers.Period
	Change  change
	// Duration: the question asks how long ("얼마 동안", "몇 년간",
	// "기간은"); a number of years, months or days answers.
	Duration bool
	// Count is N of "N가지", "N개 항목"; 0 when not said.
	Count int
	// Counter is the counter word after 몇 as written, copula cut ("몇
	// 개교인가" → 개교), "" when none: a number written with it ("37개교",
	// "37교") is a count even where Unit is only 개.
	Counter string
	// focusText is the question without its interrogative ending.
	focusText string
}

// moneySuffixes end nouns that are amounts of money ("출자금", "지원액",
// "예산", "단가"). Source: common Korean fiscal vocabulary.
var moneySuffixes = []string{"금", "액", "예산", "비용", "가격", "단가", "수당", "보수", "임금", "급여", "소득", "수입", "지출", "채무", "부채", "매출", "재원", "세수", "요금", "원"}

// feeNouns end fees in 료 ("과태료", "수수료", "보험료"; not 자료, 재료,
// 의료, 완료): an amount of money when the question asks the fee itself
// ("과태료는 얼마인가"), while a fee named before what is asked may be cut
// by a rate ("보험료를 평균 얼마나 내렸나").
var feeNouns = []string{"과태료", "수수료", "보험료", "사용료", "이용료", "수강료", "입장료", "임대료", "임차료", "관람료", "참가료", "수업료", "보육료", "연체료", "통행료", "급료"}

// countUnits maps the counter words after 몇 to a canonical unit when
// package numbers does not know them.
var countUnits = map[string]string{"달": "개월", "살": "세", "번": "회", "군데": "곳", "사람": "명"}

// expectRe finds the interrogative of a question: 몇 + counter, 며칠,
// 얼마, 언제, 어디, 누구, 무엇, 어떤, 어느, 무슨.
var expectRe = regexp.MustCompile(`몇\s*(%p|%|퍼센트|[A-Za-z㎎㎏㎡㎢/]+|[가-힣]+)|며칠|얼마|언제|어디|누구|무엇|무슨|어떤|어느|어떻게`)

// expect reads what a question asks for: the kind and unit of the value,
// the periods it names and the side of a change.
func expect(q string) expectation {
	var e expectation
	e.Periods = questionPeriods(q)
	e.Change = questionChange(q)
	e.Count = questionCount(q)
	prevDate, prevEnd := false, -1 // the last definite interrogative was a date; where it ended
	for _, m := range expectRe.FindAllStringSubmatchIndex(q, -1) {
		word := q[m[0]:m[1]]
		if indefinite(q, m[0], m[1]) {
			continue // "누구나", "언제든지": a pronoun, not what is asked
		}
		if prevDate && dateContinues(q[prevEnd:m[0]], word) {
			continue // "몇 월 며칠", "몇 년 몇 월": one date
		}
		before := e
		e.Kind, e.Unit, e.Counter = kindUnknown, "", ""
		switch {
		case strings.HasPrefix(word, "몇"):
			counter, rest := q[m[2]:m[3]], q[m[3]:]
			if magnitudeWords[counter] {
				// "몇 만 원", "몇 천 명": the counter is the next word.
				if ws := strings.Fields(rest); len(ws) > 0 {
					counter = strings.TrimRight(ws[0], "?？.,")
					rest = rest[strings.Index(rest, ws[0])+len(ws[0]):]
				}
			}
			kind, unit := countKind(counter, rest)
			if unit == "%p" {
				unit = "%" // a difference of two rates (Change is changeDiff)
			}
			if kind != kindUnknown {
				e.Kind, e.Unit = kind, unit
				if kind == kindQuantity {
					e.Counter = stripCopula(counter)
					if counter == "개" {
						// "몇 개 대학인가", "몇 개 기관이": 개 with its noun.
						if n := stripCopula(strings.TrimRight(firstWord(rest), "?？.,")); siteCounter("개 " + n) {
							e.Counter = "개 " + n
						}
					}
				}
			}
		case word == "며칠":
			e.Kind, e.Unit = kindQuantity, "일"
		case word == "얼마":
			e.Kind = kindQuantity
		case word == "언제":
			e.Kind = kindDate
		case word == "어디":
			e.Kind = kindPlace
			if strings.HasPrefix(q[m[1]:], "까지") {
				e.Kind = kindThing // an extent: "어디까지 운영되나"
			}
		case word == "누구":
			e.Kind = kindPerson
		case word == "어느":
			rest := strings.TrimSpace(q[m[1]:])
			switch {
			case strings.HasPrefix(rest, "정도"):
				e.Kind = kindQuantity
			case strings.HasPrefix(rest, "해") || strings.HasPrefix(rest, "연도") || strings.HasPrefix(rest, "시기") || strings.HasPrefix(rest, "시점"):
				e.Kind = kindDate
			case bodyNoun(firstWord(rest)):
				e.Kind = kindPlace // "어느 부서에": a body, not any word
			default:
				e.Kind = kindThing
			}
		case word == "어떻게":
			if e.Kind == kindUnknown {
				e.Kind = kindThing
			}
		default: // 무엇, 무슨, 어떤
			if e.Kind == kindUnknown {
				e.Kind = kindThing
			}
		}
		if e.Kind == kindUnknown || e.Kind == kindThing && before.Kind != kindUnknown {
			// 무엇, 어떤, 어떻게 say no kind of their own: an earlier
			// interrogative's kind stands ("몇 %로 어떻게 바뀌었나").
			kind := e.Kind
			e = before
			if e.Kind == kindUnknown {
				e.Kind = kind
			}
			continue
		}
		// The last definite interrogative decides: it is the predicate's,
		// while one before it sits in a clause that sets a condition or a
		// time ("입양할 때 받는 공제액은 얼마인가", "언제 신청하면 몇 %를
		// 돌려받나").
		prevDate, prevEnd = e.Kind == kindDate, m[1]
	}
	focus := stripTail(q)
	e.focusText = focus
	e.Duration = e.Kind == kindQuantity && asksDuration(q)
	// The head noun names the kind when the interrogative does not: the
	// last word of the focus ("공모 접수 시기는?" asks a date, "연도별 조성
	// 개소 수는?" does not).
	if e.Kind == kindUnknown || e.Kind == kindThing {
		head := ""
		if ws := strings.Fields(focus); len(ws) > 0 {
			head = textkit.StripParticle(strings.Trim(ws[len(ws)-1], "?？.,"))
		}
		switch {
		case hasAnySuffix(head, "시기", "시점", "날짜", "일자", "연도", "일시", "기한") || head == "시기" || head == "시점" || head == "날짜" || head == "연도" || head == "일시" || head == "일자" || head == "기한":
			e.Kind = kindDate
		case head == "주소" || head == "소재지" || head == "위치" || head == "장소" || hasAnySuffix(head, "주소", "소재지"):
			e.Kind = kindAddress
		case head == "성명" || head == "이름" || hasAnySuffix(head, "성명"):
			e.Kind = kindPerson
		case bodyNoun(head):
			e.Kind = kindPlace // "담당 부서는": a body
		}
	}
	if e.Kind == kindPlace {
		// "주소는 어디인가" wants an address, "운영하는 곳은 어디인가" may be
		// answered by a body.
		if head, _ := headNouns(q); head == "주소" || head == "소재지" || hasAnySuffix(head, "주소", "소재지") {
			e.Kind = kindAddress
		}
	}
	if e.Kind == kindQuantity && e.Unit == "" {
		// The noun the interrogative asks about says the unit: "…의 비중이
		// 얼마나" a share, a count noun ("장학금 수혜자 수는 얼마") a count;
		// otherwise a money word anywhere ("장학금 지급 한도는 얼마") money.
		head, prev := headNouns(q)
		switch {
		case parenUnit(q) != "":
			e.Unit = parenUnit(q)
		case hasAnySuffix(head, "율", "률", "비중", "비율") || head == "비중" || head == "비율":
			e.Unit = "%"
		case countNouns[head]:
		case moneyNoun(head) || slices.Contains(feeNouns, head) || hasAnySuffix(head, feeNouns...) || moneyNoun(prev) || moneyNoun(focus):
			e.Money = true
		}
	}
	if e.Kind == kindUnknown && e.Change == changeDiff {
		e.Kind = kindQuantity
	}
	return e
}

// indefiniteEnds make an interrogative an indefinite pronoun ("누구나",
// "언제든지", "어디서나", "무엇이든", "얼마든지", "몇몇"): it asks nothing.
// Source: Korean indefinite pronoun + 나/든(지)/라도/(에)서나.
var indefiniteEnds = []string{"든지", "든", "라도", "이든", "이나", "나", "에서나", "서나", "에나", "몇", "간", "새", "덧"}

// indefinite reports whether the interrogative q[start:end] is an
// indefinite pronoun: one of indefiniteEnds follows it in the same word
// ("어느 정도" and "얼마나" still ask: 나 after 얼마 is the degree ending).
func indefinite(q string, start, end int) bool {
	word, rest := q[start:end], q[end:]
	if strings.HasPrefix(word, "몇") {
		return strings.HasPrefix(q[start+len("몇"):], "몇")
	}
	for _, suf := range indefiniteEnds {
		if !strings.HasPrefix(rest, suf) {
			continue
		}
		switch {
		case word == "얼마" && (suf == "나" || suf == "이나" || suf == "간"):
			return suf == "간" // "얼마나" asks a degree; "얼마간" a while
		case suf == "몇" || suf == "새" || suf == "덧":
			return (suf == "새" || suf == "덧") && word == "어느"
		case suf == "간":
			return false
		}
		return true
	}
	return false
}

// dateContinues reports whether the interrogative word, after the text
// between continues a date asked just before ("몇 월 며칠", "몇 년 몇
// 월", "몇 시 몇 분"): only spaces between, and a day, month or minute.
func dateContinues(between, word string) bool {
	if strings.TrimSpace(between) != "" {
		return false
	}
	return word == "며칠" || strings.HasPrefix(word, "몇") && func() bool {
		c := strings.TrimSpace(strings.TrimPrefix(word, "몇"))
		return strings.HasPrefix(c, "월") || strings.HasPrefix(c, "일") || strings.HasPrefix(c, "분")
	}()
}

// bodyNouns name a body (an office, an organisation): the answer to a
// question about one is the body's name ("어느 부서", "담당 기관은"), never
// a word of another kind ("무", a column header).
var bodyNouns = []string{"부서", "기관", "부처", "기구", "단체", "업체", "기업", "회사", "법인", "담당과", "부처명", "기관명", "부서명"}

// bodyNoun reports whether w (particles stripped) is one of bodyNouns.
func bodyNoun(w string) bool {
	w = textkit.StripParticle(strings.Trim(w, "?？.,"))
	for _, b := range bodyNouns {
		if w == b || strings.HasPrefix(w, b) && utf8.RuneCountInString(w)-utf8.RuneCountInString(b) <= 1 {
			return true
		}
	}
	return false
}

// firstWord is the first word of s, "" when none.
func firstWord(s string) string {
	if ws := strings.Fields(s); len(ws) > 0 {
		return ws[0]
	}
	return ""
}

// magnitudeWords stand between 몇 and its counter ("몇 만 원").
var magnitudeWords = map[string]bool{"십": true, "백": true, "천": true, "만": true, "십만": true, "백만": true, "천만": true, "억": true, "조": true}

// countKind reads the counter after 몇: "명" → 명, "%" → %, "년도" → a
// date, "년간" → 년 (a length), "일" → 일. rest is the text after it.
func countKind(counter, rest string) (valueKind, string) {
	c := stripCopula(counter)
	switch {
	case c == "년도" || c == "월" || c == "시" || strings.HasPrefix(c, "년") && (strings.HasPrefix(counter, "년에") || strings.HasPrefix(counter, "년부터") || strings.HasPrefix(counter, "년까지") || strings.HasPrefix(counter, "년도")):
		return kindDate, ""
	case c == "년" && (strings.HasPrefix(strings.TrimSpace(rest), "동안") || strings.HasSuffix(counter, "간")):
		return kindQuantity, "년"
	case c == "년간":
		return kindQuantity, "년"
	}
	if u, ok := countUnits[c]; ok {
		return kindQuantity, u
	}
	if base, ok := strings.CutSuffix(c, "분"); ok && base != "" {
		// "몇 개월분", "며칠분": a portion counted in the unit before 분.
		if k, u := countKind(base, rest); k == kindQuantity {
			return k, u
		}
	}
	if u, ok := numbers.ParseUnit(c); ok && u.Base != "" {
		return kindQuantity, u.Base
	}
	// "개국", "개교", "개사": counted in 개 as numbers reads "12개국".
	if strings.HasPrefix(c, "개") && utf8.RuneCountInString(c) == 2 {
		return kindQuantity, "개"
	}
	if c == "퍼센트" {
		return kindQuantity, "%"
	}
	// An unknown counter word ("몇 개교", "몇 종"): a count in that word.
	if utf8.RuneCountInString(c) <= 3 && c != "" {
		return kindQuantity, c
	}
	return kindUnknown, ""
}

// copulaEnds are the copula and question endings a counter noun carries
// when 몇 + counter is the predicate ("몇 교인가", "몇 건이었나", "몇
// 곳입니까", "몇 회였는가"), and the particles after it ("몇 명이 참여",
// "몇 개소로"), longest first. Source: Korean copula 이다 in its past
// (이었/였) and interrogative (-ㄴ가, -ㄴ지, -나, -ㅂ니까, -ㄹ까) forms.
var copulaEnds = []string{
	"이었습니까", "이었는가", "이었는지", "이었나요", "이었을까", "이었던가", "이었나", "이었다",
	"였습니까", "였는가", "였는지", "였나요", "였을까", "였던가", "였나", "였다",
	"입니까", "입니다", "인가요", "인지요", "일까요", "인가", "인지", "일까", "이다", "이나", "이며", "이고",
	"으로", "까지", "부터", "였", "이", "가", "은", "는", "을", "를", "의", "에", "로", "나", "씩",
}

// stripCopula cuts the copula, question ending or particle from the word
// after 몇, leaving the counter: "교인가" → 교, "건이었나" → 건, "곳입니까"
// → 곳, "가구였는가" → 가구. A word that is only an ending is kept.
func stripCopula(counter string) string {
	c := counter
	for range 2 { // an ending, then a particle before it ("명씩인가")
		cut := false
		for _, suf := range copulaEnds {
			if strings.HasSuffix(c, suf) && utf8.RuneCountInString(c) > utf8.RuneCountInString(suf) {
				c, cut = strings.TrimSuffix(c, suf), true
				break
			}
		}
		if !cut {
			break
		}
	}
	return c
}

// parenUnit is a unit the question writes in parentheses: "(일)", "(만 원)".
func parenUnit(q string) string {
	for _, m := range regexp.MustCompile(`\(([^()]{1,8})\)`).FindAllStringSubmatch(q, -1) {
		if u, ok := numbers.ParseUnit(m[1]); ok && u.Base != "" {
			return u.Base
		}
	}
	return ""
}

// notCost are words in 비 that are not costs.
var notCost = map[string]bool{"대비": true, "준비": true, "장비": true, "설비": true, "예비": true, "구비": true, "정비": true, "대비해": true, "비비": true, "경비원": true, "무비": true, "왕비": true}

// countNouns are head nouns that ask for a count, whatever money word
// stands before them ("장학금 수혜자 수").
var countNouns = map[string]bool{"수": true, "인원": true, "건수": true, "개수": true, "횟수": true, "명수": true, "가구수": true}

// headNouns returns the last word before a question's interrogative (the
// noun it asks about) and the word before that, particles stripped.
func headNouns(q string) (head, prev string) {
	phrase := q
	if loc := expectRe.FindStringIndex(q); loc != nil {
		phrase = q[:loc[0]]
	} else {
		phrase = stripTail(q)
	}
	var ws []string
	for _, w := range strings.Fields(phrase) {
		w = textkit.StripParticle(strings.Trim(w, "?？.,·\"'“”‘’()"))
		for _, p := range []string{"은", "는", "이", "가"} {
			// A one-syllable noun keeps its particle in StripParticle ("수는").
			if utf8.RuneCountInString(w) == 2 && strings.HasSuffix(w, p) {
				w = strings.TrimSuffix(w, p)
			}
		}
		if w != "" {
			ws = append(ws, w)
		}
	}
	if len(ws) > 0 {
		head = ws[len(ws)-1]
	}
	if len(ws) > 1 {
		prev = ws[len(ws)-2]
	}
	return head, prev
}

// moneyNoun reports whether the phrase names an amount of money.
func moneyNoun(phrase string) bool {
	for _, w := range strings.Fields(phrase) {
		w = textkit.StripParticle(strings.Trim(w, "?？.,·\"'“”‘’()"))
		for _, s := range moneySuffixes {
			if strings.HasSuffix(w, s) && w != "지금" && w != "방금" && w != "조금" {
				return true
			}
		}
		// "참가비", "인건비", "사업비": a cost; not "대비", "준비", "장비".
		if strings.HasSuffix(w, "비") && utf8.RuneCountInString(w) >= 2 && !notCost[w] {
			return true
		}
	}
	return false
}

func hasAnyWord(phrase string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(phrase, w) {
			return true
		}
	}
	return false
}

// questionPeriods are the periods a question names, with a month or
// quarter that follows a year inheriting it ("2024년 1월, 2월" → 2024-01,
// 2024-02).
func questionPeriods(q string) []numbers.Period {
	ps := numbers.FindPeriods(q)
	year := 0
	for i := range ps {
		if ps[i].Year != 0 {
			year = ps[i].Year
		} else if year != 0 && (ps[i].Month != 0 || ps[i].Quarter != 0 || ps[i].Half != 0) {
			ps[i].Year = year
		}
	}
	return ps
}

// changeAfterWords end a question that asks where a change led.
var changeAfterWords = []string{"상향", "하향", "인상", "인하", "확대", "축소", "변경", "바뀌", "바꾸", "조정", "개선", "개편", "늘어", "늘었", "늘리", "늘린", "줄어", "줄었", "줄이", "줄인", "높아", "높였", "높인", "낮아", "낮췄", "낮춘", "올랐", "올린", "내렸", "내린", "증가", "감소", "완화", "강화", "변하", "달라"}

// questionChange reads the side of a change a question asks for:
// "얼마에서 얼마로" both, "얼마로 …" or "어떻게 바뀌" the new value,
// "얼마에서 …"/"기존"/"종전" the old one, "얼마나 늘/줄/증가/감소/차이" the
// difference.
func questionChange(q string) change {
	s := strings.ReplaceAll(q, " ", "")
	switch {
	case strings.Contains(s, "얼마에서얼마로") || strings.Contains(s, "에서얼마로") && strings.Contains(s, "얼마에서"):
		return changeBoth
	case strings.Contains(s, "얼마나") && hasAnyWord(s, "늘", "줄", "증가", "감소", "높아", "낮아", "많아", "적어", "상승", "하락", "차이", "커", "작아"):
		return changeDiff
	case asksDifference(q):
		return changeDiff
	case strings.Contains(s, "얼마로") && hasAnyWord(s, changeAfterWords...) || strings.Contains(s, "몇") && strings.Contains(s, "로") && hasAnyWord(s, changeAfterWords...):
		return changeAfter
	case strings.Contains(s, "얼마에서") || hasAnyWord(s, "기존", "종전", "변경전", "개정전"):
		return changeBefore
	case hasAnyWord(s, changeAfterWords...):
		return changeAfter
	}
	return changeNone
}

// diffTailRe is the predicate after 몇/얼마 that asks by how much a value
// moved: "몇 %p 낮아졌나", "얼마 증가했나", "몇 명 줄었는가". A target
// ("몇 명으로 늘었나", "얼마로 올랐나") asks the new level instead.
var diffTailRe = regexp.MustCompile(`(?:몇|얼마)\s*(\S*)\s*(?:더\s*)?(?:늘|줄|증가|감소|높아|낮아|올랐|오른|올라|내렸|내린|내려|상승|하락|많아|적어|커졌|작아|확대|축소|인상|인하|상향|하향)`)

// asksDifference reports whether a question asks the size of a change, not
// the level reached: a %p unit ("몇 %p"), or 몇/얼마 whose predicate is a
// change verb with no target ("전년보다 얼마 증가했나").
func asksDifference(q string) bool {
	s := strings.ReplaceAll(q, " ", "")
	if strings.Contains(s, "몇%p") || strings.Contains(s, "몇퍼센트포인트") || strings.Contains(s, "몇%포인트") {
		return true
	}
	m := diffTailRe.FindStringSubmatch(q)
	if m == nil {
		return false
	}
	counter := m[1]
	return !strings.HasSuffix(counter, "로") && !strings.HasSuffix(counter, "까지")
}

// countRe finds "N가지", "N개 항목", "N개 과제" asking for N items.
var countRe = regexp.MustCompile(`(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(가지|개\s*항목|개\s*요인|개\s*분야|개\s*유형|개\s*과제)`)

// namedCountRe finds "N곳은 어디", "N개 대학은 어디", "N명은 누구", "N개
// 기관은 어느": the number of names asked.
var namedCountRe = regexp.MustCompile(`(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:곳|개교|개소|명|개\s*[가-힣]{1,6})(?:은|는|이|가|을|를)?\s*(?:각각\s*)?(?:어디|누구|무엇|어느|어떤)`)

var koreanCounts = map[string]int{"한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}

// questionCount reads N of "N가지는 무엇인가", "세 가지 요인".
func questionCount(q string) int {
	m := countRe.FindStringSubmatch(q)
	if m == nil {
		// "대학 4곳은 어디인가", "위원 3명은 누구인가": N of a counter
		// before a name's interrogative.
		if m = namedCountRe.FindStringSubmatch(q); m == nil {
			return 0
		}
	}
	if n, ok := koreanCounts[m[1]]; ok {
		return n
	}
	n, _ := strconv.Atoi(m[1])
	return n
}
