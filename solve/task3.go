package solve

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval"
)

// errNoCell is returned (wrapped) when no table or no cell answers a
// task-3 question.
var errNoCell = errors.New("no cell matches the question")

// table answers task 3: the cell of the ref_file table (or of the best
// table of doc_file / the collection) whose row and column headers the
// question names.
func (s *Solver) table(ctx context.Context, p dataset.Problem) (Answer, error) {
	ans := Empty(p)
	var tables []tableRef
	switch {
	case p.RefFile != "" && s.Refs != nil:
		bs, err := s.Refs.Ref(ctx, p.RefFile)
		if err != nil {
			return ans, fmt.Errorf("problem %s: %w", p.ProblemNo, err)
		}
		tables = tablesOf(p.RefFile, bs)
	case p.RefFile != "":
		return ans, fmt.Errorf("problem %s: ref_file %s: %w", p.ProblemNo, p.RefFile, errors.New("no reference reader configured"))
	default:
		q := retrieval.Query{Text: p.Question, Kinds: []document.Kind{document.KindTable}, K: 5}
		if p.DocFile != "" {
			q.DocIDs = []string{p.DocFile}
		}
		hits, err := s.search(ctx, q)
		if err != nil {
			return ans, fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
		}
		for _, h := range hits {
			doc, err := s.Docs.Document(ctx, h.Passage.DocID)
			if err != nil {
				continue
			}
			tables = tablesOf(doc.ID, doc.Blocks)
			break
		}
	}
	if len(tables) == 0 {
		return ans, fmt.Errorf("problem %s: no table found: %w", p.ProblemNo, errNoCell)
	}
	// A form's box marks: a yes/no question by the checked option of the
	// row that states it; "which is checked" by the options beside the
	// label it names, before any cell matches the words better.
	if isYesNo(p.Question) {
		if v, ref, score, ok := yesNoAnswer(tables, p.Question); ok {
			ans.Value, ans.Score, ans.Evidence = v, score, []Evidence{ref.Ev}
			return ans, nil
		}
	}
	// A bare noun question ("현행분류는?") asks its label's value too.
	if ch, k := asksChecked(p.Question), expect(p.Question).Kind; ch || k == kindThing || k == kindUnknown {
		if v, ref, score, ok := checkedChoice(tables, p.Question); ok && (ch || score >= 0.75) {
			ans.Value, ans.Score, ans.Evidence = v, score, []Evidence{ref.Ev}
			return ans, nil
		}
	}
	// A chart's reference line, callout or note the question names
	// ("점선이 나타내는 기준값", "목표치는 몇 %"): its number, not a
	// series value.
	if !isYesNo(p.Question) {
		if v, ref, note, score, ok := noteValue(tables, p.Question, p.RefFile == ""); ok {
			ev := ref.Ev
			ev.Note = note
			ans.Value, ans.Score, ans.Evidence = v, min(score, 1), []Evidence{ev}
			return ans, nil
		}
	}
	m, ok := lookupCell(tables, p.Question, p.Question, true)
	if !ok {
		return ans, fmt.Errorf("problem %s: %w", p.ProblemNo, errNoCell)
	}
	ans.Evidence = []Evidence{m.Ref.Ev}
	// An operation over cells (합계, 차이, 평균, 가장 큰 …), tried on the
	// table of the best cell first.
	if o, _ := questionOp(p.Question); o != opNone || askSeries(p.Question).active() {
		order := append([]tableRef{m.Ref}, tables...)
		for _, t := range order {
			if c, ok := computeTable(t, p.Question); ok {
				ans.Value = c.Value
				ans.Score = min(m.Score/3, 1)
				ev := t.Ev
				ev.Note = c.Note
				ans.Evidence = []Evidence{ev}
				return ans, nil
			}
		}
	}
	// A name, a place or a date asked: the cell must be one; a form-like
	// table gives it beside its label ("확인(부서장) | 김 영 옥 (서명)").
	if k := expect(p.Question).Kind; k == kindPerson || k == kindPlace || k == kindAddress || k == kindDate {
		if v, ok := fitsKind(m.Text, k); ok {
			ans.Value, ans.Score = v, min(m.Score/3, 1)
			return ans, nil
		}
		if v, ref, score, ok := labelValue(tables, p.Question, k); ok {
			ans.Value, ans.Score, ans.Evidence = v, score, []Evidence{ref.Ev}
			return ans, nil
		}
		if k == kindDate {
			// A form's date on a line of its own ("2023 년 9 월 14 일"
			// under "위와 같이 확인함"): the dated cell nearest the cell
			// the question names.
			if v, ok := nearestDateCell(m); ok {
				ans.Value, ans.Score = v, min(m.Score/4, 1)
				return ans, nil
			}
		}
	}
	// A label the question names better than any row label, anywhere in
	// a form-like table ("현행분류 | ▣ 지침"): the value beside it.
	if expect(p.Question).Kind == kindThing && m.RowScore < 0.6 {
		if v, ref, score, ok := labelValue(tables, p.Question, kindThing); ok && score >= 0.75 {
			ans.Value, ans.Score, ans.Evidence = v, score, []Evidence{ref.Ev}
			return ans, nil
		}
	}
	if opts, ok := checkedOptions(m.Text); ok && opts != "" {
		ans.Value, ans.Score = opts, min(m.Score/3, 1)
		return ans, nil
	}
	ans.Value = cellValue(m.Text, m.ColHead, numbers.Unit{})
	ans.Score = min(m.Score/3, 1)
	return ans, nil
}

// spacedDateRe is a number spaced from its date word: "2023 년", "9 월".
var spacedDateRe = regexp.MustCompile(`(\d)\s+(년|월|일)`)

// nearestDateCell finds, in the table of m, the cell that is a date and
// nothing much else (a form's date line) nearest m's row, a row below
// winning a tie. The date is returned as written, letter spacing joined.
func nearestDateCell(m cellMatch) (string, bool) {
	grid := m.Ref.Table.Grid()
	best, bestDist := "", -1
	for r, row := range grid {
		for c, cell := range row {
			if c > 0 && cell == row[c-1] {
				continue
			}
			v := joinSpaced(strings.TrimSpace(cell))
			ds := dateSpans(v)
			if len(ds) != 1 || 2*len(ds[0].Text) < len(strings.TrimSpace(v)) || ds[0].From.Year == 0 {
				continue
			}
			d := 2 * (r - m.Row)
			if d < 0 {
				d = -d + 1
			}
			if bestDist < 0 || d < bestDist {
				best, bestDist = spacedDateRe.ReplaceAllString(ds[0].Text, "$1$2"), d
			}
		}
	}
	return best, best != ""
}
