package solve

import (
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
)

// dateSpan is a date or a stretch of time written in a sentence: a period,
// a range of periods ("’23.4~8월") and the words that bound it ("부터",
// "까지", "이후", "중").
type dateSpan struct {
	Text       string
	Start, End int
	From       numbers.Period
}

// rangeMarks join the two ends of a range of periods.
var rangeMarks = []string{"~", "∼", "〜", "～", "-", "–"}

// dateTails are words a date keeps when they follow it.
var dateTails = []string{"부터", "까지", "이후", "이전", "중", "경", "말", "초", "내"}

// dateSpans lists the dates of a sentence, a range read as one span.
func dateSpans(sent string) []dateSpan {
	ps := numbers.FindPeriods(sent)
	var out []dateSpan
	for i := 0; i < len(ps); i++ {
		d := dateSpan{Start: ps[i].Start, End: ps[i].End, From: ps[i]}
		if i+1 < len(ps) {
			glue := strings.TrimSpace(sent[ps[i].End:ps[i+1].Start])
			for _, m := range rangeMarks {
				if glue == m {
					d.End = ps[i+1].End
					i++
					break
				}
			}
		}
		// An open range: "2024.3.29.~".
		rest := strings.TrimLeft(sent[d.End:], " ")
		for _, m := range rangeMarks[:4] {
			if strings.HasPrefix(rest, m) {
				d.End = len(sent) - len(rest) + len(m)
				rest = rest[len(m):]
				break
			}
		}
		rest = strings.TrimLeft(sent[d.End:], " ")
		for _, w := range dateTails {
			if strings.HasPrefix(rest, w) {
				d.End = len(sent) - len(rest) + len(w)
				break
			}
		}
		d.Text = strings.TrimSpace(sent[d.Start:d.End])
		out = append(out, d)
	}
	return out
}

// pickDate chooses the date a "언제" question asks for in a sentence: the
// date nearest after the focus words (which end at byte pos), a date the
// question itself names only when nothing else is there. ok is false when
// the sentence holds no date.
func pickDate(sent string, e expectation, pos int) (string, bool) {
	best, bestScore := "", -1.0
	for _, d := range dateSpans(sent) {
		score := 1.0
		for _, w := range e.Periods {
			if w.Agree(d.From) == numbers.Agrees && d.Text == strings.TrimSpace(d.From.Text) {
				score -= 0.6 // the question's own date, said again
			}
		}
		if d.Start >= pos {
			score += 0.5 / (1 + float64(utf8.RuneCountInString(sent[pos:d.Start]))/20)
		} else {
			score += 0.2 / (1 + float64(utf8.RuneCountInString(sent[min(d.End, pos):pos]))/20)
		}
		if score > bestScore {
			best, bestScore = d.Text, score
		}
	}
	return best, best != ""
}
