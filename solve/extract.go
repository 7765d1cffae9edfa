package solve

import (
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// labelWindow is how far (in runes) after a label its value may start.
const labelWindow = 25

// formColumn is what a form's blank column (and its question) asks of a
// value: its unit, the side of a before → after change ("개정 후(만원)"
// wants the new value of "500만원 → 800만원") and whether a change
// ("증감", "증가액") rather than a level is asked.
type formColumn struct {
	Unit  numbers.Unit
	Side  change // changeAfter, changeBefore or changeNone
	Delta bool
}

// afterColumnWords and beforeColumnWords name the side of a change a form
// column asks for ("개정 후", "변경안"; "개정 전", "종전", "현행").
var (
	afterColumnWords  = []string{"개정후", "변경후", "조정후", "인상후", "인하후", "상향후", "확대후", "개선후", "개정안", "변경안", "개선안", "조정안", "개정내용", "변경내용", "이후"}
	beforeColumnWords = []string{"개정전", "변경전", "조정전", "인상전", "인하전", "상향전", "확대전", "개선전", "종전", "기존", "현행", "이전"}
)

// columnOf reads a form column: its unit, the side of a change it asks
// (from the column, else from the question: "상향된 한도" asks the new
// one) and whether it asks a change itself.
func columnOf(column, question string) formColumn {
	c := formColumn{Unit: columnUnit(column)}
	compact := strings.ReplaceAll(column, " ", "")
	switch {
	case hasAnyWord(compact, afterColumnWords...):
		c.Side = changeAfter
	case hasAnyWord(compact, beforeColumnWords...):
		c.Side = changeBefore
	default:
		if ch := questionChange(question); ch == changeAfter || ch == changeBefore {
			c.Side = ch
		}
	}
	c.Delta = hasAnyWord(compact, "증감", "증가액", "감소액", "증가폭", "감소폭", "변동", "차이", "증가분", "감소분", "전년대비", "전월대비")
	return c
}

// valueAfter finds label in text and reads the first quantity after it
// (within labelWindow runes) in unit want, preferring one whose unit fits
// want. Every occurrence of the label is tried. ok is false when the label
// or a number is missing.
func valueAfter(text, label string, want numbers.Unit) (string, bool) {
	return valueAfterColumn(text, label, formColumn{Unit: want})
}

// valueAfterColumn is valueAfter for a form column: a change ("7.2조원
// 증가한") is skipped unless the column asks one, the side of a before →
// after pair the column asks is taken, and dates ("’23.6.~7.") are never
// values.
func valueAfterColumn(text, label string, col formColumn) (string, bool) {
	q, ok := quantityAfter(text, label, col)
	if !ok {
		return "", false
	}
	return formIn(q, col.Unit)
}

// formIn prints q in a form column's unit u. A column that names no unit
// gets the number as the text writes it ("3,420억원" → 3420, never
// 342000000000); a column with a unit other than money never takes a
// number scaled by a magnitude but written without a unit ("5,722억" in a
// "(점)" column). ok is false when q does not convert.
func formIn(q numbers.Quantity, u numbers.Unit) (string, bool) {
	if u.Base == "" && (u.Scale == 0 || u.Scale == 1) && q.Scaled {
		if v, ok := writtenNumeral(q.Text); ok {
			return v, true
		}
	}
	if q.Scaled && q.Unit == "" && u.Base != "" && u.Base != "원" {
		return "", false
	}
	v, ok := q.In(u)
	if !ok {
		return "", false
	}
	return numbers.Format(v), true
}

// writtenNumeral is the numeral of a quantity's text when one magnitude
// word follows it ("3,420억원" → "3420", "45.1억 원" → "45.1"); ok is
// false for any other text ("5천만 원": two magnitudes).
func writtenNumeral(text string) (string, bool) {
	ns := numbers.Numerals(text)
	if len(ns) != 1 {
		return "", false
	}
	rest := []rune(strings.TrimSpace(text[ns[0].End:]))
	if len(rest) == 0 || !strings.ContainsRune("십백천만억조경", rest[0]) || len(rest) > 1 && strings.ContainsRune("십백천만억조경", rest[1]) {
		return "", false
	}
	return strings.ReplaceAll(text[ns[0].Start:ns[0].End], ",", ""), true
}

// quantityAfter is valueAfterColumn before unit conversion.
func quantityAfter(text, label string, col formColumn) (numbers.Quantity, bool) {
	want := col.Unit
	var fallback numbers.Quantity
	haveFallback := false
	for from := 0; from < len(text); {
		start, end := textkit.FindFolded(text[from:], label)
		if start < 0 {
			break
		}
		end += from
		from = end
		if causePhrase(text[end:]) {
			continue // "국세·기금수입 증가로 …": the label is a cause, not the subject
		}
		if q, ok := quantityFrom(text[end:], col); ok {
			if want.Base == "" || q.Unit != "" {
				return q, true
			}
			if !haveFallback {
				fallback, haveFallback = q, true
			}
		}
	}
	return fallback, haveFallback
}

// quantityFrom reads the value that follows a label in rest (starting
// within labelWindow runes): the first point of the column's kind, moved
// to the side of its change the column asks. A bare number is returned
// only when no quantity with a unit comes.
func quantityFrom(rest string, col formColumn) (numbers.Quantity, bool) {
	window := rest
	if utf8.RuneCountInString(window) > labelWindow+40 {
		window = string([]rune(window)[:labelWindow+40])
	}
	limit := labelWindow
	if topicAfter(rest) {
		// "X의 경우 … 대비 3.4조원 증가한 33.7조원": the label is the topic
		// of its clause, whose value may come later.
		limit = max(limit, min(clauseRunes(rest), 60))
		if utf8.RuneCountInString(window) < limit+15 {
			window = rest
			if utf8.RuneCountInString(window) > limit+15 {
				window = string([]rune(window)[:limit+15])
			}
		}
	}
	pts := readPoints(window)
	var fallback numbers.Quantity
	haveFallback := false
	for i, p := range pts {
		q := p.Q
		if utf8.RuneCountInString(window[:q.Start]) > limit {
			break
		}
		if isOrdinal(window, q) || isFieldCode(window, q) || p.Delta && !col.Delta {
			continue
		}
		if col.Side != changeNone && p.Chain >= 0 && p.Role != col.Side {
			for _, o := range pts[i+1:] {
				if o.Chain == p.Chain && o.Role == col.Side {
					q = o.Q
					break
				}
			}
		}
		if _, ok := q.In(col.Unit); !ok {
			continue
		}
		if col.Unit.Base == "" || q.Unit != "" {
			return q, true
		}
		if !haveFallback {
			fallback, haveFallback = q, true
		}
	}
	return fallback, haveFallback
}

// topicAfter reports whether a label is the topic of what follows: "X는",
// "X은", "X의 경우", "X이/가".
func topicAfter(rest string) bool {
	for _, p := range []string{"은 ", "는 ", "의 경우", "이 ", "가 "} {
		if strings.HasPrefix(rest, p) {
			return true
		}
	}
	return false
}

// clauseRunes is the length in runes of the clause rest opens: up to a
// comma that is not inside a number, a semicolon or a sentence end.
func clauseRunes(rest string) int {
	n := 0
	prev := rune(0)
	rs := []rune(rest)
	for i, r := range rs {
		next := rune(0)
		if i+1 < len(rs) {
			next = rs[i+1]
		}
		digit := func(x rune) bool { return x >= '0' && x <= '9' }
		if r == ';' || r == ',' && !(digit(prev) && digit(next)) || r == '.' && !(digit(prev) && digit(next)) {
			return n
		}
		prev = r
		n++
	}
	return n
}

// causePhrase reports whether the words after a label make it a cause
// ("…수입 증가로", "…감소에 따라"), not the subject of the value that follows.
func causePhrase(rest string) bool {
	r := strings.TrimLeft(rest, " ")
	for _, w := range deltaWords {
		if !strings.HasPrefix(r, w) || utf8.RuneCountInString(w) < 2 {
			continue
		}
		a := r[len(w):]
		for _, c := range []string{"로", "으로", "에 따라", "에 따른", "에 힘입어", "때문"} {
			if strings.HasPrefix(a, c) {
				return true
			}
		}
	}
	return false
}

// isOrdinal reports whether q labels rather than measures: a bare number
// glued to a Hangul word ("1차", "3단계", "2순위").
func isOrdinal(text string, q numbers.Quantity) bool {
	if q.Unit != "" || q.Scaled {
		return false
	}
	r, _ := utf8.DecodeRuneInString(text[q.End:])
	return r >= 0xAC00 && r <= 0xD7A3
}

// isFieldCode reports whether q is the numeric code of the next field,
// not a value: a bare integer of at most three digits in parentheses
// followed by a word that is no unit, as the INID codes of a patent
// gazette's front page ("(74) 대리인 …", "(54) 발명의 명칭"; WIPO ST.9) and
// numbered labels ("(3) 신청 방법") are written.
func isFieldCode(text string, q numbers.Quantity) bool {
	if q.Unit != "" || q.Scaled || q.End-q.Start > 3 || strings.ContainsAny(text[q.Start:q.End], ".,") {
		return false
	}
	before := strings.TrimRight(text[:q.Start], " ")
	after := strings.TrimLeft(text[q.End:], " ")
	if !strings.HasSuffix(before, "(") && !strings.HasSuffix(before, "（") {
		return false
	}
	switch {
	case strings.HasPrefix(after, ")"):
		after = after[len(")"):]
	case strings.HasPrefix(after, "）"):
		after = after[len("）"):]
	default:
		return false
	}
	word := strings.Fields(after)
	if len(word) == 0 {
		return false
	}
	r, _ := utf8.DecodeRuneInString(word[0])
	if !isSyllable(r) {
		return false
	}
	_, unit := numbers.ParseUnit(word[0])
	return !unit
}

// columnUnit is the unit a form column or table header asks for, the
// zero unit (scale 1) when it names none.
func columnUnit(column string) numbers.Unit {
	if u, ok := numbers.ParseUnit(column); ok {
		if u.Scale == 0 {
			u.Scale = 1
		}
		return u
	}
	// A one-syllable column is a counter word ("개", "건").
	if utf8.RuneCountInString(strings.TrimSpace(column)) == 1 {
		return numbers.Unit{Base: strings.TrimSpace(column), Scale: 1}
	}
	return numbers.Unit{Scale: 1}
}

// cellValue converts a table cell under header into unit want: a cell of
// the "예산(억 원)" column read in 만 원 is multiplied by 10000. Cells
// that hold no single number come back cleaned.
func cellValue(cell, header string, want numbers.Unit) string {
	cell = cleanCell(cell)
	q, ok := numbers.Parse(cell)
	if !ok {
		return normalizeValue(joinSpaced(cell))
	}
	if want.Base == "" && (want.Scale == 0 || want.Scale == 1) {
		// No unit asked for: the number as the table writes it ("45.1억 원"
		// is 45.1, not 4510000000).
		if ns := numbers.Numerals(q.Text); q.Scaled && len(ns) == 1 {
			return strings.ReplaceAll(q.Text[ns[0].Start:ns[0].End], ",", "")
		}
		return numbers.Format(q.Value)
	}
	if q.Unit == "" && !q.Scaled {
		if hu := columnUnit(header); hu.Base != "" || hu.Scale != 1 {
			q.Value *= hu.Scale
			q.Unit, q.Scaled = hu.Base, hu.Scale != 1
		}
	}
	if q.Unit != "" && want.Base != "" && !compatibleUnits(q.Unit, want.Base) {
		return "" // a money amount is no "(점)" cell
	}
	v, ok := formIn(q, want)
	if !ok {
		return ""
	}
	return v
}

// compatibleUnits reports whether a quantity in unit have converts into
// base want.
func compatibleUnits(have, want string) bool {
	_, ok := numbers.Quantity{Value: 1, Unit: have}.In(numbers.Unit{Base: want, Scale: 1})
	return ok
}
