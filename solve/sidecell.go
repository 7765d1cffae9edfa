package solve

import (
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// An amendment table sets the values before a change beside those after
// it: a column each ("구분 | 개정 전 | 개정 후" over rows of company
// sizes), or a group header each spanning the same sub-columns ("개정 전"
// and "개정 후" over "대기업 | 중견기업 | 중소기업"). A form that asks the
// values of one side per item reads that side's column for each item,
// never the other side or a footnote.

// questionSideWords name the side of a change a question asks in the
// words an amendment table heads its columns with.
var (
	questionAfterWords  = []string{"개정후", "변경후", "조정후", "인상후", "인하후", "상향후", "확대후", "개선후", "개정안", "변경안", "조정안"}
	questionBeforeWords = []string{"개정전", "변경전", "조정전", "인상전", "인하전", "상향전", "확대전", "개선전", "종전", "기존", "현행"}
)

// sideOf is the side of a change a form cell asks: its column's (col.Side,
// from the column key or the question's change words), else the one the
// question names in a table's words ("개정 후 공제율은").
func sideOf(col formColumn, question string) change {
	if col.Side == changeAfter || col.Side == changeBefore {
		return col.Side
	}
	q := strings.ReplaceAll(question, " ", "")
	switch {
	case hasAnyWord(q, questionAfterWords...):
		return changeAfter
	case hasAnyWord(q, questionBeforeWords...):
		return changeBefore
	}
	return changeNone
}

// sideHeader reports whether a column header text names side s.
func sideHeader(head string, s change) bool {
	h := strings.ReplaceAll(head, " ", "")
	switch s {
	case changeAfter:
		return hasAnyWord(h, afterColumnWords...)
	case changeBefore:
		return hasAnyWord(h, beforeColumnWords...) && !hasAnyWord(h, afterColumnWords...)
	}
	return false
}

// sideCell reads the value of side s for a form label from an amendment
// table: in the label's row, the column headed by the side; or, where the
// label heads a column under the side's group header, that column in the
// row the key and question name best (the only data row, often). ok is
// false when no table sets the side against the label.
func sideCell(tables []tableRef, label, key, question string, s change) (cellMatch, bool) {
	var best cellMatch
	found := false
	if s == changeNone || strings.TrimSpace(label) == "" {
		return best, false
	}
	consider := func(m cellMatch) {
		if !found || m.Score > best.Score {
			best, found = m, true
		}
	}
	for _, ref := range tables {
		v, ok := viewOf(ref)
		if !ok {
			continue
		}
		numeric := func(r, c int) (string, bool) {
			if c >= len(v.grid[r]) {
				return "", false
			}
			text := strings.TrimSpace(v.grid[r][c])
			q, isNum := numbers.Parse(text)
			return text, isNum && !numbers.Overlaps(q, numbers.FindPeriods(text))
		}
		// The label's row, the side's column.
		fit := v.rowFit(withoutCaption(label, ref.Caption))
		for r := v.hr; r < len(v.grid); r++ {
			rs := fit(r)
			if rs < minRowFit {
				continue
			}
			for c := v.lc; c < len(v.grid[r]); c++ {
				head := strings.Join(nonEmpty(v.levels[c]), " ")
				if !sideHeader(head, s) {
					continue
				}
				if text, ok := numeric(r, c); ok {
					consider(cellMatch{Table: ref.Table, Row: r, Col: c, Text: text, Score: 2 * rs,
						RowScore: rs, ColScore: 1, RowHead: v.labels[r], ColHead: head, Ref: ref})
				}
			}
		}
		// The label under the side's group header, in the row the
		// question names.
		rowFit := v.rowFit(stripParens(key) + " " + question)
		for c := v.lc; c < len(v.levels); c++ {
			levels := nonEmpty(v.levels[c])
			if len(levels) < 2 {
				continue
			}
			side, named := false, 0.0
			for _, l := range levels {
				side = side || sideHeader(l, s)
				named = max(named, match(label, l))
			}
			if !side || named < minRowFit {
				continue
			}
			bestR, bestFit, rows := -1, -1.0, 0
			for r := v.hr; r < len(v.grid); r++ {
				if _, ok := numeric(r, c); !ok {
					continue
				}
				rows++
				if f := rowFit(r); f > bestFit {
					bestR, bestFit = r, f
				}
			}
			if bestR < 0 || rows > 1 && bestFit <= 0 {
				continue
			}
			text, _ := numeric(bestR, c)
			consider(cellMatch{Table: ref.Table, Row: bestR, Col: c, Text: text, Score: 2 * named,
				RowScore: bestFit, ColScore: named, RowHead: v.labels[bestR], ColHead: strings.Join(levels, " "), Ref: ref})
		}
	}
	return best, found
}

// withSubPeriod gives the years of a form column ("’23년") the month,
// quarter or half the question names for all of them ("2월말 누계 …
// ’23년과 ’24년에"): want unchanged when the question names none, or
// several different ones, or a period already names one.
func withSubPeriod(want, question []numbers.Period) []numbers.Period {
	var sub numbers.Period
	n := 0
	for _, q := range question {
		if q.Month == 0 && q.Quarter == 0 && q.Half == 0 {
			continue
		}
		s := numbers.Period{Month: q.Month, Quarter: q.Quarter, Half: q.Half}
		if n > 0 && s != sub {
			return want
		}
		sub, n = s, n+1
	}
	if n == 0 {
		return want
	}
	out := make([]numbers.Period, len(want))
	for i, w := range want {
		out[i] = w
		if w.Year != 0 && w.Month == 0 && w.Quarter == 0 && w.Half == 0 {
			out[i].Month, out[i].Quarter, out[i].Half = sub.Month, sub.Quarter, sub.Half
		}
	}
	return out
}

var (
	// afterMarkRe and beforeMarkRe open the sides of a change written as
	// text: "(개정 전) 대기업 1%, … → (개정 후) 대기업 3%, …".
	afterMarkRe  = regexp.MustCompile(`(?:개정|변경|조정|인상|인하|상향|확대|개선)\s*후|개정안|변경안|조정안`)
	beforeMarkRe = regexp.MustCompile(`(?:개정|변경|조정|인상|인하|상향|확대|개선)\s*전|현\s*행|종\s*전|기\s*존`)
)

// sideSegment is the part of a text that gives side s of a change whose
// two sides it writes one after the other, each opened by its mark
// ("(개정 전) … (개정 후) …") or split by an arrow ("A 1%, B 3% → A 3%,
// B 7%"); ok is false when the text writes no such two sides.
func sideSegment(text string, s change) (string, bool) {
	a, b := afterMarkRe.FindStringIndex(text), beforeMarkRe.FindStringIndex(text)
	if a != nil && b != nil {
		switch {
		case s == changeAfter && a[0] > b[0]:
			return text[a[0]:], true
		case s == changeAfter:
			return text[a[0]:b[0]], true
		case s == changeBefore && b[0] < a[0]:
			return text[b[0]:a[0]], true
		case s == changeBefore:
			return text[b[0]:], true
		}
	}
	if i := strings.Index(text, "→"); i >= 0 && strings.Count(text, "→") == 1 {
		if s == changeAfter {
			return text[i:], true
		}
		return text[:i], true
	}
	return "", false
}

// sideText reads the value of side s for a form label from a passage
// that writes both sides of a change as text, each naming the label
// (sideSegment), in the column's unit. ok is false when none does.
func sideText(ps []document.Passage, label string, s change, col formColumn) (string, document.Passage, bool) {
	if s == changeNone || strings.TrimSpace(label) == "" {
		return "", document.Passage{}, false
	}
	col.Side = changeNone
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		if st, _ := textkit.FindFolded(p.Text, label); st < 0 {
			continue
		}
		seg, ok := sideSegment(p.Text, s)
		if !ok {
			continue
		}
		other, _ := sideSegment(p.Text, map[change]change{changeAfter: changeBefore, changeBefore: changeAfter}[s])
		if st, _ := textkit.FindFolded(other, label); st < 0 {
			continue // the label on one side only: no per-side list
		}
		if v, ok := valueAfterColumn(seg, label, col); ok {
			return v, p, true
		}
	}
	return "", document.Passage{}, false
}
