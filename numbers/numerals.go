package numbers

import (
	"regexp"
	"strconv"
	"strings"
)

// Numeral is a number as written with ASCII digits, before any reading of
// magnitude, unit or context.
type Numeral struct {
	// Start and End are its byte range [Start, End) in the text.
	Start, End int
	// Value is the number, thousands separators dropped.
	Value float64
}

// Numerals lists the numerals of s in order: digits with "," only between
// groups of three ("1,120", not "1,2") and an optional "." decimal part.
// A sign before a numeral is not part of it: a caller that reads signs
// looks at the byte before Start. Find reads quantities on top of the same
// numerals.
func Numerals(s string) []Numeral {
	locs := numRe.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return nil
	}
	out := make([]Numeral, len(locs))
	for i, loc := range locs {
		v, _ := strconv.ParseFloat(strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""), 64)
		out[i] = Numeral{Start: loc[0], End: loc[1], Value: v}
	}
	return out
}

// HasNumeral reports whether s holds a numeral (an ASCII digit).
func HasNumeral(s string) bool { return strings.ContainsAny(s, "0123456789") }

// footnoteRe matches a footnote mark at the end of a label: "기준1)",
// "값*", "합계주2)".
var footnoteRe = regexp.MustCompile(`(\d+\)|\*+|주\d+\))$`)

// TrimFootnote drops a footnote mark from the end of a label (a table
// header or row label): "제안기준1)" → "제안기준", "값*" → "값".
func TrimFootnote(s string) string { return footnoteRe.ReplaceAllString(s, "") }
