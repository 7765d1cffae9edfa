package solve

import (
	"strings"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
)

// Tables of policy documents put years, quarters and months in their
// headers, written many ways (’24, 2024, 24년, 2024년(조원), ’24.1/4분기,
// 6월). A question names the column by its date ("2024년 재정지출"), so
// headers are matched as dates, not as text: "2024년" and "’24" are the
// same column, "’23" is another one.

// periodFit scores how well a header names the periods a question asks
// for: +1 when it names one of them, +0.5 for a part of one (a month of
// the asked year), −1 when it names another date, 0 when it names none or
// the question names none.
func periodFit(want []numbers.Period, header string) float64 {
	hp, _ := numbers.ParsePeriod(header)
	return periodFitOf(want, hp)
}

// periodFitOf is periodFit for a header already read as a period (zero:
// the header names none).
func periodFitOf(want []numbers.Period, hp numbers.Period) float64 {
	if len(want) == 0 || hp.IsZero() {
		return 0
	}
	best := numbers.Conflicts
	for _, w := range want {
		best = max(best, w.Agree(hp))
	}
	switch best {
	case numbers.Agrees:
		return 1
	case numbers.Partial:
		return 0.5
	case numbers.Conflicts:
		return -1
	}
	return 0
}

// columnPeriods reads the date each column's headers name (zero for
// none), indexed by column. A month, quarter or half without a year takes
// the year of the nearest dated column to its left ("’23년 12월 ’24년 1월
// 2월" with the year over its first column only: 2월 is 2024-02).
func columnPeriods(grid [][]string, hr, lc int) []numbers.Period {
	width := 0
	for _, row := range grid {
		width = max(width, len(row))
	}
	out := make([]numbers.Period, width)
	year := 0
	for c := lc; c < width; c++ {
		var parts []string
		for k := 0; k < hr && k < len(grid); k++ {
			if c < len(grid[k]) {
				parts = append(parts, grid[k][c])
			}
		}
		p, ok := numbers.ParsePeriod(strings.Join(dedupe(parts), " "))
		if !ok {
			continue
		}
		if p.Year != 0 {
			year = p.Year
		} else if year != 0 {
			p.Year = year
		}
		out[c] = p
	}
	return out
}

// headerPeriods reads a line of text as the header row of a table laid out
// as text: at least two periods, each a word of its own ("’23년 ’24년 ’25년
// 연평균", "2022 2023 2024"), in increasing order and at least half of the
// words. It returns nil for any other text.
func headerPeriods(text string) []numbers.Period {
	var ps []numbers.Period
	others := 0
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, "*()[]|:·,")
		if w == "" {
			continue
		}
		p, ok := numbers.ParsePeriod(w)
		if !ok || !wholeHeaderWord(w, p) {
			others++
			continue
		}
		if len(ps) > 0 && !after(p, ps[len(ps)-1]) {
			return nil
		}
		ps = append(ps, p)
	}
	if len(ps) < 2 || 2*len(ps) < others {
		return nil
	}
	return ps
}

// wholeHeaderWord reports whether a header word is a period with at most
// a unit or a mark after it ("2024년(조원)", "’27년p", "2023*").
func wholeHeaderWord(w string, p numbers.Period) bool {
	if !strings.HasPrefix(w, p.Text) {
		return false
	}
	rest := w[len(p.Text):]
	if strings.HasPrefix(rest, "(") || strings.HasPrefix(rest, "（") {
		return true // a note: "2023(잠정)", "2024(e)"
	}
	rest = strings.Trim(rest, "*p년도")
	if rest == "" {
		return true
	}
	_, ok := numbers.ParseUnit(rest)
	return ok
}

// after reports whether period b comes after a (both by year, then by the
// finer field).
func after(b, a numbers.Period) bool {
	key := func(p numbers.Period) int {
		m := p.Month
		if m == 0 && p.Quarter != 0 {
			m = 3 * p.Quarter
		}
		if m == 0 && p.Half != 0 {
			m = 6 * p.Half
		}
		return p.Year*100 + m
	}
	return key(b) > key(a)
}

// alignRow reads a row of a table laid out as text ("의무지출 340.3 348.2
// 373.3 (비중) (53.3) (53.0) (54.5)") against its header periods: every run
// of at least len(header) numbers is dated column by column, from the left
// (a trailing "연평균" column stays undated).
func alignRow(text string, header []numbers.Period) []valuePoint {
	qs := numbers.Find(text)
	var pts []valuePoint
	run := []numbers.Quantity{}
	flush := func() {
		if len(run) >= len(header) {
			for k, q := range run {
				p := valuePoint{Q: q, Chain: -1}
				if k < len(header) {
					p.When = header[k]
				}
				pts = append(pts, p)
			}
		} else {
			for _, q := range run {
				pts = append(pts, valuePoint{Q: q, Chain: -1})
			}
		}
		run = run[:0]
	}
	for i, q := range qs {
		if i > 0 && !numbersOnlyBetween(text[qs[i-1].End:q.Start]) {
			flush()
		}
		run = append(run, q)
	}
	flush()
	return pts
}

// sentencePoints reads the points of a sentence; one that names no date
// itself but is a row of a text-laid table is dated by the table's header.
func sentencePoints(sent string, header []numbers.Period) []valuePoint {
	pts := readPoints(sent)
	if header == nil {
		return pts
	}
	for _, p := range pts {
		if !p.When.IsZero() {
			return pts
		}
	}
	return alignRow(sent, header)
}

// numbersOnlyBetween reports whether the text between two numbers of a
// row is only separators: spaces, brackets, bars.
func numbersOnlyBetween(glue string) bool {
	return strings.Trim(glue, " \t()（）[]|/") == ""
}

// textTableHeader finds the header periods of the text-laid table that
// the passage at index i of ps belongs to: the passage itself when it
// holds one, else the nearest of the few passages before it on the same
// page. nil when there is none.
func textTableHeader(ps []document.Passage, i int) []numbers.Period {
	for j := i; j >= 0 && j >= i-8; j-- {
		if ps[j].Page != ps[i].Page && ps[i].Page != 0 {
			break
		}
		for _, line := range strings.Split(ps[j].Text, "\n") {
			if h := headerPeriods(line); h != nil {
				return h
			}
		}
		if j < i {
			// A header whose line breaks were lost: try the whole passage
			// when it is short.
			if h := headerPeriods(ps[j].Text); h != nil {
				return h
			}
		}
	}
	return nil
}
