package scan

import "unicode"

// Similarity says how well needle appears somewhere in hay, ignoring white
// space: 1 - (edit distance between needle and its best-matching substring
// of hay) / len(needle), at least 0. It measures OCR quality against a
// known paragraph.
func Similarity(needle, hay string) float64 {
	a, b := compact(needle), compact(hay)
	if len(a) == 0 {
		return 1
	}
	// Semi-global alignment: a must be consumed whole, b's ends are free.
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j-1]+cost, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	best := len(a)
	for _, v := range prev {
		best = min(best, v)
	}
	return max(0, 1-float64(best)/float64(len(a)))
}

func compact(s string) []rune {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			out = append(out, r)
		}
	}
	return out
}
