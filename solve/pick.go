package solve

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
)

// accepts reports whether a quantity read from text may answer a question
// that expects e, and how well it fits (0-1): a year or month is never a
// quantity ("2025년" does not answer "얼마"), a named unit must agree
// ("14일" answers "며칠", "3건" does not), an amount of money asked by its
// nouns wants 원 or a bare number.
func (e expectation) accepts(q numbers.Quantity) (bool, float64) {
	if e.Kind != kindQuantity && e.Kind != kindUnknown {
		return false, 0
	}
	switch {
	case e.Unit != "":
		if q.Unit == "" {
			if countUnit(e.Unit) && q.Value != float64(int64(q.Value)) {
				return false, 0 // "1.1" is no number of people or places
			}
			return !q.Scaled || e.Unit == "원", 0.4
		}
		if _, ok := q.In(numbers.Unit{Base: e.Unit, Scale: 1}); !ok {
			return false, 0
		}
		return true, 1
	case e.Money:
		switch q.Unit {
		case "원":
			return true, 1
		case "":
			return true, 0.4
		}
		return false, 0
	}
	// No unit said: any quantity, a unit read as a measure preferred.
	if e.Duration {
		// "얼마 동안": a length of time, not a count.
		switch q.Unit {
		case "년", "개월", "월", "주", "일", "시간", "분":
			return true, 1
		}
		return true, 0.3
	}
	if q.Unit == "년" || q.Unit == "월" {
		return true, 0.2 // "5년" may be a length, rarely what "얼마" asks
	}
	return true, 0.6
}

// ratioRe finds the colon of a ratio next to a number ("8 : 2", "50% : 42%").
var (
	ratioAfterRe  = regexp.MustCompile(`^\s*[:：]\s*\d`)
	ratioBeforeRe = regexp.MustCompile(`\d%?\s*[:：]\s*$`)
)

// ratioTerm reports whether q is a term of a ratio written with colons
// ("약 8 : 2로 배분", "50 : 42 : 8").
func ratioTerm(text string, q numbers.Quantity) bool {
	return ratioAfterRe.MatchString(text[min(q.End, len(text)):]) || ratioBeforeRe.MatchString(text[:max(0, min(q.Start, len(text)))])
}

// Modifiers that tell apart the values of one sentence: "기본공제
// 5백만원과는 별개로 … 총 1천만원을 추가로 공제" asked "추가로 받는
// 공제액은" gives 1천만원, asked "기본 공제액은" 5백만원. A value followed
// by "과는 별개로", "와 별도로", "외에", "에 더해" is the base another is
// added to.

// modifierFamilies group the words that say which of several values is
// meant; a question's word asks for a value with a word of its family.
var modifierFamilies = map[string][]string{
	"extra": {"추가", "별도", "별개", "더해", "가산"},
	"base":  {"기본", "기존", "종전"},
	"total": {"총", "합계", "모두", "전체"},
	"max":   {"최대", "최고"},
	"min":   {"최소", "최저"},
}

// contrastRe ends a phrase naming the base value another is added to:
// "(…)과는 별개로", "와 별도로", "외에", "에 더하여", "에 추가하여".
var contrastRe = regexp.MustCompile(`^(?:\s*\([^()]{0,20}\))?\s*(?:과는|와는|과|와|이외에|외에|에\s*더해|에\s*더하여|에\s*추가하여|에\s*추가로)\s*(?:별개로|별도로|별개로서|는|도)?`)

// contrastMarkRe finds a contrast phrase in a question ("기존 X와 별개로").
var contrastMarkRe = regexp.MustCompile(`(?:과는|와는|과|와)\s*(?:별개로|별도로)|(?:이외에|외에)\s|에\s*더해`)

// askedModifiers are the modifier families a question's focus asks for:
// its own words, not those inside a contrast phrase ("기존 공제와 별개로
// 추가로 받는" asks extra, not base); a contrast phrase asks extra.
func askedModifiers(focus string) map[string]bool {
	out := map[string]bool{}
	if loc := contrastMarkRe.FindStringIndex(focus); loc != nil {
		focus = focus[loc[1]:]
		out["extra"] = true
	}
	for fam, ws := range modifierFamilies {
		for _, w := range strings.Fields(focus) {
			for _, m := range ws {
				if strings.HasPrefix(w, m) && (fam != "total" || w == m || utf8.RuneCountInString(w) <= 2) {
					out[fam] = true
				}
			}
		}
	}
	return out
}

// modifierFit scores the modifiers around q against those asked: +0.4
// when a word of an asked family stands in the two words before q or in
// the rest of its clause ("총 1억원의 … 추가로 받을"), −0.4 when q is the
// base of a contrast ("5천만원과는 별개로") and extra is asked, +0.4 when
// it is and base is asked. 0 when the question asks none.
func modifierFit(sent string, q numbers.Quantity, asked map[string]bool) float64 {
	if len(asked) == 0 {
		return 0
	}
	after := sent[min(q.End, len(sent)):]
	if contrastRe.MatchString(after) && contrastRe.FindString(after) != "" && strings.ContainsAny(contrastRe.FindString(after), "별외더추") {
		switch {
		case asked["base"]:
			return 0.4
		case asked["extra"]:
			return -0.4
		}
		return 0
	}
	before := sent[:max(0, min(q.Start, len(sent)))]
	if i := strings.LastIndexAny(before, ",;(（"); i >= 0 {
		before = before[i+1:]
	}
	bw := strings.Fields(before)
	bw = bw[max(0, len(bw)-2):]
	if i := strings.IndexAny(after, ",;.。"); i >= 0 {
		after = after[:i]
	}
	if m := contrastMarkRe.FindStringIndex(after); m != nil {
		after = after[:m[0]]
	}
	near := append(bw, strings.Fields(after)...)
	score := 0.0
	for fam := range asked {
		for _, w := range near {
			w = strings.Trim(w, "()（）[]")
			if slices.ContainsFunc(modifierFamilies[fam], func(m string) bool {
				return strings.HasPrefix(w, m) && (fam != "total" || utf8.RuneCountInString(w) <= 2)
			}) {
				score = 0.4
			}
		}
	}
	return score
}

// countUnit reports whether u counts whole things (people, sites, cases,
// times): a count is never a fraction.
func countUnit(u string) bool {
	return siteCounter(u) || slices.Contains([]string{"명", "개", "건", "회", "가구", "대", "척", "편", "권", "종", "마리", "그루", "채", "세대", "개국", "개월"}, u)
}

// countedIn reports whether q is written with the counter a question asks
// for when package numbers did not read that counter as its unit: "37교"
// or "37개교" for "몇 교" and "몇 개교", "52관" for "몇 관". Such a number
// is a count, not an ordinal label.
func (e expectation) countedIn(text string, q numbers.Quantity) bool {
	if e.Kind != kindQuantity || q.End > len(text) {
		return false
	}
	after := text[q.End:]
	if siteCounter(e.Counter) || siteCounter(e.Unit) && e.Unit != "개" {
		// "몇 곳", "몇 교", "몇 개 대학": sites and bodies are counted in
		// any of their counters ("11교", "37개교", "21개소", "9개 기관").
		if siteCounter(q.Unit) {
			return true // "12곳": numbers read the counter as its unit
		}
		if q.Unit == "" || q.Unit == "개" {
			tail := after
			if q.Unit == "개" {
				tail = "개" + after
			}
			if c := leadingCounter(tail); c != "" && q.Value == float64(int64(q.Value)) {
				return true
			}
		}
	}
	for _, c := range []string{e.Counter, strings.TrimPrefix(e.Counter, "개"), e.Unit} {
		if c == "" || c == "개" || q.Unit == c {
			continue
		}
		switch q.Unit {
		case "":
			if strings.HasPrefix(after, c) || strings.HasPrefix(after, "개"+c) {
				return true
			}
		case "개":
			if strings.HasPrefix(after, c) {
				return true
			}
		}
	}
	return false
}

// siteCounters count sites, schools and bodies: a question in one of
// them ("몇 곳", "몇 교", "몇 개 기관") is answered by a number in any
// ("37교", "37개교", "21개소", "4개 대학"). Source: Korean counters for
// places (곳, 개소), schools (교, 개교), halls (관), companies (사) and
// bodies (기관).
var siteCounters = []string{"개 기관", "개기관", "개 대학", "개대학", "개 학교", "개학교", "개 업체", "개업체", "개교", "개소", "개관", "개사", "개처", "곳", "교", "관", "기관", "대학"}

// siteCounter reports whether c is one of siteCounters.
func siteCounter(c string) bool {
	return c != "" && slices.Contains(siteCounters, c)
}

// counterFollow may follow a counter: the copula and particles.
var counterFollow = []string{"이", "가", "은", "는", "을", "를", "의", "에", "로", "으", "와", "과", "씩", "였", "이다", "입", "인", "중", "내", "까", "부", "만", "도", "씩"}

// leadingCounter is the site counter text starts with ("교로 늘었다" →
// 교, "개 대학이" → 개 대학), "" when none does or the counter runs on into
// another word ("교육", "관리", "사업").
func leadingCounter(text string) string {
	best := ""
	for _, c := range siteCounters {
		if !strings.HasPrefix(text, c) || len(c) <= len(best) {
			continue
		}
		rest := text[len(c):]
		r, _ := utf8.DecodeRuneInString(rest)
		if rest == "" || !unicode.Is(unicode.Hangul, r) || slices.ContainsFunc(counterFollow, func(f string) bool { return strings.HasPrefix(rest, f) }) {
			best = c
		}
	}
	return best
}

// partOfNext reports whether q is a part the next value includes ("국비
// 3억원을 포함한 5억원", "3억원 포함 5억원"): the total answers, not the
// part.
func partOfNext(text string, q numbers.Quantity) bool {
	after := strings.TrimLeft(text[min(q.End, len(text)):], " ")
	for _, p := range []string{"을 포함", "를 포함", "포함"} {
		if strings.HasPrefix(after, p) {
			return true
		}
	}
	return false
}

// boundWords in a question make a limit ("2천만원 이하") a fitting answer.
var boundWords = []string{"한도", "기준", "상한", "하한", "이하", "이상", "미만", "초과", "이내", "최대", "최소", "까지", "범위", "요건", "안에", "내에"}

// pickValue chooses, among the points of a sentence, the value a question
// asks for: a quantity of the expected kind and unit, for the period the
// question names, on the side of a change it asks for, nearest after the
// focus words (which end at byte pos). A difference question gets after −
// before; "얼마에서 얼마로" gets both ends. ok is false when no point fits.
func pickValue(sent string, pts []valuePoint, e expectation, questionNumbers []float64, pos int) (string, float64, bool) {
	v, score, _, ok := pickValueDated(sent, pts, e, questionNumbers, pos)
	return v, score, ok
}

// pickValueDated is pickValue that also reports whether the value is dated
// by one of the question's periods (Agrees or Partial).
func pickValueDated(sent string, pts []valuePoint, e expectation, questionNumbers []float64, pos int) (string, float64, bool, bool) {
	p := pickPoint(sent, pts, e, questionNumbers, pos)
	return p.Value, p.Score, p.Dated, p.OK
}

// picked is the value pickPoint chose and why.
type picked struct {
	Value string
	Score float64
	// Dated: the value is dated by one of the question's periods.
	Dated bool
	// Bound is the value's binding to what the question asks (see
	// binding): above 0 when its clause's topic or its head noun is the
	// question's.
	Bound float64
	OK    bool
	// Bare: the value is a number written without a unit or counter
	// ("약 8 : 2" for "몇 곳"), weaker than one written in the unit asked.
	Bare bool
}

// predicateNouns are the noun stems of a question's closing verb
// ("예상되나", "전망인가", "계획인가"): they end the focus but are not what
// is asked.
var predicateNouns = []string{"예상", "전망", "기대", "추정", "추산", "예정", "계획", "목표", "집계", "발표"}

// focusHead is the noun a question's focus asks about: its last keyword,
// a trailing predicate noun passed over ("절감효과는 얼마로 예상되나" →
// 절감효과); "" when there are none.
func focusHead(words []string) string {
	for i := len(words) - 1; i >= 0; i-- {
		if i > 0 && slices.Contains(predicateNouns, words[i]) {
			continue
		}
		return words[i]
	}
	return ""
}

// pickPoint is pickValueDated with the chosen point's binding.
func pickPoint(sent string, pts []valuePoint, e expectation, questionNumbers []float64, pos int) picked {
	bounded := false
	for _, w := range boundWords {
		bounded = bounded || strings.Contains(e.focusText, w)
	}
	focusWords := keywords(e.focusText)
	head := focusHead(focusWords)
	asked := askedModifiers(e.focusText)
	type scored struct {
		i     int
		score float64
	}
	var cands []scored
	for i, p := range pts {
		q := p.Q
		ok, fit := e.accepts(q)
		counted := e.countedIn(sent, q)
		if counted {
			ok, fit = true, 1
		}
		if !ok || !counted && isOrdinal(sent, q) {
			continue
		}
		if !counted && q.Unit != "" && siteCounter(e.Counter) {
			continue // "13개국" does not answer "몇 개소"
		}
		if !counted && q.Unit == "" && ratioTerm(sent, q) {
			continue // "약 8 : 2로 배분": a ratio's term is no count or amount
		}
		own := false
		for _, n := range questionNumbers {
			own = own || q.Value == n
		}
		if own && p.Role == changeNone {
			continue
		}
		score := fit
		if q.Bound != numbers.Exact && !bounded {
			score -= 0.5
		}
		if len(e.Periods) > 0 && !p.When.IsZero() {
			best := numbers.Conflicts
			for _, w := range e.Periods {
				best = max(best, w.Agree(p.When))
			}
			switch best {
			case numbers.Conflicts:
				continue
			case numbers.Agrees:
				score += 0.8
			case numbers.Partial:
				score += 0.4
			}
		}
		// A change ("0.4% 감소") answers "얼마나 늘었나" and "증가폭", not
		// "얼마인가".
		asksChange := e.Change == changeDiff || hasAnyWord(e.focusText, "증가폭", "감소폭", "증감", "변동폭", "증가분", "감소분", "증가량", "감소량", "차이")
		switch {
		case p.Delta && asksChange:
			score += 0.3
		case p.Delta:
			score -= 0.6
		}
		switch {
		case e.Change == changeAfter && p.Role == changeAfter, e.Change == changeBefore && p.Role == changeBefore:
			score += 0.6
		case e.Change == changeAfter && p.Role == changeBefore, e.Change == changeBefore && p.Role == changeAfter:
			score -= 0.6
		case e.Change == changeNone && p.Role == changeBefore:
			// "몇 %를 지급하는가" of "90% → 95%로 확대": the value in force
			// is the new one, unless the question asks the old.
			score -= 0.5
		}
		// The value attached to what is asked: the clause whose topic the
		// question names, the value of the head noun ("40%의 세액공제율").
		score += binding(sent, q, head, focusWords)
		// The modifier the question puts on it ("추가로 받는", "총",
		// "기본"), against another value's ("5천만원과는 별개로").
		score += modifierFit(sent, q, asked)
		if partOfNext(sent, q) {
			score -= 0.4
		}
		// Nearness to the focus: the first values after it are the likeliest.
		if q.Start >= pos {
			d := utf8.RuneCountInString(sent[pos:q.Start])
			score += 0.5 / (1 + float64(d)/20)
		} else {
			d := utf8.RuneCountInString(sent[min(q.End, pos):pos])
			score += 0.2 / (1 + float64(d)/20)
		}
		cands = append(cands, scored{i, score})
	}
	if len(cands) == 0 {
		return picked{}
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.score > best.score {
			best = c
		}
	}
	p := pts[best.i]
	bound := binding(sent, p.Q, head, focusWords)
	dated := false
	for _, w := range e.Periods {
		dated = dated || !p.When.IsZero() && w.Agree(p.When) >= numbers.Partial
	}
	switch {
	case e.Change == changeDiff && p.Delta:
		// The text states the change itself.
		return picked{Value: strings.TrimSpace(p.Q.Text), Score: best.score, Dated: dated, Bound: bound, OK: true}
	case e.Change == changeDiff, e.Change == changeBoth:
		if b, a, ok := changeEnds(pts, best.i, e); ok {
			if e.Change == changeBoth {
				return picked{Value: strings.TrimSpace(b.Q.Text) + " → " + strings.TrimSpace(a.Q.Text), Score: best.score, Dated: dated, Bound: bound, OK: true}
			}
			d, _ := difference(b.Q, a.Q)
			unit := a.Q.Unit
			if unit == "%" {
				unit = "%p"
			}
			return picked{Value: d + unit, Score: best.score, Dated: dated, Bound: bound, OK: true}
		}
		if e.Change == changeDiff {
			return picked{}
		}
	}
	return picked{Value: strings.TrimSpace(p.Q.Text), Score: best.score, Dated: dated, Bound: bound, OK: true,
		Bare: p.Q.Unit == "" && !e.countedIn(sent, p.Q)}
}

// changeEnds finds the two points a difference or a before → after
// question compares: those dated by the question's first and last periods
// (same unit), else the ends of the chain of point i.
func changeEnds(pts []valuePoint, i int, e expectation) (valuePoint, valuePoint, bool) {
	if len(e.Periods) >= 2 {
		// The points dated by the first and the last period, nearest to
		// the chosen one (a row of a text-laid table holds several runs).
		from, to := e.Periods[0], e.Periods[len(e.Periods)-1]
		nearest := func(w numbers.Period) int {
			best := -1
			for k, p := range pts {
				if p.When.IsZero() || p.Q.Unit != pts[i].Q.Unit || !sameChain(p, pts[i]) || w.Agree(p.When) != numbers.Agrees {
					continue
				}
				if best < 0 || abs(k-i) < abs(best-i) {
					best = k
				}
			}
			return best
		}
		if bi, ai := nearest(from), nearest(to); bi >= 0 && ai >= 0 && bi != ai {
			return pts[bi], pts[ai], true
		}
	}
	c := pts[i].Chain
	if c < 0 {
		return valuePoint{}, valuePoint{}, false
	}
	first, last := -1, -1
	for k, p := range pts {
		if p.Chain == c {
			if first < 0 {
				first = k
			}
			last = k
		}
	}
	if first == last {
		return valuePoint{}, valuePoint{}, false
	}
	if pts[first].Role == changeAfter && pts[last].Role == changeBefore {
		// Written after-first: "334%로 전월(335%) 대비".
		first, last = last, first
	}
	return pts[first], pts[last], true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func sameChain(a, b valuePoint) bool { return a.Chain < 0 || b.Chain < 0 || a.Chain == b.Chain }

// binding scores how a quantity is attached to what the question asks
// about, by the phrase and clause structure around it rather than by
// distance: +0.4 when it is the value of the head noun ("40%의
// 세액공제율", "29.9조원 적자"), +0.3 when the head noun is its subject
// ("세액공제율이 15%"), and +0.3 when the topic of its clause (the word
// with 은/는 before it, after the last comma or connective ending) is one
// the question names, −0.2 when that topic is another ("A는 1조원, B는
// 2조원" asked of A gives B's value −0.2).
func binding(sent string, q numbers.Quantity, head string, focus []string) float64 {
	score := 0.0
	if head != "" {
		after := strings.TrimLeft(sent[q.End:], " ")
		after = strings.TrimLeft(strings.TrimPrefix(after, "의"), " ")
		if strings.HasPrefix(after, head) {
			score += 0.4
		}
		before := strings.TrimRight(sent[:q.Start], " ")
		for _, p := range []string{"은", "는", "이", "가", ":", "："} {
			if strings.HasSuffix(before, head+p) {
				score += 0.3
				break
			}
		}
	}
	// An enumeration "A N, B M" under a wider topic ("X는 A N, B M"):
	// the label right before the value, in its own comma segment, binds
	// it more closely than the clause's topic.
	if label := localLabel(sent[:q.Start]); label != "" {
		for _, k := range focus {
			if utf8.RuneCountInString(k) >= 2 && strings.Contains(label, k) {
				return score + 0.3
			}
		}
	}
	topic := clauseTopic(sent[:q.Start])
	if topic == "" || len(focus) == 0 {
		return score
	}
	for _, k := range focus {
		if strings.Contains(topic, k) || strings.Contains(k, topic) {
			return score + 0.3
		}
	}
	return score - 0.2
}

// localLabel returns the words that label a value directly: the text
// before it back to the last comma, semicolon, colon-less topic word (a
// word marked 은/는) or clause break, at most three words; "" when the
// value starts its segment.
func localLabel(text string) string {
	if i := strings.LastIndexAny(text, ",;，·("); i >= 0 {
		text = text[i+1:]
	}
	words := strings.Fields(text)
	var label []string
	for i := len(words) - 1; i >= 0 && len(label) < 3; i-- {
		w := strings.Trim(words[i], "\"'“”‘’()")
		if clauseBreak(" "+w+" ") || strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는") || strings.HasSuffix(w, "면") {
			break
		}
		label = append([]string{w}, label...)
	}
	return strings.Join(label, " ")
}

// clauseTopic returns the topic (a word marked 은/는, particle dropped) of
// the clause that ends the text, "" when it has none. The clause starts
// after the last comma, semicolon or connective ending (며, 고, 으나, 지만).
func clauseTopic(text string) string {
	if i := strings.LastIndexAny(text, ",;，"); i >= 0 {
		text = text[i+1:]
	}
	words := strings.Fields(text)
	for i := len(words) - 1; i >= 0; i-- {
		w := strings.Trim(words[i], "\"'“”‘’()")
		if i < len(words)-1 && clauseBreak(" "+w+" ") {
			break
		}
		if (strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는")) && utf8.RuneCountInString(w) >= 3 && !adnominal(w) {
			t := strings.TrimSuffix(strings.TrimSuffix(w, "은"), "는")
			if genericTopics[t] {
				return ""
			}
			return t
		}
	}
	return ""
}

// adnominalEnds end verbs and adjectives that modify a noun ("초과하는",
// "높은"): a 는/은 that is not the topic particle.
var adnominalEnds = []string{"하는", "되는", "있는", "없는", "않는", "받는", "넘는", "오는", "가는", "주는", "같은", "많은", "적은", "높은", "낮은", "작은", "좋은", "받은", "넓은", "늦은", "이러한", "이런", "다른"}

func adnominal(w string) bool {
	for _, e := range adnominalEnds {
		if strings.HasSuffix(w, e) {
			return true
		}
	}
	return false
}

// genericTopics are topics that say nothing about what a value is of
// ("이 경우는", "그 결과는").
var genericTopics = map[string]bool{"경우": true, "결과": true, "이번": true, "올해": true, "현재": true, "이": true, "그": true, "이후": true, "전체": true}
