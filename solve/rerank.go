package solve

import (
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

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
	Coverage float64 // share of the question's core bigrams in the passage
	Answer   bool    // a value of the kind asked follows the focus words
	Label    bool    // a "label : value" with the label the question names
	Quoted   bool    // every quoted phrase of the question is there
	Short    bool    // a heading-like scrap (under 12 letters) with no answer
}

// signals reads a passage against an analysed question.
func signals(text string, in intent, quoted []string) passageSignals {
	var sg passageSignals
	sg.Coverage = textkit.Coverage(in.Core, text)
	if v, _ := textAnswer(text, in, ""); v != "" {
		sg.Answer = true
	}
	for _, m := range labelRe.FindAllStringSubmatch(text, -1) {
		label := joinSpaced(strings.Trim(strings.TrimSpace(m[1]), bullets+" "))
		if utf8.RuneCountInString(label) >= 2 && labelMatch(in.Core, label) >= 0.6 {
			sg.Label = true
			break
		}
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
	return s
}

// rerankParagraphs re-orders hits (of one question) by rerankScore, best
// first; ties keep the retrieval order.
func rerankParagraphs(hits []retrieval.Hit, question string) []retrieval.Hit {
	if len(hits) < 2 {
		return hits
	}
	in := analyse(question)
	quoted := quotedPhrases(question)
	top := hits[0].Score
	if top <= 0 {
		top = 1
	}
	type scored struct {
		h retrieval.Hit
		s float64
	}
	ss := make([]scored, len(hits))
	for i, h := range hits {
		ss[i] = scored{h, rerankScore(max(h.Score, 0)/top, signals(h.Passage.Text, in, quoted))}
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].s > ss[j].s })
	out := make([]retrieval.Hit, len(ss))
	for i, x := range ss {
		out[i] = x.h
	}
	return out
}
