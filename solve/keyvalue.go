package solve

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
)

// Key–value enumerations: a line that gives one value per short key, the
// way a report's note line states a scale ("** 등급별 가중치: (S) 1.6,
// (A) 1.3, (B) 1.0", "배점: 가: 3점, 나: 2점, 다: 1점", "상위 10%(A) 5점,
// 상위 30%(B) 3점", "1.6(S), 1.3(A)"). A question that names one of the
// keys ("S등급의 가중치는?", "나 항목의 배점은?") asks that key's value,
// which no nearness to the question's words finds: every value sits as
// near the head noun as the others.

// keyedPair is one key of an enumeration and the text of its value.
type keyedPair struct {
	Key   string // as written, without its brackets or colon
	Value string // the text that follows (or, for "1.6(S)", precedes) the key
}

// parenKeyRe finds a key in brackets: "(S)", "（가）", "(A등급)".
var parenKeyRe = regexp.MustCompile(`[(（]\s*([^()（）\s,]{1,6})\s*[)）]`)

// colonKeyRe finds a key before a colon at the start of a list segment:
// "가: 3점", "S등급 : 1.6".
var colonKeyRe = regexp.MustCompile(`(?:^|[,;，、]\s*|\s)([^\s,;:：()（）]{1,6})\s*[:：]\s*`)

// keySuffixes are the classifier nouns a key is named with in a question
// or a text ("S등급", "가형", "1순위", "A유형"): the key is what is before.
var keySuffixes = []string{"등급", "유형", "구간", "단계", "순위", "그룹", "항목", "급", "형", "군", "위", "종", "차"}

// keyedPairs reads the enumeration of a line: bracketed keys each followed
// by a value ("(S) 1.6, (A) 1.3"), else bracketed keys each after a number
// ("1.6(S), 1.3(A)"), else keys before colons ("가: 3점, 나: 2점"). Fewer
// than two pairs is no enumeration (nil).
func keyedPairs(line string) []keyedPair {
	if ps := parenPairs(line); len(ps) >= 2 {
		return ps
	}
	if ps := colonPairs(line); len(ps) >= 2 {
		return ps
	}
	return nil
}

// parenPairs reads "(K) V" pairs (a value after each key, up to the next
// key or list comma) or, when no key has a value after it, "V(K)" pairs.
func parenPairs(line string) []keyedPair {
	locs := parenKeyRe.FindAllStringSubmatchIndex(line, -1)
	if len(locs) < 2 {
		return nil
	}
	var after, before []keyedPair
	for i, m := range locs {
		key := line[m[2]:m[3]]
		if !keyLike(key) {
			continue
		}
		if v := pairValue(line, locs, i, 0); v != "" {
			after = append(after, keyedPair{Key: key, Value: v})
		}
		start := 0
		if i > 0 {
			start = locs[i-1][1]
		}
		prev := line[start:m[0]]
		if k := strings.LastIndexAny(prev, ",;，、"); k >= 0 {
			prev = prev[k+1:]
		}
		if qs := numbers.Find(prev); len(qs) > 0 && strings.TrimSpace(prev[qs[len(qs)-1].End:]) == "" {
			before = append(before, keyedPair{Key: key, Value: strings.TrimSpace(qs[len(qs)-1].Text)})
		}
	}
	if len(after) >= 2 {
		return after
	}
	if len(before) >= 2 {
		return before
	}
	return nil
}

// colonPairs reads "K: V" pairs of a list (a value up to the next key or
// list comma).
func colonPairs(line string) []keyedPair {
	locs := colonKeyRe.FindAllStringSubmatchIndex(line, -1)
	var out []keyedPair
	for i, m := range locs {
		key := line[m[2]:m[3]]
		if !keyLike(key) {
			continue
		}
		if v := pairValue(line, locs, i, 2); v != "" {
			out = append(out, keyedPair{Key: key, Value: v})
		}
	}
	return out
}

// keyLike reports whether a bracketed or colon-ended word can be a key: a
// short code (one to three letters or digits, or a code with a
// classifier: "S", "가", "A등급", "1순위"), not a unit ("(%)", "(억원)"),
// a date or a word of prose ("(단위", "(참고)").
func keyLike(k string) bool {
	base := keyBase(k)
	n := utf8.RuneCountInString(base)
	if n == 0 || n > 3 {
		return false
	}
	if _, ok := numbers.ParseUnit(k); ok {
		return false
	}
	if _, ok := numbers.ParsePeriod(k); ok && base == k {
		return false
	}
	for _, r := range base {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' && r != '-' {
			return false
		}
	}
	return true
}

// keyBase is a key without its classifier: "S등급" → "S", "가형" → "가"
// (a key that is only a classifier stays).
func keyBase(k string) string {
	k = strings.TrimSpace(k)
	for _, s := range keySuffixes {
		if b, ok := strings.CutSuffix(k, s); ok && b != "" {
			return b
		}
	}
	return k
}

// namesKey reports whether question q names key k (its base): as a word
// of its own, or run into a classifier ("S등급의", "가형은", "1순위"), with
// no letter or digit before it. A key of digits only counts with a
// classifier (a question's own numbers are no keys).
func namesKey(q, k string) bool {
	base := keyBase(k)
	if base == "" {
		return false
	}
	allDigits := strings.IndexFunc(base, func(r rune) bool { return !unicode.IsDigit(r) }) < 0
	for i := 0; i < len(q); {
		j := strings.Index(q[i:], base)
		if j < 0 {
			return false
		}
		at, end := i+j, i+j+len(base)
		i = end
		if r, _ := utf8.DecodeLastRuneInString(q[:at]); at > 0 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue
		}
		rest := q[end:]
		classified := false
		for _, s := range keySuffixes {
			if strings.HasPrefix(rest, s) {
				classified = true
				break
			}
		}
		if classified {
			return true
		}
		if allDigits {
			continue
		}
		// A word of its own: the key, then a particle at most.
		word := rest
		if k := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }); k >= 0 {
			word = rest[:k]
		}
		if word == "" || keyParticles[word] {
			return true
		}
	}
	return false
}

// keyParticles may follow a key named as a word ("A의", "가는").
var keyParticles = map[string]bool{"의": true, "은": true, "는": true, "이": true, "가": true, "을": true, "를": true, "에": true, "로": true, "와": true, "과": true}

// keyedValue answers a question that names one key of an enumeration in
// line: the value of that key, as the question asks it (the first
// quantity of the kind and unit asked, or the value's text when a name or
// thing is asked). ok is false when the line holds no enumeration, the
// question names none or several of its keys, or the value is not of the
// kind asked.
func keyedValue(line string, in intent) (string, bool) {
	pairs := keyedPairs(line)
	if pairs == nil {
		return "", false
	}
	found := -1
	for i, p := range pairs {
		if !namesKey(in.Question, p.Key) {
			continue
		}
		if found >= 0 && keyBase(pairs[found].Key) != keyBase(p.Key) {
			return "", false // several keys named: not one value asked
		}
		if found < 0 {
			found = i
		}
	}
	if found < 0 {
		return "", false
	}
	v := pairs[found].Value
	if in.Type == typeName {
		if utf8.RuneCountInString(v) > 40 {
			return "", false
		}
		return v, true
	}
	for _, q := range numbers.Find(v) {
		if in.Expect.countedIn(v, q) {
			return strings.TrimSpace(q.Text), true
		}
		if ok, _ := in.Expect.accepts(q); ok && !numbers.Overlaps(q, numbers.FindPeriods(v)) {
			return strings.TrimSpace(q.Text), true
		}
	}
	return "", false
}

// pairValue is the value key locs[i] gives in line: from the end of its
// match up to where the next key's submatch index at begins (the line's
// end after the last key), cut at the first list comma or semicolon,
// trimmed.
func pairValue(line string, locs [][]int, i, at int) string {
	end := len(line)
	if i+1 < len(locs) {
		end = locs[i+1][at]
	}
	seg := line[locs[i][1]:end]
	if k := strings.IndexAny(seg, ",;，、"); k >= 0 {
		seg = seg[:k]
	}
	return strings.TrimSpace(seg)
}
