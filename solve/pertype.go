package solve

import (
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// A sentence that gives one number per type binds each number to its
// type by a parenthesis: after the number ("3일(신고·일반문의), 9일(자료
// 열람)", "3일 이내(신고), 7일 이내(일반 문의)") or before it ("(신고) 3일,
// (일반 문의) 7일"). The parenthesis after a number may also give another
// measure of the type ("2일(신고, 처리기간 : 5일)"). A form that asks a
// number per type fills each row from its own pair, from the sentence
// that binds the most of its rows and that the question describes best.

// boundPair is one number bound to a type by a parenthesis.
type boundPair struct {
	Type  string            // the parenthesis's type part, as written
	Value string            // the bound number with its unit ("3일")
	Inner map[string]string // measures the parenthesis gives, "처리기간" → "5일", keys spaceless
}

var (
	// pairAfterRe: a number, its unit, a postposition of bound ("이내"),
	// then the parenthesis naming its type.
	pairAfterRe = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?\s*[가-힣%]{0,3})(?:\s*(?:이내|이상|이하|미만|초과|까지|내외|정도))?\s*[(（]([^()（）]{1,60})[)）]`)
	// pairBeforeRe: the parenthesis naming a type, then its number.
	pairBeforeRe = regexp.MustCompile(`[(（]([^()（）]{1,40})[)）]\s*(\d[\d,]*(?:\.\d+)?\s*[가-힣%]{0,3})`)
	// innerMeasureRe: "처리기간 : 5일" in a parenthesis.
	innerMeasureRe = regexp.MustCompile(`^\s*([^:：\d]{2,12}?)\s*[:：]?\s*(\d[\d,]*(?:\.\d+)?\s*[가-힣%]{0,3})\s*$`)
)

// boundPairs lists the pairs of a text: those with the type after the
// number, else (when there are none) those with the type before it.
func boundPairs(text string) []boundPair {
	var out []boundPair
	for _, m := range pairAfterRe.FindAllStringSubmatch(text, -1) {
		parts := strings.FieldsFunc(m[2], func(r rune) bool { return r == ',' || r == '，' })
		if len(parts) == 0 {
			continue
		}
		bp := boundPair{Type: strings.TrimSpace(parts[0]), Value: strings.TrimSpace(m[1])}
		for _, part := range parts[1:] {
			if im := innerMeasureRe.FindStringSubmatch(part); im != nil {
				if bp.Inner == nil {
					bp.Inner = map[string]string{}
				}
				bp.Inner[strings.ReplaceAll(im[1], " ", "")] = strings.TrimSpace(im[2])
			}
		}
		out = append(out, bp)
	}
	if len(out) > 0 {
		return out
	}
	for _, m := range pairBeforeRe.FindAllStringSubmatch(text, -1) {
		out = append(out, boundPair{Type: strings.TrimSpace(m[1]), Value: strings.TrimSpace(m[2])})
	}
	return out
}

// names reports whether the pair's type names a form label: the whole
// type, or one of its items (split at ·, /, 및), spaces and case folded.
func (bp boundPair) names(label string) bool {
	fold := func(s string) string { return strings.ReplaceAll(textkit.Fold(s).String(), " ", "") }
	want := fold(stripParens(label))
	if want == "" {
		return false
	}
	if fold(bp.Type) == want {
		return true
	}
	for _, it := range strings.FieldsFunc(bp.Type, func(r rune) bool { return strings.ContainsRune("·/、ㆍ", r) }) {
		it = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(it), "및 "))
		if fold(it) == want {
			return true
		}
	}
	return false
}

// boundValue reads the number a passage binds to the form label of row
// row (boundPairs), from the passage that binds the most of the form's
// labels, then covers the question best (textkit.Coverage), then comes
// first. The number is the measure the parenthesis gives under the form
// column's words when it gives one ("처리기간(일)" → "처리기간 : 5일"),
// else the bound number, converted into the column's unit. ok is false
// when no passage binds a number to the label.
func boundValue(ps []document.Passage, labels []string, row int, key, question string, col formColumn) (string, document.Passage, bool) {
	if row < 0 || row >= len(labels) {
		return "", document.Passage{}, false
	}
	measure := strings.ReplaceAll(stripParens(key), " ", "")
	bestN, bestCov := 0, -1.0
	var best string
	var bestP document.Passage
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		pairs := boundPairs(p.Text)
		if len(pairs) == 0 {
			continue
		}
		v, own := "", false
		n := 0
		for i, l := range labels {
			for _, bp := range pairs {
				if !bp.names(l) {
					continue
				}
				if i == row && !own {
					if got, ok := bp.read(measure, col); ok {
						v, own = got, true
					}
				}
				n++
				break
			}
		}
		if !own {
			continue
		}
		cov := 0.0
		if question != "" {
			cov = textkit.Coverage(question, p.Text)
		}
		if n > bestN || n == bestN && cov > bestCov {
			best, bestP, bestN, bestCov = v, p, n, cov
		}
	}
	return best, bestP, best != ""
}

// read is the pair's value for a form column: the inner measure the
// column's words name, else the bound number, in the column's unit.
func (bp boundPair) read(measure string, col formColumn) (string, bool) {
	text := bp.Value
	if measure != "" {
		for k, v := range bp.Inner {
			if k == measure || strings.HasSuffix(measure, k) || strings.HasSuffix(k, measure) {
				text = v
				break
			}
		}
	}
	q, ok := numbers.Parse(text)
	if !ok {
		return "", false
	}
	if col.Unit.Base != "" && q.Unit == "" {
		return "", false
	}
	return formIn(q, col.Unit)
}
