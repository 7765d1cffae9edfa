package solve

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/textkit"
)

// Lexical retrieval ranks passages by the question's words; the passage
// that answers is the one that also holds what the question asks for: a
// value of the kind asked after its focus words, the label the question
// names ("조회기관 : …"), the phrase it quotes. rerankParagraphs re-orders
// the retrieved passages of one document by those signals.

// rerankK is how many retrieved passages task 1 re-ranks.
const rerankK = 20

// quoteRe finds phrases a question quotes: ‘…’, “…”, '…', "…", 「…」.
var quoteRe = regexp.MustCompile(`[‘“'"「『]([^’”'"」』]{2,40})[’”'"」』]`)

// quotedPhrases lists the phrases a question quotes.
func quotedPhrases(q string) []string {
	var out []string
	for _, m := range quoteRe.FindAllStringSubmatch(q, -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// passageSignals are the answer signals of one passage for a question.
type passageSignals struct {
	Coverage float64 // share of the question's core bigrams in the passage (its context at half weight)
	Answer   bool    // a value of the kind asked follows the focus words
	Label    bool    // a "label : value" or "(label) value" with the label the question names
	Quoted   bool    // every quoted phrase of the question is there
	Short    bool    // a heading-like scrap (under 12 letters) with no answer
	Period   bool    // a period question, and a passage labelled as a period that holds a date
	Total    bool    // the value of the kind asked is a total ("총 1,189억원") the question does not ask for
	// Figures counts the numbers in the very counter or unit the question
	// asks ("몇 %p" → 0.6%p, or bare numbers under a "(%p)" or "(단위:
	// %p)" label).
	Figures int
	Series  bool // a question that asks a value per period or item (씩, 해마다, 각각) and a passage with several Figures
	// Carrier: the question asks a kind of line (lineAsk: where to
	// enquire, to whom a form goes) and the passage carries one.
	Carrier lineAsk
}

// declaredUnitRe finds a unit a passage declares in parentheses for its
// bare numbers: "증가폭(%p):", "(단위: 억원)".
var declaredUnitRe = regexp.MustCompile(`[(（]\s*(?:단위\s*[:：]\s*)?([^()（）,]{1,8})\s*[)）]`)

// eachRe finds the words of a question that ask one value per period or
// item: "몇 %p씩", "해마다", "매년", "연도별", "각각".
var eachRe = regexp.MustCompile(`씩|해마다|매년|매해|연도별|연도마다|각각|분기별|월별`)

// figures counts the numbers of text written in the counter or unit e
// asks for (e.Counter, else e.Unit), bare numbers counting when the text
// declares that unit in parentheses. 0 when the question names none.
func figures(text string, e expectation) int {
	want := e.Counter
	if want == "" {
		want = e.Unit
	}
	if e.Kind != kindQuantity || want == "" {
		return 0
	}
	if u, ok := numbers.ParseUnit(want); ok && u.Base != "" {
		want = u.Base
	}
	declared := false
	for _, m := range declaredUnitRe.FindAllStringSubmatch(text, -1) {
		if u, ok := numbers.ParseUnit(strings.TrimSpace(m[1])); ok && u.Base == want {
			declared = true
		}
	}
	n := 0
	for _, q := range numbers.Find(text) {
		if q.Unit == want || q.Unit == "" && declared || e.countedIn(text, q) {
			n++
		}
	}
	return n
}

// signals reads a passage against an analysed question. context is the
// passage's heading context (document.Context: title, section, lead
// lines), "" when unknown; span says the question asks a span of time
// (asksSpan): its words count at half weight toward
// Coverage, as a lower-weighted field does in BM25F, so that a short item
// under the heading that names the topic is not outranked by any long line
// that repeats it.
func signals(text, context string, in intent, quoted []string, span bool) passageSignals {
	var sg passageSignals
	sg.Coverage = textkit.Coverage(in.Core, text)
	if context != "" {
		sg.Coverage = (sg.Coverage + textkit.Coverage(in.Core, context+"\n"+text)) / 2
	}
	if v, _ := textAnswer(text, in, ""); v != "" {
		sg.Answer = true
		// A summary line gives the total over several items ("A, B, C 등을
		// 통해 총 N원"); the line on the item asked gives its own value.
		if at := strings.Index(text, v); at > 0 && !totalRe.MatchString(in.Focus) {
			sg.Total = isTotal(text, numbers.Quantity{Start: at})
		}
	}
	sg.Figures = figures(text, in.Expect)
	sg.Answer = sg.Answer || sg.Figures > 0
	sg.Series = sg.Figures >= 2 && eachRe.MatchString(in.Focus+" "+in.Expect.focusText)
	core := in.Core
	if span {
		core += " " + periodLabelWords
	}
	for _, label := range passageLabels(text) {
		if utf8.RuneCountInString(label) >= 2 && labelMatch(core, label) >= 0.6 {
			sg.Label = true
			break
		}
	}
	if sg.Label && !sg.Answer && in.Expect.Kind == kindQuantity && (in.Expect.Counter != "" || in.Expect.Unit != "") {
		// A heading that names the topic ("□ (고용) …") but holds no
		// value in the unit asked is not the label of the answer.
		sg.Label = false
	}
	if span {
		sg.Period = periodLabelled(text) && len(numbers.FindPeriods(text)) > 0
		// The dates under that label are the value asked.
		sg.Answer = sg.Answer || sg.Period
	}
	if len(quoted) > 0 {
		sg.Quoted = true
		for _, q := range quoted {
			if st, _ := textkit.FindFolded(text, q); st < 0 {
				sg.Quoted = false
			}
		}
	}
	letters := 0
	for _, r := range text {
		if isSyllable(r) || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			letters++
		}
	}
	sg.Short = letters < 12 && !sg.Answer && !sg.Label
	return sg
}

// rerankScore combines a passage's retrieval score (scaled by the best)
// with its answer signals. Weights were set on the project's own examples
// (TestRerankParagraphs); the retrieval score keeps most of the weight.
func rerankScore(retrievalShare float64, sg passageSignals) float64 {
	s := 0.55*retrievalShare + 0.25*sg.Coverage
	if sg.Answer {
		s += 0.15
	}
	if sg.Label {
		s += 0.2
	}
	if sg.Quoted {
		s += 0.25
	}
	if sg.Short {
		s -= 0.3
	}
	if sg.Period {
		s += 0.25
	}
	if sg.Total {
		s -= 0.1
	}
	if sg.Series {
		s += 0.15
	}
	switch sg.Carrier {
	case askContact:
		s += 0.3
	case askAddressee:
		// The question asks nothing but the addressee, which no other
		// passage holds.
		s += 0.6
	}
	return s
}

// totalRe finds the words of a question that ask for a total.
var totalRe = regexp.MustCompile(`총|합계|전체|모두|합산`)

// itemLabelRe finds the label a report item opens with in parentheses:
// "◦ (지원 대상) 국립대학 37교", "- (기간) ’24.3.~12.".
var itemLabelRe = regexp.MustCompile(`^[^\p{L}\p{N}(（]{0,3}[(（]([^()（）]{2,24})[)）]`)

// passageLabels lists the labels of a passage: those of "label : value"
// and the parenthesised label an item opens with.
func passageLabels(text string) []string {
	var out []string
	for _, m := range labelRe.FindAllStringSubmatch(text, -1) {
		out = append(out, joinSpaced(strings.Trim(strings.TrimSpace(m[1]), bullets+" ")))
	}
	for _, line := range strings.Split(text, "\n") {
		if m := itemLabelRe.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			out = append(out, joinSpaced(strings.TrimSpace(m[1])))
		}
	}
	return out
}

// spanWordsRe finds the words of a question that ask for a span of time: from
// when to when, a period, a schedule, a deadline.
var spanWordsRe = regexp.MustCompile(`언제\s*부터|언제\s*까지|기간|일정|시기|기한`)

// asksSpan reports whether a question asks for a span of time.
func asksSpan(question string) bool { return spanWordsRe.MatchString(question) }

// spanQuery adds the words that label a span of time (periodLabelWords)
// to a search for a question that asks for one, so that an item labelled
// "(기간)" is retrieved for "언제부터 언제까지"; other questions come back
// unchanged.
func spanQuery(q string) string {
	if !asksSpan(q) {
		return q
	}
	return q + " " + periodLabelWords
}

// periodLabelWords name a span of time in a label or heading; a question
// asking for a span ("언제부터 언제까지", "기간은") is answered by the item
// so labelled.
const periodLabelWords = "기간 일정 시기 기한"

// periodLabelled reports whether a passage's label, or its first words,
// name a span of time (periodLabelWords).
func periodLabelled(text string) bool {
	words := strings.Fields(periodLabelWords)
	has := func(s string) bool {
		for _, w := range words {
			if strings.Contains(s, w) {
				return true
			}
		}
		return false
	}
	for _, l := range passageLabels(text) {
		if has(l) {
			return true
		}
	}
	lead := []rune(strings.TrimSpace(text))
	return has(string(lead[:min(len(lead), 16)]))
}

// rerankParagraphs re-orders hits (of one question) by rerankScore, best
// first; ties keep the retrieval order. contextOf gives a passage's
// heading context (nil: none).
func rerankParagraphs(hits []retrieval.Hit, question string, contextOf func(document.Passage) string) []retrieval.Hit {
	if len(hits) < 2 {
		return hits
	}
	in := analyse(question)
	quoted := quotedPhrases(question)
	span := asksSpan(question)
	ask := lineAskOf(question)
	top := hits[0].Score
	if top <= 0 {
		top = 1
	}
	type scored struct {
		h retrieval.Hit
		s float64
	}
	shares := askedShares(hits, ask, top)
	ss := make([]scored, len(hits))
	for i, h := range hits {
		ctx := ""
		if contextOf != nil {
			ctx = contextOf(h.Passage)
		}
		sg := signals(h.Passage.Text, ctx, in, quoted, span)
		askedSignals(&sg, h.Passage.Text, ask, in)
		ss[i] = scored{h, rerankScore(shares[i], sg)}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].s > ss[j].s })
	out := make([]retrieval.Hit, len(ss))
	for i, x := range ss {
		out[i] = x.h
	}
	return out
}
