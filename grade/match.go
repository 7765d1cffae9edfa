package grade

import (
	"math"
	"strings"
	"unicode"

	"github.com/policyqa/policyqa/numbers"
)

// stripSpace removes all white space.
func stripSpace(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}

// ParagraphHit reports whether got matches gold: with white space removed,
// their longest common substring covers at least 80% of gold.
func ParagraphHit(got, gold string) bool {
	g, a := stripSpace(gold), stripSpace(got)
	if len(g) == 0 || len(a) == 0 {
		return false
	}
	if strings.Contains(string(a), string(g)) {
		return true
	}
	return float64(longestCommonSubstring(a, g)) >= 0.8*float64(len(g))
}

func longestCommonSubstring(a, b []rune) int {
	if len(a) > 20000 {
		a = a[:20000]
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	best := 0
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			if a[i-1] == b[j-1] {
				cur[j] = prev[j-1] + 1
				if cur[j] > best {
					best = cur[j]
				}
			} else {
				cur[j] = 0
			}
		}
		prev, cur = cur, prev
	}
	return best
}

// parseNumber reads s as one number when it is a number possibly wrapped in
// units or spaces ("1,200명", " 1.5 mg/kg", "30%", "-2.5"); ok is false
// when s holds no number or several.
func parseNumber(s string) (float64, bool) {
	vs := numbersIn(s)
	if len(vs) != 1 {
		return 0, false
	}
	return vs[0], true
}

// numbersIn lists every number in s: the numerals package numbers finds,
// negative after a "-" written right before them.
func numbersIn(s string) []float64 {
	var out []float64
	for _, n := range numbers.Numerals(s) {
		v := n.Value
		if n.Start > 0 && s[n.Start-1] == '-' {
			v = -v
		}
		out = append(out, v)
	}
	return out
}

func normText(s string) string { return strings.ToLower(string(stripSpace(s))) }

// ValueEqual compares an answer with a gold value; tol is the relative
// numeric tolerance (0 for exact).
func ValueEqual(got, gold string, tol float64) bool {
	if normText(got) == normText(gold) && normText(gold) != "" {
		return true
	}
	gv, gok := parseNumber(gold)
	av, aok := parseNumber(got)
	if !gok || !aok {
		return false
	}
	if tol == 0 {
		return av == gv
	}
	return math.Abs(av-gv) <= tol*math.Max(math.Abs(gv), 1e-9)
}

// ItemFound reports whether a gold item occurs in an answer string: a
// numeric item as one of its numbers, a text item as a substring.
func ItemFound(answer, item string) bool {
	if v, ok := parseNumber(item); ok {
		for _, n := range numbersIn(answer) {
			if n == v {
				return true
			}
		}
		return false
	}
	n := normText(item)
	return n != "" && strings.Contains(normText(answer), n)
}
