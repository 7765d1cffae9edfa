package korean

import (
	"strings"
	"unicode"
)

// interrogativePrefixes start words that only ask (무엇인가, 몇 년, 얼마나).
var interrogativePrefixes = []string{
	"무엇", "무슨", "몇", "얼마", "어느", "어떤", "어떻게", "어떠한", "어떠", "어디", "언제", "누구",
}

// interrogativeWords are dropped only when they are the whole word.
var interrogativeWords = map[string]bool{
	"뭐": true, "뭔가": true, "뭘": true, "누가": true, "왜": true, "무엇": true,
}

// NormalizeQuestion removes interrogative words and punctuation from a
// question so that they do not count as query terms. If nothing would be
// left, the question is returned unchanged.
func NormalizeQuestion(q string) string {
	words := strings.Fields(q)
	kept := words[:0:0]
	for _, w := range words {
		core := strings.TrimFunc(w, func(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) })
		if core == "" || isInterrogative(core) {
			continue
		}
		kept = append(kept, core)
	}
	if len(kept) == 0 {
		return q
	}
	return strings.Join(kept, " ")
}

func isInterrogative(w string) bool {
	if interrogativeWords[w] {
		return true
	}
	for _, p := range interrogativePrefixes {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}

// demonstratives open a phrase that points at the document being read
// (이 보고서, 본 지침, 해당 공보, 동 계획).
var demonstratives = map[string]bool{"이": true, "본": true, "해당": true, "동": true}

// WithoutDocumentReference drops a leading demonstrative phrase, "이 X의 …"
// or "본 X에서 …", from a question asked about one document: the phrase
// names the document itself ("이 지침서의 승인자는?" asks for the 승인자 of
// the document in hand), and its noun, the document's genre or subject,
// is on many of the document's passages, so it only adds noise to a search
// inside that document. The question is returned unchanged when it does
// not start so or nothing would be left.
func WithoutDocumentReference(q string) string {
	words := strings.Fields(q)
	if len(words) < 3 || !demonstratives[words[0]] {
		return q
	}
	return strings.Join(words[2:], " ")
}
