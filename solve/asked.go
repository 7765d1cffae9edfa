package solve

import (
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// A question can ask for a kind of line rather than for words it shares
// with the text: where to enquire ("어느 부서에 문의하나", "조회처는",
// "전화번호는") is answered by a reference or note line that carries a
// department or a phone ("※ 문의: 가나부 다라과(044-000-0000)"); to whom a
// form is handed ("누구에게 제출하는가") by the form's addressee line
// ("… 지역본부장 귀하"). Such a line is short and shares few words with
// the question, so task 1 lifts it over longer passages that only share
// the question's words.

// lineAsk is the kind of line a task-1 question asks for.
type lineAsk int

const (
	askNone      lineAsk = iota
	askContact           // a department, agency or phone to enquire at
	askAddressee         // the person or body a form or letter is addressed to
)

// contactAskRe finds the words of a question that ask where to enquire:
// 문의(처), 연락처, 전화(번호), 조회처/조회기관, "어디에 조회하나", "어느/담당
// 부서". Source: the wording of Korean government notices ("문의처",
// "조회기관", "담당 부서").
var contactAskRe = regexp.MustCompile(`문의|연락처|연락(?:하|해)|전화|☎|조회\s*(?:처|기관)|어디(?:에|로|에서)\s*(?:조회|확인|연락)|(?:어느|담당|소관)\s*(?:부서|과|기관|부처)|부서는|부서명`)

// lineAskOf reads the kind of line a question asks for (askNone for
// most questions). An addressee ask (asksAddressee) wins over a contact
// ask.
func lineAskOf(q string) lineAsk {
	switch {
	case asksAddressee(q):
		return askAddressee
	case contactAskRe.MatchString(q):
		return askContact
	}
	return askNone
}

// addresseeLineRe is a line that ends with the honorific of an addressee
// ("한빛공사 서부지사장 귀하", "○○위원회 귀중") or opens with the 수신
// label of an official letter ("수신: 가나청장", "수 신 자 …").
// In a table's passage a row's cells share one line: the honorific may
// be followed there by a note or an attachment line ("… 귀하 ※ 첨부서류").
var addresseeLineRe = regexp.MustCompile(`(?m)(?:\S\s*(?:귀하|귀중)(?:\s*$|\s+(?:[※*]|붙임|첨부|\d+\.))|^\s*수\s*신\s*(?:자|처)?\s*[:：]?\s*\S)`)

// contactNoteRe is a note or label that introduces where to enquire
// ("※ 문의: …", "조회기관：…", "담당부서 …", "연락처").
var contactNoteRe = regexp.MustCompile(`문\s*의\s*(?:처|전화)?\s*[:：]|조\s*회\s*(?:처|기관)|담\s*당\s*(?:부\s*서|기\s*관|과)|연\s*락\s*처|☎|☏|(?i)tel[.:)]`)

// carriesAsked reports whether a passage's text carries the kind of
// line a question asks: for askContact a phone number or a note naming
// where to enquire with a body after it; for askAddressee an addressee
// line. Always false for askNone.
func carriesAsked(text string, a lineAsk) bool {
	switch a {
	case askContact:
		if phoneRe.MatchString(text) {
			return true
		}
		if loc := contactNoteRe.FindStringIndex(text); loc != nil {
			_, _, ok := firstOfKind(text[loc[1]:], cellOrg)
			return ok
		}
	case askAddressee:
		return addresseeLineRe.MatchString(text)
	}
	return false
}

// addresseeLines lists the passages of a document (paragraph kinds) that
// carry an addressee line, in document order.
func addresseeLines(ps []document.Passage) []document.Passage {
	var out []document.Passage
	for _, p := range ps {
		if !strings.Contains(p.Text, "귀") && !strings.Contains(p.Text, "수") {
			continue
		}
		switch p.Kind {
		case document.KindParagraph, document.KindListItem, document.KindTable:
			if carriesAsked(p.Text, askAddressee) {
				out = append(out, p)
			}
		}
	}
	return out
}

// withPassages adds to hits the passages of ps that are not among them,
// each scored share times the best hit's score (1 when there is none).
func withPassages(hits []retrieval.Hit, ps []document.Passage, share float64) []retrieval.Hit {
	top := 1.0
	if len(hits) > 0 && hits[0].Score > 0 {
		top = hits[0].Score
	}
	seen := map[string]bool{}
	for _, h := range hits {
		seen[h.Passage.ID] = true
	}
	for _, p := range ps {
		if !seen[p.ID] {
			seen[p.ID] = true
			hits = append(hits, retrieval.Hit{Passage: p, Score: share * top})
		}
	}
	return hits
}

// askedSignals sets the Carrier signal of a passage for a question that
// asks a kind of line (a carrier is never a heading-like scrap). For a
// contact ask whose interrogative names no body ("전화번호는?"), a value
// of the asked kind in a passage that carries no contact is no answer.
func askedSignals(sg *passageSignals, text string, ask lineAsk, in intent) {
	if ask == askNone {
		return
	}
	if carriesAsked(text, ask) {
		sg.Carrier, sg.Short = ask, false
		return
	}
	if ask == askContact && !namesBody(in.Expect.Kind) {
		sg.Answer = false
	}
}

// noteReach is how many passages back a contact note may annotate: the
// paragraph it follows, or the one before an item between them ("◦ 신청
// 기간 …" then "※ 문의 …").
const noteReach = 2

// askedShares are the retrieval shares (score over top) of hits, where
// a contact ask lets a carrier that follows, in the same section, a
// passage that carries no contact take 0.9 of that passage's share: a
// "※ 문의 …" note is about the paragraph above it, whose words it does
// not repeat.
func askedShares(hits []retrieval.Hit, ask lineAsk, top float64) []float64 {
	shares := make([]float64, len(hits))
	for i, h := range hits {
		shares[i] = max(h.Score, 0) / top
	}
	if ask != askContact {
		return shares
	}
	type key struct {
		doc string
		ord int
	}
	at := map[key]int{}
	for i, h := range hits {
		at[key{h.Passage.DocID, h.Passage.Ordinal}] = i
	}
	for i, h := range hits {
		if !carriesAsked(h.Passage.Text, askContact) {
			continue
		}
		for back := 1; back <= noteReach; back++ {
			j, ok := at[key{h.Passage.DocID, h.Passage.Ordinal - back}]
			if !ok {
				continue
			}
			prev := hits[j].Passage
			if prev.Section != h.Passage.Section || carriesAsked(prev.Text, askContact) {
				break
			}
			shares[i] = max(shares[i], 0.9*shares[j])
		}
	}
	return shares
}
