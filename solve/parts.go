package solve

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
)

// A question may ask several values at once: "A와 B는 각각 얼마인가"
// (one value per entity), "2024년 1월, 2월, 3월 X는 각각 얼마인가" (one per
// period) or "X는 몇 개 …했으며, Y는 언제부터인가" (two clauses, each with
// its own interrogative and kind). splitParts cuts such a question into
// one-value questions, in the order asked; the answer joins their values.

// part is one value a question asks for.
type part struct {
	// Question is the one-value question, standing alone.
	Question string
	// Search is the text to retrieve its passages by: the part plus the
	// topic it shares with the rest of the question.
	Search string
}

// interrogativeRe finds interrogatives that end a clause's question.
var interrogativeRe = regexp.MustCompile(`몇\s*\S+|며칠|얼마|언제|어디|누구|무엇|무슨|어떤|어느|어떻게`)

// clauseJoins end a first clause that has its own question: "…했으며,",
// "…이고,", "…인가, 그리고".
var clauseJoinRe = regexp.MustCompile(`(?:며|고|으며|이며|인지|인가)\s*,?\s+`)

// splitParts cuts a question into the one-value questions it asks, in
// order; a question that asks one value comes back alone.
func splitParts(q string) []part {
	q = strings.TrimSpace(q)
	if ps := clauseParts(q); len(ps) > 1 {
		return ps
	}
	if !strings.Contains(q, "각각") {
		return []part{{Question: q, Search: q}}
	}
	if ps := periodParts(q); len(ps) > 1 {
		return ps
	}
	if ps := entityParts(q); len(ps) > 1 {
		return ps
	}
	return []part{{Question: q, Search: q}}
}

// clauseParts splits "X는 몇 개 …했으며, Y는 언제부터인가?" at the clause
// join between two interrogatives.
func clauseParts(q string) []part {
	locs := interrogativeRe.FindAllStringIndex(q, -1)
	if len(locs) < 2 {
		return nil
	}
	first, second := locs[0], locs[len(locs)-1]
	// "얼마에서 얼마로" is one question about a change.
	if strings.Contains(strings.ReplaceAll(q, " ", ""), "얼마에서얼마로") {
		return nil
	}
	between := q[first[1]:second[0]]
	joins := clauseJoinRe.FindAllStringIndex(between, -1)
	if len(joins) == 0 {
		return nil
	}
	cut := first[1] + joins[len(joins)-1][1]
	p1 := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(q[:cut]), ","))
	p2 := strings.TrimSpace(q[cut:])
	if utf8.RuneCountInString(p2) < 4 {
		return nil
	}
	// The second clause often leaves out the topic the first one named.
	topic := strings.TrimSpace(q[:first[0]])
	// Nor does it repeat the date ("2027년 X는 얼마이며 GDP 대비 비율은
	// 몇 %인가"): the first clause's periods date the second.
	q2 := p2
	if len(numbers.FindPeriods(p2)) == 0 {
		var dates []string
		for _, pd := range numbers.FindPeriods(p1) {
			dates = append(dates, pd.Text)
		}
		if len(dates) > 0 {
			q2 = strings.Join(dates, " ") + " " + p2
		}
	}
	return []part{
		{Question: p1 + "?", Search: p1},
		{Question: q2, Search: topic + " " + p2},
	}
}

// periodParts splits "2024년 1월, 2월, 3월 X는 각각 얼마인가" into one
// question per period.
func periodParts(q string) []part {
	ps := numbers.FindPeriods(q)
	if len(ps) < 2 || questionChange(q) != changeNone {
		return nil
	}
	// The periods must form one list: only commas, 와/과/및 between them.
	for i := 1; i < len(ps); i++ {
		glue := strings.TrimSpace(q[ps[i-1].End:ps[i].Start])
		glue = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(glue, "과"), "와"))
		if glue != "" && glue != "," && glue != "및" && glue != "、" {
			return nil
		}
	}
	full := questionPeriods(q)
	rest := q[:ps[0].Start] + " " + q[ps[len(ps)-1].End:]
	rest = strings.Join(strings.Fields(strings.Replace(rest, "각각", "", 1)), " ")
	out := make([]part, len(ps))
	for i, p := range full {
		text := ps[i].Text
		if ps[i].Year == 0 && p.Year != 0 {
			text = yearText(ps, i) + " " + text
		}
		pq := strings.TrimSpace(text + " " + rest)
		out[i] = part{Question: pq, Search: pq}
	}
	return out
}

// yearText is how the question writes the year that period i inherits.
func yearText(ps []numbers.Period, i int) string {
	for j := i - 1; j >= 0; j-- {
		if ps[j].Year != 0 {
			t := ps[j].Text
			if k := strings.Index(t, "년"); k >= 0 {
				return t[:k+len("년")]
			}
			return t
		}
	}
	return ""
}

// entityParts splits "A, B, C 규모는 각각 얼마인가" and "A의 수와 그중 B의
// 수는 각각 얼마인가" into one question per entity, each with the words the
// entities share before and after them.
func entityParts(q string) []part {
	at := strings.Index(q, "각각")
	head, tail := strings.TrimSpace(q[:at]), strings.TrimSpace(q[at+len("각각"):])
	words := strings.Fields(head)
	if len(words) < 2 {
		return nil
	}
	// Drop the topic particle of the last word: it belongs to every part.
	last := words[len(words)-1]
	topic := ""
	for _, p := range []string{"은", "는", "이", "가"} {
		if strings.HasSuffix(last, p) && utf8.RuneCountInString(last) > 1 {
			words[len(words)-1], topic = strings.TrimSuffix(last, p), p
			break
		}
	}
	var items [][]string
	prefix, suffix := []string(nil), []string(nil)
	if commaList(words) {
		// Single-word items between commas: "2024년 A, B, C 규모".
		first := -1
		for i, w := range words {
			if w == "및" {
				continue
			}
			stem, joined := conjunction(w, words, i)
			sep := strings.HasSuffix(w, ",") || joined && (first >= 0 || commaList(words[i+1:]))
			if sep {
				if first < 0 {
					first = i
				}
				if strings.HasSuffix(w, ",") {
					stem = strings.TrimSuffix(w, ",")
				}
				items = append(items, []string{stem})
				continue
			}
			if first >= 0 {
				items = append(items, []string{conjStem(w)})
				suffix = words[i+1:]
				if strings.HasSuffix(w, "의") && len(suffix) > 0 {
					// "D구의 인구": every item is "X의 인구".
					for k := range items {
						items[k][len(items[k])-1] += "의"
					}
				}
				break
			}
		}
		prefix = words[:max(first, 0)]
	} else {
		// Two items joined by 와/과/및: the first from the start of the
		// phrase (after leading dates), the second to its end.
		for i, w := range words {
			stem, ok := conjunction(w, words, i)
			if !ok {
				continue
			}
			start := 0
			for start < i && isDateWord(words[start]) {
				start++
			}
			prefix = words[:start]
			first := append(append([]string(nil), words[start:i]...), stem)
			second := words[i+1:]
			if len(second) > 0 && second[0] == "및" {
				second = second[1:]
			}
			if len(first) == 0 || len(second) == 0 {
				return nil
			}
			items = [][]string{first, second}
			break
		}
	}
	if len(items) < 2 {
		return nil
	}
	out := make([]part, 0, len(items))
	for _, it := range items {
		ws := append(append(append([]string(nil), prefix...), it...), suffix...)
		pq := strings.Join(ws, " ") + topic + " " + tail
		out = append(out, part{Question: strings.TrimSpace(pq), Search: strings.TrimSpace(pq)})
	}
	return out
}

// commaList reports whether the words hold a list with commas.
func commaList(words []string) bool {
	if len(words) < 2 {
		return false
	}
	n := 0
	for _, w := range words[:len(words)-1] {
		if strings.HasSuffix(w, ",") {
			n++
		}
	}
	return n >= 1
}

// conjunction reports whether word i joins two items ("수와", "A과", "및")
// and returns the word without the particle.
func conjunction(w string, words []string, i int) (string, bool) {
	if i == len(words)-1 {
		return "", false
	}
	if i+1 < len(words) && words[i+1] == "및" {
		return w, true
	}
	for _, p := range []string{"와", "과"} {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w) > 1 {
			return strings.TrimSuffix(w, p), true
		}
	}
	return "", false
}

// conjStem drops a joining particle from the last item of a list.
func conjStem(w string) string {
	for _, p := range []string{"의", "와", "과"} {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w) > 2 {
			return strings.TrimSuffix(w, p)
		}
	}
	return w
}

// isDateWord reports whether a word is a date or a comparison word around
// dates ("2023년", "대비", "2026년의").
func isDateWord(w string) bool {
	if w == "대비" || w == "기준" || w == "비해" {
		return true
	}
	ps := numbers.FindPeriods(w)
	return len(ps) == 1 && ps[0].Start == 0 && utf8.RuneCountInString(strings.TrimPrefix(w, ps[0].Text)) <= 2
}
