package solve

import (
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// answerType is what a question expects back.
type answerType int

const (
	typeNumber answerType = iota // a value, with its unit when known
	typeList                     // every item of a breakdown ("유형별로")
	typeName                     // a name or phrase ("어디", "무엇")
)

// intent is what question analysis finds in a task-4 question.
type intent struct {
	Type answerType
	// Unit is the unit asked for ("몇 개" → 개, "(일)" → 일, "율" → %), "" when
	// the question names none.
	Unit string
	// Op is a superlative or comparison the question asks for.
	Op op
	// Several: the question asks several names without saying how many
	// ("어디어디인가", "대학들은 어디인가"); Expect.Count says how many when
	// it does.
	Several bool
	// Focus is the question without its interrogative ending: the phrase
	// the answer follows in the text ("보증을 받은 기업의 3년 생존율").
	Focus string
	// Numbers are the question's own numbers, never the answer.
	Numbers []float64
	// Core is the focus without the words that say when or how much
	// ("2022년에 비해 2024년", "얼마나 늘어나는"): what a sentence must
	// be about to answer.
	Core string
	// Expect is what the wording says about the value: kind, unit,
	// periods, side of a change.
	Expect expectation
	// First and Second split a two-step question: First finds an entity
	// ("간편결제 가맹률이 가장 높은 시장"), of kind Head ("시장"); Second
	// asks about it ("2023년 온라인 매출"). Empty for one-step questions.
	First, Head, Second string
	// Question is the question as asked (series operations read their
	// rank, threshold and range words from it).
	Question string
}

// twoStepRe matches "<X>이/가 가장 높은 <Head>의 <rest>": a superlative
// that names an entity whose property the question then asks for.
var twoStepRe = regexp.MustCompile(`^(.+?(?:이|가|은|는)?\s*(?:가장|제일)\s*\S+(?:은|는|ㄴ|한))\s+(\S+?)의\s+(.+)$`)

// tailRe is an interrogative ending.
var tailRe = regexp.MustCompile(`\s*(?:은|는|이|가|을|를)?\s*(?:모두\s*)?(?:얼마(?:인가|인지|나 되는가|였는가|였나)?|몇\s*\S*?(?:인가|인지|였는가)?|무엇(?:인가|인지)?|어디(?:인가|인지)?|누구(?:인가|인지)?|언제(?:부터|까지)?(?:인가|인지|였나|였는가)?|어느 \S+(?:인가|인지)?|어떻게 되는가)?\s*[?？]?\s*$`)

// midAskRe finds an interrogative that leaves only a short predicate after
// it ("…채무는 얼마로 집계되었나", "…응찰률은 몇 %p 낮아졌나"): the focus ends
// before it.
var midAskRe = regexp.MustCompile(`\s*(?:얼마|몇|누구|언제|어디|무엇)`)

// stripTail returns a question without its interrogative or imperative
// ending: the phrase naming what is asked ("점검표를 확인한 날짜를 쓰시오"
// → "점검표를 확인한 날짜", "채무는 얼마로 집계되었나?" → "채무는").
func stripTail(q string) string {
	q = strings.TrimSpace(q)
	q = imperativeRe.ReplaceAllString(q, "")
	q = strings.TrimSpace(tailRe.ReplaceAllString(q, ""))
	if locs := midAskRe.FindAllStringIndex(q, -1); len(locs) > 0 {
		loc := locs[len(locs)-1]
		if rest := strings.Fields(q[loc[1]:]); loc[0] > 0 && len(rest) <= 3 {
			// Drop the interrogative word (with the counter of "몇 %p"),
			// keep the predicate: it still says what happened ("지원했나").
			word := strings.TrimSpace(q[loc[0]:])
			tail := ""
			if i := strings.IndexByte(word, ' '); i >= 0 {
				word, tail = word[:i], strings.TrimSpace(word[i:])
			}
			if word == "몇" {
				if i := strings.IndexByte(tail, ' '); i >= 0 {
					tail = strings.TrimSpace(tail[i:])
				} else {
					tail = ""
				}
			}
			q = strings.TrimSpace(strings.TrimSpace(q[:loc[0]]) + " " + verbalNouns(tail))
		}
	}
	return q
}

// verbalNounRe is a 하다/되다 verb: its noun stem ("지원" of "지원했나",
// "집계" of "집계되었나") names what happened; other predicates
// ("낮아졌나") are left out.
var verbalNounRe = regexp.MustCompile(`^([가-힣]{2,}?)(?:하였|했|하|되었|됐|되|시켰|시키)`)

// verbalNouns keeps the noun stems of a predicate's 하다/되다 verbs.
func verbalNouns(pred string) string {
	var out []string
	for _, w := range strings.Fields(pred) {
		if m := verbalNounRe.FindStringSubmatch(w); m != nil {
			out = append(out, m[1])
		}
	}
	return strings.Join(out, " ")
}

// unitQuestionRe finds "몇 개", "몇 일", "몇%" and "(일)" in a question.
var unitQuestionRe = regexp.MustCompile(`몇\s*(%|[A-Za-z㎎㎏㎡㎢/]+|[가-힣]+?)(?:인가|인지|이|였|$|\s)|\(([^()]{1,6})\)`)

// namesBody reports whether a value of kind k is a name (a place, a body,
// a person, an address), never a figure.
func namesBody(k valueKind) bool {
	return k == kindPlace || k == kindPerson || k == kindAddress
}

// analyse reads a task-4 question.
func analyse(q string) intent {
	q = strings.TrimSpace(q)
	in := intent{Type: typeNumber, Question: q}
	in.Focus = stripTail(q)
	if in.Focus == "" {
		in.Focus = q
	}
	in.Expect = expect(q)
	in.Core = coreFocus(in.Focus, in.Expect.Periods)
	periods := numbers.FindPeriods(q)
	for _, n := range numbers.Find(q) {
		if !numbers.Overlaps(n, periods) {
			in.Numbers = append(in.Numbers, n.Value)
		}
	}
	in.Several = asksSeveral(q)
	in.Op, _ = questionOp(q)
	switch {
	case isBreakdown(q):
		in.Type = typeList
	case (asksWhich(q) || namesBody(in.Expect.Kind)) && !strings.Contains(q, "얼마") && !strings.Contains(q, "몇"):
		// "어디/무엇/누구 …" and the noun questions that ask a body or a
		// person without a question word ("조회하는 기관은?", "담당자는?").
		in.Type = typeName
	}
	if m := twoStepRe.FindStringSubmatch(in.Focus); m != nil && in.Type != typeName {
		in.First, in.Head, in.Second = strings.TrimSpace(m[1]), m[2], strings.TrimSpace(m[3])
		// The unit is the second part's: "가맹률이 가장 높은 시장의 매출".
		q = in.Second
	}
	for _, m := range unitQuestionRe.FindAllStringSubmatch(q, -1) {
		u := m[1]
		if u == "" {
			u = m[2]
		}
		if parsed, ok := numbers.ParseUnit(u); ok && parsed.Base != "" {
			in.Unit = parsed.Base
			break
		}
	}
	if in.Unit == "" && (strings.Contains(q, "율") || strings.Contains(q, "률") || strings.Contains(q, "비중")) {
		in.Unit = "%"
	}
	return in
}

// coreWords are words of a question that say how a value is compared
// rather than what it is about.
var coreWords = map[string]bool{"비해": true, "비하여": true, "대비": true, "기준": true, "기준으로": true, "각각": true, "현재": true}

// coreFocus drops from a focus the periods it names, its comparison
// words and an "얼마나 …" tail.
func coreFocus(focus string, periods []numbers.Period) string {
	if i := strings.Index(focus, "얼마나"); i >= 0 {
		focus = focus[:i]
	}
	for _, p := range periods {
		focus = strings.Replace(focus, p.Text, " ", 1)
	}
	var keep []string
	for _, w := range strings.Fields(focus) {
		if coreWords[w] || strings.Trim(w, "에의는은도") == "" {
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		return focus
	}
	return strings.Join(keep, " ")
}

// severalRe finds the asks of several names: a doubled interrogative
// ("어디어디", "누구누구", "무엇무엇") or a plural noun before one ("대학들은
// 어디인가", "어떤 기관들이").
var severalRe = regexp.MustCompile(`어디\s*어디|누구\s*누구|무엇\s*무엇|[가-힣]들(?:은|는|이|을)\s*(?:각각\s*)?(?:어디|누구|무엇|어느)|어떤\s*[가-힣]+들`)

// asksSeveral reports whether a question asks several names or things
// without saying how many (severalRe).
func asksSeveral(q string) bool { return severalRe.MatchString(q) }

// isBreakdown reports whether a question asks for every item of a
// breakdown: "유형별로", "업체별", "차수별 …", "각각".
func isBreakdown(q string) bool {
	for _, w := range strings.Fields(q) {
		r := []rune(w)
		for i := 1; i < len(r); i++ {
			if r[i] == '별' && (i == len(r)-1 || r[i+1] == '로' || r[i+1] == '의') {
				return true
			}
		}
	}
	return strings.Contains(q, "각각")
}

// keywords are the content words of a phrase with particles stripped,
// for locating it in text.
func keywords(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, "?？.,·\"'“”‘’")
		w = textkit.StripParticle(w)
		if len([]rune(w)) >= 2 {
			out = append(out, w)
		}
	}
	return out
}
