package solve

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// A patent gazette's front page (공개특허공보, 등록특허공보) gives its
// bibliographic data as fields numbered by WIPO ST.9 INID codes: "(71)
// 출원인", "(72) 발명자", "(74) 대리인", each followed by its parties, a
// name and an address for each person, the list carried over to the next
// page ("(뒷면에 계속)" … "(72) 발명자" again). A question about the
// parties ("발명자는 모두 누구인가", "대리인은 누구인가") is answered by
// the names of every occurrence of the field in the document, in order,
// without their addresses.

// partyCodes are the INID codes of a gazette's parties by their label.
var partyCodes = map[string]string{"출원인": "71", "발명자": "72", "특허권자": "73", "대리인": "74", "고안자": "72", "디자이너": "72", "창작자": "72"}

// inidFieldRe finds an INID-coded field and its label: "(72) 발명자".
var inidFieldRe = regexp.MustCompile(`\((\d{2})\)\s*([가-힣][가-힣 ]{0,10}[가-힣])`)

// continuedRe marks a field carried over to the next page.
var continuedRe = regexp.MustCompile(`\(?\s*뒷\s*면에\s*계속\s*\)?`)

// personNameRe is a Korean personal name as a gazette lists it: two to
// four syllables standing alone.
var personNameRe = regexp.MustCompile(`^[가-힣]{2,4}$`)

// asksParty returns the party label a question asks about ("발명자"),
// "" when it asks no party of a gazette: the question must ask a person
// and name the party's label.
func asksParty(q string, in intent) string {
	if in.Expect.Kind != kindPerson && !in.Several {
		return ""
	}
	for label := range partyCodes {
		if strings.Contains(q, label) {
			return label
		}
	}
	return ""
}

// partyValues are the values of the fields labelled label with its INID
// code that open in ps[k]: each value runs to the next field's code, the
// carry-over mark or the passage's end; a value that runs to its
// passage's end goes on in the short passages after it on the same page
// (a name and an address on lines of their own) until one holds a field
// code or runs long (maxPartyLine).
func partyValues(ps []document.Passage, k int, label string) []string {
	code := partyCodes[label]
	p := ps[k]
	var out []string
	locs := inidFieldRe.FindAllStringSubmatchIndex(p.Text, -1)
	for i, m := range locs {
		if p.Text[m[2]:m[3]] != code || !strings.HasPrefix(strings.ReplaceAll(p.Text[m[4]:m[5]], " ", ""), label) {
			continue
		}
		// The value starts right after the label's letters.
		start := m[4] + labelEnd(p.Text[m[4]:], label)
		end := len(p.Text)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		v := p.Text[start:end]
		if i+1 == len(locs) {
			for _, q := range ps[k+1:] {
				if q.Page != p.Page || inidFieldRe.MatchString(q.Text) || utf8.RuneCountInString(q.Text) > maxPartyLine {
					break
				}
				v += "\n" + q.Text
			}
		}
		if loc := continuedRe.FindStringIndex(v); loc != nil {
			v = v[:loc[0]]
		}
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// maxPartyLine bounds, in characters, a passage that carries a party
// field on: a name, an address with a building and a floor.
const maxPartyLine = 80

// labelEnd is the byte length of label at the start of s, spaces inside
// it allowed ("발 명 자").
func labelEnd(s, label string) int {
	n, i := 0, 0
	for i < len(s) && n < utf8.RuneCountInString(label) {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r != ' ' {
			n++
		}
	}
	return i
}

// partyNames reads the parties of a field's value: companies whole
// ("주식회사 한빛"), persons by their names, addresses and identifiers
// left out.
func partyNames(v string) []string {
	var out []string
	for _, c := range companyRe.FindAllString(v, -1) {
		out = append(out, strings.TrimSpace(c))
		v = strings.Replace(v, c, " ", 1)
	}
	v = addressRe.ReplaceAllString(v, "\n")
	// Between two addresses: the rest of the first (a building, a floor)
	// and the next party's name, so the last name-like word.
	for _, seg := range strings.Split(v, "\n") {
		name := ""
		for _, w := range strings.Fields(seg) {
			w = strings.Trim(w, ",;()")
			if personNameRe.MatchString(w) && !isAddressWord(w) {
				name = w
			}
		}
		if name != "" {
			out = append(out, name)
		}
	}
	return out
}

// isAddressWord reports whether w is what an address leaves after the
// street number (a building, a floor) or a province, not a name.
func isAddressWord(w string) bool {
	for _, s := range []string{"특별시", "광역시", "자치시", "자치도", "타워", "빌딩", "센터", "아파트", "오피스텔", "단지", "층"} {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return slices.Contains([]string{"경기도", "강원도", "충청북도", "충청남도", "전라북도", "전라남도", "경상북도", "경상남도", "제주도"}, w)
}

// partyAnswer answers a question about a gazette's parties from the
// first of the hits' documents (at most three) that has the field: the
// names of every occurrence, joined by ", " (one name when the question
// asks one). ok is false when none has it.
func (s *Solver) partyAnswer(ctx context.Context, label string, in intent, hits []retrieval.Hit) (Answer, bool) {
	cache := map[string][]document.Passage{}
	seen := map[string]bool{}
	for _, h := range hits {
		id := h.Passage.DocID
		if seen[id] || len(seen) == 3 {
			continue
		}
		seen[id] = true
		ps := s.cachedPassages(ctx, id, cache)
		var names []string
		var evs []Evidence
		for k, p := range ps {
			vs := partyValues(ps, k, label)
			if len(vs) == 0 {
				continue
			}
			for _, v := range vs {
				for _, n := range partyNames(v) {
					if !slices.Contains(names, n) {
						names = append(names, n)
					}
				}
			}
			evs = appendEvidence(evs, evidenceOf(p))
		}
		if len(names) == 0 {
			continue
		}
		if !in.Several && in.Expect.Count <= 1 && !hasAnyWord(in.Question, "모두", "각각", "들은", "들의") {
			names = names[:1]
		}
		return Answer{Value: strings.Join(names, ", "), Evidence: evs, Score: 0.8}, true
	}
	return Answer{}, false
}
