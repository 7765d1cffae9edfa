package solve

import (
	"regexp"
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
	ds := dateSpans(sent)
	if i := bestDate(sent, ds, e, pos); i >= 0 {
		return ds[i].Text, true
	}
	return "", false
}

// pickDates is pickDate for a question that may have several answers
// ("몇 월에 지정하나" over "3월(1차), 7월(2차)에 지정한다"): the chosen date
// and the dates written in parallel with it (joined by a comma, 및, 와/과,
// each with its own label in parentheses), joined by ", ". A question
// that names one of the labels ("2차 지정은") or asks the first one
// (처음, 최초) gets that date alone.
func pickDates(sent, question string, e expectation, pos int) (string, bool) {
	ds := dateSpans(sent)
	i := bestDate(sent, ds, e, pos)
	if i < 0 {
		return "", false
	}
	from, to := i, i
	for from > 0 && parallelDates(sent, ds[from-1], ds[from]) {
		from--
	}
	for to+1 < len(ds) && parallelDates(sent, ds[to], ds[to+1]) {
		to++
	}
	if from == to {
		return ds[i].Text, true
	}
	q := strings.ReplaceAll(question, " ", "")
	if hasAnyWord(q, "처음", "최초", "첫") {
		return ds[from].Text, true
	}
	var texts []string
	for k := from; k <= to; k++ {
		if l := dateLabel(sent, ds[k]); l != "" && strings.Contains(q, l) {
			return ds[k].Text, true // the question names this one's label
		}
		texts = append(texts, ds[k].Text)
	}
	return strings.Join(texts, ", "), true
}

// dateLabelRe is the label in parentheses right after a date: "(1차)".
var dateLabelRe = regexp.MustCompile(`^\s*\(([^()]{1,12})\)`)

// dateLabel is the label in parentheses that follows a date, spaces
// removed; "" when none.
func dateLabel(sent string, d dateSpan) string {
	if m := dateLabelRe.FindStringSubmatch(sent[d.End:]); m != nil {
		return strings.ReplaceAll(m[1], " ", "")
	}
	return ""
}

// parallelGlueRe is what stands between two dates of one enumeration: an
// optional label in parentheses, then a comma, 및, 와/과, 또는, 그리고.
var parallelGlueRe = regexp.MustCompile(`^\s*(?:\([^()]{1,12}\))?\s*(?:,|、|및|와|과|또는|그리고|,\s*그리고)\s*$`)

// parallelDates reports whether dates a and b (a first) are items of one
// enumeration of the same precision ("3월, 7월", "4.1. 및 9.1."), not the
// ends of a range or a date and its announcement.
func parallelDates(sent string, a, b dateSpan) bool {
	if a.End > b.Start || !parallelGlueRe.MatchString(sent[a.End:b.Start]) {
		return false
	}
	pa, pb := a.From, b.From
	// The later item may leave out the year ("2024년 3월, 7월").
	return (pa.Year != 0 || pb.Year == 0) && (pa.Month != 0) == (pb.Month != 0) && (pa.Day != 0) == (pb.Day != 0) && (pa.Quarter != 0) == (pb.Quarter != 0)
}

// bestDate is the index of the date pickDate chooses, -1 when none.
func bestDate(sent string, ds []dateSpan, e expectation, pos int) int {
	best, bestScore := -1, -1.0
	for i, d := range ds {
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
			best, bestScore = i, score
		}
	}
	return best
}
