package solve

import (
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// labelWindow is how far (in runes) after a label its value may start.
const labelWindow = 25

// valueAfter finds label in text and reads the first quantity after it
// (within labelWindow runes) in unit want, preferring one whose unit fits
// want. Every occurrence of the label is tried. ok is false when the label
// or a number is missing.
func valueAfter(text, label string, want numbers.Unit) (string, bool) {
	q, ok := quantityAfter(text, label, want)
	if !ok {
		return "", false
	}
	v, ok := q.In(want)
	if !ok {
		return "", false
	}
	return numbers.Format(v), true
}

// quantityAfter is valueAfter before unit conversion.
func quantityAfter(text, label string, want numbers.Unit) (numbers.Quantity, bool) {
	var fallback numbers.Quantity
	haveFallback := false
	for from := 0; from < len(text); {
		start, end := textkit.FindFolded(text[from:], label)
		if start < 0 {
			break
		}
		end += from
		window := text[end:]
		if utf8.RuneCountInString(window) > labelWindow+15 {
			window = string([]rune(window)[:labelWindow+15])
		}
		for _, q := range numbers.Find(window) {
			if utf8.RuneCountInString(window[:q.Start]) > labelWindow {
				break
			}
			if isOrdinal(window, q) {
				continue
			}
			if _, ok := q.In(want); !ok {
				continue
			}
			if want.Base == "" || q.Unit != "" {
				return q, true
			}
			if !haveFallback {
				fallback, haveFallback = q, true
			}
		}
		from = end
	}
	return fallback, haveFallback
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
	v, ok := q.In(want)
	if !ok {
		return numbers.Format(q.Value)
	}
	return numbers.Format(v)
}
