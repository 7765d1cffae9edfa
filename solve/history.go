package solve

import (
	"context"
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/retrieval"
)

// A revision history (제·개정 이력표) closes most Korean guidelines,
// manuals and standard operating procedures: one row per enactment or
// revision, with its date, what changed, who wrote it and who approved it
// ("연번 | 연월일 | 변경 내용 및 사유 | 작성자(부서) | 승인자"). A question
// about when the document was first enacted or last revised, or by whom
// ("언제 처음 제정되었나", "제정 당시 작성자는 누구인가", "최근 개정일은"),
// is answered by a row of that table, which a passage search rarely
// ranks: every page of the document shares the question's subject words.

// historyWords say a question asks about a document's history.
var historyWords = []string{"제정", "개정", "이력"}

// asksHistory reports whether a question asks a date or a person of a
// document's revision history.
func asksHistory(q string, in intent) bool {
	k := in.Expect.Kind
	return (k == kindDate || k == kindPerson) && hasAnyWord(q, historyWords...)
}

// historyDateHeads head a history table's date column; historyChangeHeads
// its column of what changed; historyPersonHeads the columns of people.
var (
	historyDateHeads   = []string{"연월일", "일자", "날짜", "일시", "제정일", "개정일", "시행일", "년월일"}
	historyChangeHeads = []string{"내용", "사유", "구분", "제정", "개정", "변경"}
	historyPersonHeads = []string{"작성자", "담당자", "성명", "승인자", "결재자", "검토자", "작성", "승인"}
)

// historyDateRe is a date as history tables write it: "2009.12.21.",
// "2012.6.", "2013-04-11", "2013. 4. 11".
var historyDateRe = regexp.MustCompile(`^\d{4}\s*[.\-/년]\s*\d{1,2}(?:\s*[.\-/월]\s*\d{1,2})?\s*[.일]?$`)

// historyTable is a revision history found in a document: its columns.
type historyTable struct {
	ref            tableRef
	header         int // rows of header
	date, change   int // columns; change is -1 when there is none
	persons        []int
	personHeadings []string
}

// findHistory reads a table as a revision history: a header row naming a
// date column and a change column (or a caption saying 이력/연혁), and at
// least one row below with a date in the date column. ok is false for
// any other table.
func findHistory(ref tableRef) (historyTable, bool) {
	grid := ref.Table.Grid()
	h := historyTable{ref: ref, date: -1, change: -1}
	for r := 0; r < min(len(grid), 3); r++ {
		row := grid[r]
		date, change := -1, -1
		var persons []int
		var heads []string
		for c, cell := range row {
			v := strings.ReplaceAll(cell, " ", "")
			switch {
			case v == "" || c > 0 && cell == row[c-1]:
			case date < 0 && hasAnyWord(v, historyDateHeads...):
				date = c
			case hasAnyWord(v, historyPersonHeads...) && len([]rune(v)) <= 12:
				persons, heads = append(persons, c), append(heads, v)
			case change < 0 && hasAnyWord(v, historyChangeHeads...):
				change = c
			}
		}
		caption := hasAnyWord(ref.Caption, "이력", "연혁")
		if date >= 0 && (change >= 0 || caption) {
			h.header, h.date, h.change, h.persons, h.personHeadings = r+1, date, change, persons, heads
			break
		}
	}
	if h.date < 0 {
		return h, false
	}
	for _, row := range grid[h.header:] {
		if h.date < len(row) && historyDateRe.MatchString(strings.TrimSpace(row[h.date])) {
			return h, true
		}
	}
	return h, false
}

// entries are the rows that carry a date, in the table's order.
func (h historyTable) entries() [][]string {
	var out [][]string
	for _, row := range h.ref.Table.Grid()[h.header:] {
		if h.date < len(row) && historyDateRe.MatchString(strings.TrimSpace(row[h.date])) {
			out = append(out, row)
		}
	}
	return out
}

// answer picks the row the question asks (the latest for 최근/마지막/최종
// or a revision without "처음"; the enactment, 제정, or else the first
// row for 제정/처음/최초) and reads the date, or the person of the column
// the question names best (작성자 before 승인자 when it names neither),
// without the department in parentheses.
func (h historyTable) answer(q string, in intent) (string, bool) {
	rows := h.entries()
	if len(rows) == 0 {
		return "", false
	}
	row := rows[len(rows)-1]
	if !hasAnyWord(q, "최근", "마지막", "최종", "가장 늦") && hasAnyWord(q, "제정", "처음", "최초") {
		row = rows[0]
		if h.change >= 0 {
			for _, r := range rows {
				if h.change < len(r) && strings.Contains(r[h.change], "제정") {
					row = r
					break
				}
			}
		}
	}
	switch in.Expect.Kind {
	case kindDate:
		return strings.TrimRight(strings.TrimSpace(row[h.date]), ". "), true
	case kindPerson:
		best, bestScore := -1, -1.0
		core := strings.ReplaceAll(q, " ", "")
		for i, c := range h.persons {
			score := 0.0
			head := strings.Trim(trailingParen(h.personHeadings[i]), "()")
			if strings.Contains(core, head) || strings.Contains(core, strings.TrimSuffix(head, "자")) {
				score = 1
			}
			if score > bestScore {
				best, bestScore = c, score
			}
		}
		if best < 0 || best >= len(row) {
			return "", false
		}
		v := trailingParen(strings.TrimSpace(row[best]))
		return v, v != ""
	}
	return "", false
}

// historyAnswer answers a question about a document's history (asksHistory)
// from the revision history of the first of the hits' documents that has
// one; the table is the evidence, then the best hit. ok is false when
// none of them has one or the row lacks the value.
func (s *Solver) historyAnswer(ctx context.Context, question string, in intent, hits []retrieval.Hit) (Answer, bool) {
	if s.Docs == nil {
		return Answer{}, false
	}
	seen := map[string]bool{}
	for _, hit := range hits {
		id := hit.Passage.DocID
		if seen[id] || len(seen) == 3 {
			continue
		}
		seen[id] = true
		doc, err := s.Docs.Document(ctx, id)
		if err != nil {
			continue
		}
		for _, ref := range tablesOf(id, doc.Blocks) {
			h, ok := findHistory(ref)
			if !ok {
				continue
			}
			v, ok := h.answer(question, in)
			if !ok || v == "" {
				continue
			}
			return Answer{Value: v, Evidence: appendEvidence([]Evidence{ref.Ev}, evidenceOf(hits[0].Passage)), Score: 0.8}, true
		}
	}
	return Answer{}, false
}
