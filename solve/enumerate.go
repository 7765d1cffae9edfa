package solve

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/textkit"
)

// Some questions ask for a list: "보고서가 꼽은 위험 요인 네 가지는
// 무엇인가?", or a form of N rows with nothing but blanks. The items come
// from a sentence that lists them ("연구진은 원인으로 가, 나, 다, 라를
// 들었다") or from consecutive bulleted or numbered lines, in order, one per
// row, without the particles that join them to the sentence.

// listEnders are particles that end the last item of an in-sentence list.
var listEnders = []string{"으로", "이라는", "라는", "이며", "이고", "등을", "등이", "등은", "등의", "등", "을", "를", "이", "가", "은", "는", "와", "과", "로", "의", "도"}

// leadEnders end the words before the first item ("원인으로", "연구진은").
var leadEnders = []string{"으로는", "로는", "으로", "로", "에서는", "에서", "은", "는", "이", "가", "에는", "에", "을", "를", ":", "："}

// sentenceItems reads the items a sentence lists, separated by commas (or
// "및", "와/과" before the last): nil when it lists fewer than two.
func sentenceItems(sent string) []string {
	sent = strings.TrimSpace(sent)
	// The list is the longest run of comma-separated segments.
	segs := strings.FieldsFunc(sent, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
	if len(segs) < 2 {
		return nil
	}
	first := strings.Fields(segs[0])
	last := strings.Fields(segs[len(segs)-1])
	if len(first) == 0 || len(last) == 0 {
		return nil
	}
	// Middle items fix how many words an item has.
	var mids []string
	for _, s := range segs[1 : len(segs)-1] {
		mids = append(mids, strings.TrimSpace(s))
	}
	width := 1
	if len(mids) > 0 {
		ws := make([]int, len(mids))
		for i, m := range mids {
			ws[i] = len(strings.Fields(m))
		}
		sort.Ints(ws)
		width = ws[len(ws)/2]
	}
	// First item: after the last word that ends the lead-in, else the
	// last `width` words.
	start := max(len(first)-width, 0)
	for i := len(first) - 2; i >= 0; i-- {
		if leadsIn(first[i]) {
			start = i + 1
			break
		}
	}
	items := []string{strings.Join(first[start:], " ")}
	items = append(items, mids...)
	// Last item: up to the word that carries its particle, split at "및".
	end := min(width, len(last))
	for i, w := range last {
		if endsWithAny(w, listEnders) || i+1 < len(last) && last[i+1] == "등" {
			end = i + 1
			break
		}
	}
	tail := last[:end]
	var lastItems []string
	cur := []string{}
	for _, w := range tail {
		if w == "및" || w == "그리고" {
			if len(cur) > 0 {
				lastItems = append(lastItems, strings.Join(cur, " "))
			}
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		lastItems = append(lastItems, strings.Join(cur, " "))
	}
	items = append(items, lastItems...)
	var out []string
	for _, it := range items {
		if it = cleanItem(it); it != "" {
			out = append(out, it)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// cleanItem drops from an item the particle that joins it to the
// sentence, a trailing "등" and quotes and bullets around it.
func cleanItem(it string) string {
	it = strings.TrimSpace(strings.Trim(it, "\"'“”‘’「」『』()"+bullets))
	it = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(it, "등")), " ")
	for _, p := range listEnders {
		if strings.HasSuffix(it, p) && utf8.RuneCountInString(it) > utf8.RuneCountInString(p)+1 {
			it = strings.TrimSuffix(it, p)
			break
		}
	}
	it = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(it), "등"))
	return strings.Trim(it, "\"'“”‘’「」『』 ")
}

// leadsIn reports whether a word ends the words before a list: a noun
// with a topic, case or adverbial particle ("위원회는", "원인으로"). A
// two-syllable word in 은/는 is taken for an adjective before a noun
// ("높은 임대료", "있는 가구"), not a topic.
func leadsIn(w string) bool {
	if !endsWithAny(w, leadEnders) {
		return false
	}
	if (strings.HasSuffix(w, "은") || strings.HasSuffix(w, "는")) && utf8.RuneCountInString(w) <= 2 {
		return false
	}
	return true
}

func endsWithAny(w string, ends []string) bool {
	for _, e := range ends {
		if strings.HasSuffix(w, e) && utf8.RuneCountInString(w) > utf8.RuneCountInString(e) {
			return true
		}
	}
	return false
}

// lineItems reads the items of consecutive bulleted or numbered passages
// starting at index i of ps ("① 가", "1. 나", "- 다", list items): each
// item's heading phrase (up to ":" or " - "), in order, at most max.
func lineItems(ps []document.Passage, i, limit int) []string {
	var out []string
	for j := i; j < len(ps) && len(out) < limit; j++ {
		t := strings.TrimSpace(ps[j].Text)
		body, ok := stripItemMark(t)
		if !ok && ps[j].Kind != document.KindListItem {
			break
		}
		if k := strings.IndexAny(body, ":："); k > 0 {
			body = body[:k]
		}
		if k := strings.Index(body, " - "); k > 0 {
			body = body[:k]
		}
		if it := cleanItem(textkit.Sentences(body + " ")[0]); it != "" {
			out = append(out, it)
		}
	}
	return out
}

// stripItemMark removes a list mark ("①", "1.", "1)", "가.", "-", "▪")
// from the start of a line; ok is false when there is none.
func stripItemMark(t string) (string, bool) {
	r, n := utf8.DecodeRuneInString(t)
	switch {
	case r >= '①' && r <= '⑳', strings.ContainsRune(itemMarks+"-–·•ㅇ○", r):
		return strings.TrimSpace(t[n:]), true
	}
	// "1.", "1)", "가.", "가)"
	k := 0
	for k < len(t) && t[k] >= '0' && t[k] <= '9' {
		k++
	}
	if k == 0 {
		if isSyllable(r) {
			k = n
		}
	}
	if k > 0 && k < len(t) && (t[k] == '.' || t[k] == ')') && (k+1 == len(t) || t[k+1] == ' ') {
		return strings.TrimSpace(t[k+1:]), true
	}
	return t, false
}

// pickItems returns the list a question asks for from a sentence: its
// items when it lists want of them (any number when want is 0 and it lists
// at least three), nil otherwise.
func pickItems(sent string, want int) []string {
	items := sentenceItems(sent)
	switch {
	case want > 0 && len(items) == want:
		return items
	case want == 0 && len(items) >= 3:
		return items
	}
	return nil
}
