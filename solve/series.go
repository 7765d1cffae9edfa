package solve

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
)

// valuePoint is one quantity of a sentence read as a point of a series:
// the period it is for and its side in a change. Sentences write series as
// arrow chains ("12곳(’23.6월) → 18곳(’23.12월) → 25곳(’24.6월)", "(’23→’24)
// 3.0 → 2.9"), before → after statements ("1천만원 이하에서 2천만원 이하로
// 상향") and lists of dated values ("1월 3.1%, 2월 3.4%").
type valuePoint struct {
	Q numbers.Quantity
	// When is the period the value is for, zero when the text names none.
	When numbers.Period
	// Role is changeBefore or changeAfter for the ends of a change,
	// changeNone otherwise.
	Role change
	// Chain numbers the change the point belongs to (-1: none).
	Chain int
	// Delta is set when the value is written as an increase or decrease
	// ("7.2조원 증가", "△0.4% 감소", "0.3%p 상승").
	Delta bool
}

// deltaWords follow a value that is a change.
var deltaWords = []string{"증가", "감소", "상승", "하락", "인상", "인하", "상향", "하향", "늘어", "늘었", "줄어", "줄었", "확대", "축소", "증", "감", "개선", "악화", "높아", "낮아", "올라", "내려"}

// changeAfterValue reports whether the text after a value says it is a
// change ("증가한", "감소(21.4%)", "↑").
func changeAfterValue(rest string) bool {
	r := strings.TrimLeft(rest, " ")
	for _, p := range []string{"p", "포인트"} {
		r = strings.TrimPrefix(r, p)
	}
	r = strings.TrimLeft(r, " ")
	for _, w := range deltaWords {
		if strings.HasPrefix(r, w) {
			// "증가율", "감소세" name a rate or a trend, not this value's change.
			after := strings.TrimPrefix(r, w)
			return !strings.HasPrefix(after, "율") && !strings.HasPrefix(after, "률") && !strings.HasPrefix(after, "세")
		}
	}
	if strings.HasPrefix(r, "↑") || strings.HasPrefix(r, "↓") {
		return true
	}
	// "10%를 추가하여 40%": an increment added to another value.
	for _, p := range []string{"를", "을"} {
		if strings.HasPrefix(r, p) {
			a := strings.TrimLeft(r[len(p):], " ")
			for _, w := range []string{"추가하", "추가해", "추가로", "더하", "더해", "가산하", "가산해", "올려", "내려", "늘려", "줄여"} {
				if strings.HasPrefix(a, w) {
					return true
				}
			}
		}
	}
	return false
}

// changeBeforeValue reports whether the text before a value ends with a
// change word and an opening parenthesis: "인하(최대 0.3%", "증가(".
func changeBeforeValue(before string) bool {
	b := strings.TrimRight(before, " ")
	for _, w := range []string{"최대", "최소", "약", "평균", "연"} {
		b = strings.TrimRight(strings.TrimSuffix(b, w), " ")
	}
	if !strings.HasSuffix(b, "(") && !strings.HasSuffix(b, "（") {
		return false
	}
	b = strings.TrimRight(strings.TrimSuffix(strings.TrimSuffix(b, "("), "（"), " ")
	return hasAnySuffix(b, "인하", "인상", "증가", "감소", "상승", "하락", "상향", "하향", "확대", "축소") ||
		b == "인하" || b == "인상" || b == "증가" || b == "감소"
}

// arrows link the points of a chain.
var arrows = []string{"→", "⇒", "->", "➜", "➔", "▶", "⟶", "⇨", "=>"}

// readPoints reads every quantity of a sentence that is not itself a
// period, with its period and role.
func readPoints(sent string) []valuePoint {
	periods := numbers.FindPeriods(sent)
	var pts []valuePoint
	for _, q := range numbers.Find(sent) {
		if numbers.Overlaps(q, periods) {
			continue
		}
		pts = append(pts, valuePoint{Q: q, Chain: -1})
	}
	// Periods: in parentheses right after the value, else the nearest one
	// before it in the same clause. A period of a chain ("’23→’24년")
	// dates a chain of values instead (below).
	pchains := periodChains(sent, periods)
	inChain := map[int]bool{}
	for _, pc := range pchains {
		for _, p := range pc {
			inChain[p.Start] = true
		}
	}
	for i := range pts {
		q := pts[i].Q
		if p, ok := periodInParens(sent, q.End, periods); ok {
			pts[i].When = p
			continue
		}
		for j := len(periods) - 1; j >= 0; j-- {
			p := periods[j]
			if p.End > q.Start || inChain[p.Start] {
				continue
			}
			if glue := sent[p.End:q.Start]; !clauseBreak(glue) && !quantityBetween(pts, p.End, q.Start) {
				pts[i].When = p
			}
			break
		}
	}
	// A value followed by a change word is a change, not a level: "보유비중은
	// △0.4% 감소(21.4%)", "전년 대비 7.2조원 증가한 97.2조원".
	for i := range pts {
		pts[i].Delta = changeAfterValue(sent[pts[i].Q.End:])
		// "요율 인하(최대 0.3%)": the size of the change, in parentheses
		// after it; but "△0.4% 감소(21.4%)" puts the level there.
		if !pts[i].Delta && changeBeforeValue(sent[:pts[i].Q.Start]) &&
			(i == 0 || !pts[i-1].Delta || utf8.RuneCountInString(sent[pts[i-1].Q.End:pts[i].Q.Start]) > 8) {
			pts[i].Delta = true
		}
	}
	// Chains: values linked by arrows; "A에서 B로".
	chain := 0
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		glue := sent[a.Q.End:b.Q.Start]
		switch {
		case arrowGlue(glue, periods, a.Q.End):
			if pts[i].Chain < 0 {
				pts[i].Chain, pts[i].Role = chain, changeBefore
				chain++
			} else if pts[i].Role == changeAfter {
				pts[i].Role = changeNone // a middle point
			}
			pts[i+1].Chain, pts[i+1].Role = pts[i].Chain, changeAfter
		case fromToGlue(glue) && toAfter(sent[b.Q.End:]) && pts[i].Chain < 0:
			pts[i].Chain, pts[i].Role = chain, changeBefore
			pts[i+1].Chain, pts[i+1].Role = chain, changeAfter
			chain++
		}
	}
	// "A(로) 전월(B) 대비": B is the earlier value A is compared with.
	for i := 0; i+1 < len(pts); i++ {
		if pts[i].Chain >= 0 || pts[i+1].Chain >= 0 {
			continue
		}
		if comparedWith(sent[pts[i].Q.End:pts[i+1].Q.Start], sent[pts[i+1].Q.End:]) {
			pts[i].Chain, pts[i].Role = chain, changeAfter
			pts[i+1].Chain, pts[i+1].Role = chain, changeBefore
			chain++
		}
	}
	// A chain of periods ("’23→’24년") dates a chain of undated values of
	// the same length ("3.0 → 2.9") that follows it.
	for c := 0; c < chain; c++ {
		var idx []int
		dated := false
		for i, p := range pts {
			if p.Chain == c {
				idx = append(idx, i)
				dated = dated || !p.When.IsZero()
			}
		}
		if dated {
			continue
		}
		for _, pc := range pchains {
			if len(pc) == len(idx) && pc[len(pc)-1].End <= pts[idx[0]].Q.Start {
				for k, i := range idx {
					pts[i].When = pc[k]
				}
			}
		}
	}
	// A sentence that opens with a date ("’24.2월말 누계 A는 …, B는 …",
	// "□ 3월 발행 규모는 …") dates the values it leaves undated.
	if len(pts) > 0 {
		var lead numbers.Period
		for _, p := range periods {
			if p.Start < pts[0].Q.Start && !inChain[p.Start] {
				lead = p
				break
			}
		}
		if !lead.IsZero() {
			for i := range pts {
				if pts[i].When.IsZero() {
					pts[i].When = lead
				}
			}
		}
	}
	return pts
}

// periodInParens returns the period that opens a parenthesis right after
// a value: "12곳(’23.6월)", "25곳 (2024년)".
func periodInParens(sent string, end int, periods []numbers.Period) (numbers.Period, bool) {
	rest := sent[end:]
	trimmed := strings.TrimLeft(rest, " ")
	r, w := utf8.DecodeRuneInString(trimmed)
	if r != '(' && r != '（' {
		return numbers.Period{}, false
	}
	at := end + len(rest) - len(trimmed) + w
	for at < len(sent) && sent[at] == ' ' {
		at++
	}
	for _, p := range periods {
		if p.Start == at {
			return p, true
		}
	}
	return numbers.Period{}, false
}

// clauseBreak reports whether glue between a period and a value ends a
// clause (a comma, a semicolon, an arrow or a connective ending).
func clauseBreak(glue string) bool {
	if strings.ContainsAny(glue, ",;，·") {
		return true
	}
	for _, a := range arrows {
		if strings.Contains(glue, a) {
			return true
		}
	}
	for _, w := range strings.Fields(glue) {
		for _, end := range []string{"며", "고", "으나", "지만", "는데", "하여", "되어"} {
			if strings.HasSuffix(w, end) && utf8.RuneCountInString(w) > 1 {
				return true
			}
		}
	}
	return false
}

func quantityBetween(pts []valuePoint, from, to int) bool {
	for _, p := range pts {
		if p.Q.Start >= from && p.Q.End <= to {
			return true
		}
	}
	return false
}

// arrowGlue reports whether the text between two values links them as a
// chain: an arrow with at most a parenthesised period, a label in
// parentheses or a few spaces.
func arrowGlue(glue string, periods []numbers.Period, at int) bool {
	hasArrow := false
	for _, a := range arrows {
		if strings.Contains(glue, a) {
			hasArrow = true
			glue = strings.ReplaceAll(glue, a, " ")
		}
	}
	if !hasArrow {
		return false
	}
	// Drop periods and parentheses; what is left must be short.
	for _, p := range periods {
		if p.Start >= at && p.End <= at+len(glue) {
			glue = strings.Replace(glue, p.Text, " ", 1)
		}
	}
	glue = strings.Map(func(r rune) rune {
		if strings.ContainsRune("()（）[] ", r) {
			return -1
		}
		return r
	}, glue)
	return utf8.RuneCountInString(glue) <= 4
}

// fromToGlue reports whether the text after a first value reads "에서"
// (with at most a few words before the next value): "1천만원 이하에서
// 2천만원".
func fromToGlue(glue string) bool {
	// Spaces dropped: OCR and PDF text break words ("이 하에서").
	g := strings.ReplaceAll(strings.TrimSpace(glue), " ", "")
	for _, b := range []string{"이하", "이상", "미만", "초과", "이내"} {
		g = strings.TrimPrefix(g, b)
	}
	return strings.HasPrefix(g, "에서") && utf8.RuneCountInString(g) <= 12
}

// toAfter reports whether the text after a second value reads "로/으로".
func toAfter(rest string) bool {
	r := strings.TrimLeft(rest, " ")
	return strings.HasPrefix(r, "로") || strings.HasPrefix(r, "으로") || strings.HasPrefix(r, "까지")
}

// earlierWords name the earlier point a value is compared with: "전월",
// "전년 동기", "직전 분기", "지난해".
var earlierWords = []string{"전월", "전년", "전년동기", "전년동월", "전년도", "전분기", "전기", "직전", "지난해", "작년", "전회", "전주", "전일", "종전", "기존"}

// comparedWith reports whether the text between two values and after the
// second reads "A(로/이며) 전월(B) 대비": the second value, in parentheses
// after a word for the earlier point, is what the first is compared with.
func comparedWith(glue, rest string) bool {
	g := strings.TrimSpace(glue)
	for _, p := range []string{"로", "으로", "이며", "이고", "로서", "이다", ","} {
		if strings.HasPrefix(g, p) {
			g = strings.TrimSpace(g[len(p):])
			break
		}
	}
	if !strings.HasSuffix(g, "(") && !strings.HasSuffix(g, "（") {
		return false
	}
	word := strings.ReplaceAll(strings.TrimRight(g, "(（ "), " ", "")
	if utf8.RuneCountInString(word) > 8 {
		return false
	}
	earlier := false
	for _, w := range earlierWords {
		earlier = earlier || strings.HasPrefix(word, w)
	}
	if !earlier {
		return false
	}
	r := strings.TrimLeft(rest, " ")
	if !strings.HasPrefix(r, ")") && !strings.HasPrefix(r, "）") {
		return false
	}
	r = strings.TrimLeft(strings.TrimPrefix(strings.TrimPrefix(r, ")"), "）"), " ")
	return strings.HasPrefix(r, "대비") || strings.HasPrefix(r, "보다") || strings.HasPrefix(r, "에 비해") || strings.HasPrefix(r, "에비해")
}

// periodChains lists runs of periods linked by arrows ("’23→’24년").
func periodChains(sent string, periods []numbers.Period) [][]numbers.Period {
	var out [][]numbers.Period
	var cur []numbers.Period
	for i, p := range periods {
		if i > 0 && len(cur) > 0 {
			glue := strings.TrimSpace(sent[periods[i-1].End:p.Start])
			linked := false
			for _, a := range arrows {
				if glue == a {
					linked = true
				}
			}
			if linked {
				cur = append(cur, p)
				continue
			}
		}
		if len(cur) >= 2 {
			out = append(out, cur)
		}
		cur = []numbers.Period{p}
	}
	if len(cur) >= 2 {
		out = append(out, cur)
	}
	return out
}

// difference returns |after − before| of a change, written with the
// precision of its inputs ("53.3" and "56.1" give "2.8"); ok is false when
// the points do not form a change.
func difference(before, after numbers.Quantity) (string, bool) {
	d := math.Abs(after.Value - before.Value)
	dec := max(decimals(before.Text), decimals(after.Text))
	p := math.Pow(10, float64(dec))
	return numbers.Format(math.Round(d*p) / p), true
}

// decimals counts the digits after the decimal point of the number in s.
func decimals(s string) int {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return 0
	}
	n := 0
	for _, r := range s[i+1:] {
		if r < '0' || r > '9' {
			break
		}
		n++
	}
	return n
}
