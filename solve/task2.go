package solve

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/textkit"
)

// blankCell is one blank cell of a task-2 form: its row, its column key,
// what the column asks and whether its row has other blanks.
type blankCell struct {
	Row   int
	Key   string
	Kind  cellKind
	Multi bool
}

// form answers task 2: every blank cell of every row, each by its own
// column key and its row's label. Cells that ask a name, a phone, an
// identifier, a date or an organisation get a value of that kind (from
// the table row the label names, else after the label in the text).
// Quantity cells come from a dated table column or series, a table cell
// whose row and column the cell names, the passage of doc_file that
// names the most form rows ("출국장면세점 22개"), and the document's tables
// (row label × blank column).
func (s *Solver) form(ctx context.Context, p dataset.Problem) (Answer, error) {
	ans := Empty(p)
	rows := ans.Value.([]dataset.FormRow)
	doc, err := s.Docs.Document(ctx, p.DocFile)
	if err != nil {
		return ans, fmt.Errorf("problem %s: %w", p.ProblemNo, err)
	}
	if key, ok := listForm(rows); ok {
		// A form of blank (or numbered) rows asks for a list: its items,
		// one per row.
		if err := s.fillEnumeration(ctx, p, doc, rows, key, &ans); err != nil {
			return ans, err
		}
		return ans, nil
	}
	labels := make([]string, len(rows))
	var cells []blankCell
	var qb strings.Builder
	qb.WriteString(p.Question)
	for i, r := range rows {
		labels[i] = rowLabel(r)
		qb.WriteString(" ")
		qb.WriteString(labels[i])
		bs := r.Blanks()
		for _, k := range bs {
			cells = append(cells, blankCell{Row: i, Key: k, Kind: cellKindOf(k, labels[i]), Multi: len(bs) > 1})
		}
	}
	hits, err := s.search(ctx, retrieval.Query{Text: qb.String(), DocIDs: []string{p.DocFile}, K: 20})
	if err != nil {
		return ans, fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	get := func(c blankCell) string { return rows[c.Row].Values[c.Key] }
	filled := 0
	set := func(c blankCell, v string) {
		if v == "" || c.Kind == cellAny && numberRun(v) {
			return // a row's run of numbers is no cell: one value per cell
		}
		rows[c.Row].Values[c.Key] = v
		filled++
	}
	// A value the row's other blank already holds is not this column's
	// when the stage cannot tell the columns apart.
	taken := func(c blankCell, v string) bool {
		if !c.Multi {
			return false
		}
		for _, o := range cells {
			if o.Row == c.Row && o.Key != c.Key && get(o) == v {
				return true
			}
		}
		return false
	}
	// open reports the quantity cells a stage may still fill; a dated
	// column of a row with several blanks is left to the stages that
	// read dates.
	open := func(c blankCell, dated bool) bool {
		if get(c) != "" || c.Kind != cellAny {
			return false
		}
		return dated || !c.Multi || len(questionPeriods(c.Key)) == 0
	}
	tables := tablesOf(doc.ID, doc.Blocks)
	ps := document.Passages(doc)
	// Cells that ask a kind of value, not a quantity.
	for _, c := range cells {
		if c.Kind == cellAny || get(c) != "" {
			continue
		}
		roles := []string{c.Key}
		for _, o := range cells {
			if o.Row == c.Row && o.Key != c.Key {
				roles = append(roles, o.Key)
			}
		}
		if v, ev, ok := kindFromTables(tables, labels[c.Row], roles, c.Kind); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, ev)
			continue
		}
		ordered := make([]document.Passage, 0, len(hits)+len(ps))
		for _, h := range hits {
			ordered = append(ordered, h.Passage)
		}
		ordered = append(ordered, ps...)
		v, src, ok := kindFromText(ordered, labels[c.Row], roles, c.Kind)
		if !ok && len(rows) == 1 {
			// A one-row form whose label the text does not write: the
			// value after the column's own words ("문서번호 …").
			v, src, ok = kindFromText(ordered, stripParens(c.Key), nil, c.Kind)
		}
		if ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	// Rank passages by how many labels they contain, then by search rank.
	bestI, bestN := -1, 0
	for i, h := range hits {
		n := 0
		for _, l := range labels {
			if st, _ := textkit.FindFolded(h.Passage.Text, l); st >= 0 {
				n++
			}
		}
		if n > bestN {
			bestI, bestN = i, n
		}
	}
	var used []document.Passage
	// Cells whose column or question names a date ("2024년(조원)"): the
	// value of that date, from a table column, a table laid out as text
	// or a dated series. In a row with several blanks, only the column's
	// own date counts.
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		want := questionPeriods(c.Key)
		if len(want) == 0 && !datedSibling(cells, c) {
			want = questionPeriods(p.Question)
		} else {
			want = withSubPeriod(want, questionPeriods(p.Question))
		}
		if len(want) == 0 {
			continue
		}
		if v, ev, ok := datedValue(doc, labels[c.Row], c.Key, p.Question, want, columnUnit(c.Key)); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, ev)
		}
	}
	// A points column ("배점(점)"): the points a scoring table writes in
	// parentheses after the item ("교육 실적 (40)"), a header level or a
	// row label.
	for _, c := range cells {
		if !open(c, true) || !pointsColumn(c.Key) {
			continue
		}
		if v, ev, ok := parenPoints(tables, ps, labels[c.Row]); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, ev)
		}
	}
	// A table whose row and column the cell names outright wins over a
	// sentence that only shares its words ("총 X의 40%(N)").
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		if v, ev, ok := namedCell(tables, labels[c.Row], c.Key, p.Question); ok && !taken(c, v) {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, ev)
		}
	}
	// An amendment table: the side of the change the column or question
	// asks ("개정 후"), in the label's row or the label's column under
	// that side's group header.
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		col := columnOf(c.Key, p.Question)
		side := sideOf(col, p.Question)
		if m, ok := sideCell(tables, labels[c.Row], c.Key, p.Question, side); ok {
			if v := cellValue(m.Text, m.ColHead, col.Unit); v != "" && !taken(c, v) {
				set(c, v)
				ans.Evidence = appendEvidence(ans.Evidence, m.Ref.Ev)
				continue
			}
		}
		// Both sides written as text, each naming the label.
		if v, src, ok := sideText(ps, labels[c.Row], side, col); ok && !taken(c, v) {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	// A change column ("증감") of a row whose two dated columns are known:
	// the later minus the earlier.
	for _, c := range cells {
		if get(c) != "" || !c.Multi || !columnOf(c.Key, "").Delta {
			continue
		}
		if v, ok := rowDelta(rows[c.Row], cells, c.Row); ok {
			set(c, v)
		}
	}
	// A sentence that gives every row's change in order ("A·B·C의 X를
	// 각각 3→5%, 7→10%, 10→15%로 상향"): the side of the change the column
	// or the question asks, the new value unless the old one is asked.
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		if v, src, ok := respectiveChange(ps, labels, c.Row, columnOf(c.Key, p.Question), p.Question); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	// A number bound to the row label by a parenthesis ("3일(신고·
	// 일반문의), 9일(자료열람)", "(신고) 3일"), from the sentence that binds
	// the most rows and that the question describes.
	for _, c := range cells {
		if !open(c, false) {
			continue
		}
		if v, src, ok := boundValue(ps, labels, c.Row, c.Key, p.Question, columnOf(c.Key, p.Question)); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	// A quantity in the parenthesis right after the label ("인센티브(3,426억
	// 원)"), in the column's unit.
	for _, c := range cells {
		if !open(c, false) || columnUnit(c.Key).Base == "" {
			continue
		}
		if v, src, ok := parenValue(ps, labels[c.Row], columnUnit(c.Key)); ok {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	if bestI >= 0 && hits[bestI].Passage.Kind != document.KindTable {
		best := hits[bestI].Passage
		n := filled
		for _, c := range cells {
			if !open(c, false) {
				continue
			}
			if v, ok := columnValue(best.Text, labels[c.Row], c, p.Question); ok && !taken(c, v) {
				set(c, v)
			}
		}
		if filled > n {
			used = append(used, best)
		}
	}
	// Cells the best passage left blank: another passage naming the row.
	for _, c := range cells {
		if !open(c, false) {
			continue
		}
		for _, h := range hits {
			if h.Passage.Kind == document.KindTable {
				continue
			}
			if v, ok := columnValue(h.Passage.Text, labels[c.Row], c, p.Question); ok && !taken(c, v) {
				set(c, v)
				used = appendPassage(used, h.Passage)
				break
			}
		}
	}
	// A table row broken into paragraphs: the label ends one passage and
	// its value opens the next ("▪ 가계 지원" / "5,025억원").
	for _, c := range cells {
		if !open(c, false) || c.Multi {
			continue
		}
		if v, p, ok := valueAcrossBreak(ps, labels[c.Row], columnUnit(c.Key)); ok {
			set(c, v)
			used = appendPassage(used, p)
		}
	}
	for _, u := range used {
		ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(u))
	}
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		if m, ok := lookupCell(tables, labels[c.Row], c.Key+" "+p.Question, true); ok && m.Score > 1.5 {
			if v := cellValue(m.Text, m.ColHead, columnUnit(c.Key)); !taken(c, v) {
				set(c, v)
				ans.Evidence = appendEvidence(ans.Evidence, m.Ref.Ev)
			}
		}
	}
	// Cells whose label the text paraphrases ("납입한도" for "납입금액
	// 한도"): the clause that holds most of the label's bigrams.
	for _, c := range cells {
		if !open(c, false) {
			continue
		}
		if v, src, ok := paraphrasedValue(hits, labels[c.Row], columnOf(c.Key, p.Question)); ok && !taken(c, v) {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	// Dated cells still blank: the sentence that names the row (its words
	// or most of its bigrams, a unit in parentheses aside) and the
	// footnote its mark points to ("증원*" … "* (2023년) 1,022명 → …").
	for _, c := range cells {
		if !open(c, true) {
			continue
		}
		want := questionPeriods(c.Key)
		if len(want) == 0 {
			continue
		}
		unit := columnUnit(withoutPeriods(c.Key))
		if unit.Base == "" && unit.Scale == 1 {
			unit = labelUnit(labels[c.Row])
		}
		if v, src, ok := datedSentence(ps, labels[c.Row], want, unit); ok && !taken(c, v) {
			set(c, v)
			ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(src))
		}
	}
	if filled < len(cells) && s.Reader != nil {
		// Values that are phrases, not numbers: ask the reader.
		filled += s.readBlanks(ctx, p, rows, cells, labels, hits)
	}
	ans.Score = float64(filled) / float64(max(len(cells), 1))
	return ans, nil
}

// withoutPeriods removes the dates a column key writes ("2024년(조원)" →
// "(조원)"), so that "년" is not read as its unit.
func withoutPeriods(key string) string {
	ps := numbers.FindPeriods(key)
	for i := len(ps) - 1; i >= 0; i-- {
		key = key[:ps[i].Start] + key[ps[i].End:]
	}
	return strings.TrimSpace(key)
}

// labelUnit reads the unit a row label gives in its last parentheses
// ("지원액(월, 만 원)" → 만 원, "인원(명)" → 명): the first comma-separated
// part that is a unit; the zero unit (scale 1) when none.
func labelUnit(label string) numbers.Unit {
	i, j := strings.LastIndex(label, "("), strings.LastIndex(label, ")")
	if i < 0 || j < i {
		return numbers.Unit{Scale: 1}
	}
	for _, part := range strings.Split(label[i+1:j], ",") {
		part = strings.TrimSpace(part)
		switch part {
		case "월", "연", "년", "일", "주", "분기", "반기":
			continue // "(월, 만 원)": per month, in 만 원
		}
		if u, ok := numbers.ParseUnit(part); ok {
			if u.Scale == 0 {
				u.Scale = 1
			}
			return u
		}
	}
	return numbers.Unit{Scale: 1}
}

// datedSentence reads the value at one of the periods want for a row
// label from the text: in the sentence that writes the label (its
// parentheses aside), after it, or the sentence holding minLabelShare of
// its bigrams, whole; with the footnote line after the passage when the
// sentence carries a footnote mark. The value is converted into unit; a
// value whose unit does not convert is skipped.
func datedSentence(ps []document.Passage, label string, want []numbers.Period, unit numbers.Unit) (string, document.Passage, bool) {
	lab := strings.TrimSpace(stripParens(label))
	lb := textkit.WordBigrams(lab)
	if lab == "" {
		return "", document.Passage{}, false
	}
	for i, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		sents := textkit.Sentences(p.Text)
		for j, sent := range sents {
			text := ""
			if _, end := textkit.FindFolded(sent, lab); end >= 0 {
				text = sent[end:]
			} else if len(lb) >= 3 && textkit.Share(lb, textkit.WordBigrams(sent)) >= minLabelShare {
				text = sent
			} else {
				continue
			}
			if strings.Contains(text, "*") {
				// The footnote: a later line of the passage, or the next
				// passage, opening with the mark.
				note := ""
				for _, o := range sents[j+1:] {
					if strings.HasPrefix(strings.TrimSpace(o), "*") {
						note = o
						break
					}
				}
				if note == "" && i+1 < len(ps) && ps[i+1].Page == p.Page && strings.HasPrefix(strings.TrimSpace(ps[i+1].Text), "*") {
					note = ps[i+1].Text
				}
				text += " " + note
			}
			for _, pt := range readPoints(text) {
				agrees := false
				for _, w := range want {
					agrees = agrees || w.Agree(pt.When) == numbers.Agrees
				}
				if !agrees || pt.Delta {
					continue
				}
				if unit.Base != "" && pt.Q.Unit == "" {
					continue
				}
				if v, ok := formIn(pt.Q, unit); ok {
					return v, p, true
				}
			}
		}
	}
	return "", document.Passage{}, false
}

// datedSibling reports whether another blank of c's row names a date in
// its column key: the row's columns are told apart by date, and c (a
// change, say) is not at the question's dates.
func datedSibling(cells []blankCell, c blankCell) bool {
	for _, o := range cells {
		if o.Row == c.Row && o.Key != c.Key && len(questionPeriods(o.Key)) > 0 {
			return true
		}
	}
	return false
}

// columnValue reads a quantity cell's value after its row label in text.
// In a row with several blanks, the column's own words are tried first
// ("은행권 목표 효과(9,524억원)의 95.3%": "목표 효과" before "은행권"),
// within the part of the text that follows the row label.
func columnValue(text, label string, c blankCell, question string) (string, bool) {
	col := columnOf(c.Key, question)
	if c.Multi {
		words := strings.TrimSpace(stripParens(c.Key))
		if st, end := textkit.FindFolded(text, label); st >= 0 && words != "" && len(questionPeriods(words)) == 0 {
			if v, ok := valueAfterColumn(text[end:], words, col); ok {
				return v, true
			}
		}
	}
	return valueAfterColumn(text, label, col)
}

// namedCell reads a quantity from the table cell whose row header is the
// form label (all its words) and whose column header the column key names
// (its words, or its date): the table's own figure for that row and
// column. ok is false unless both match well and the cell holds a number.
func namedCell(tables []tableRef, label, column, question string) (string, Evidence, bool) {
	if strings.TrimSpace(label) == "" {
		return "", Evidence{}, false
	}
	m, ok := lookupCell(tables, label, column, true)
	if !ok || m.RowScore < 0.9 {
		return "", Evidence{}, false
	}
	want := questionPeriods(column)
	colOK := m.ColScore >= 0.6 || len(want) > 0 && periodFit(want, m.ColHead) == 1
	if !colOK {
		return "", Evidence{}, false
	}
	q, ok := numbers.Parse(m.Text)
	if !ok || numbers.Overlaps(q, numbers.FindPeriods(m.Text)) {
		return "", Evidence{}, false
	}
	return cellValue(m.Text, m.ColHead, columnUnit(column)), m.Ref.Ev, true
}

// rowDelta computes a change column from the row's two dated cells: the
// later date's value minus the earlier's. ok is false unless exactly two
// dated cells of the row hold numbers.
func rowDelta(r dataset.FormRow, cells []blankCell, row int) (string, bool) {
	type pt struct {
		when numbers.Period
		v    float64
	}
	var pts []pt
	for _, c := range cells {
		if c.Row != row {
			continue
		}
		ws := questionPeriods(c.Key)
		if len(ws) != 1 {
			continue
		}
		q, ok := numbers.Parse(r.Values[c.Key])
		if !ok {
			continue
		}
		pts = append(pts, pt{ws[0], q.Value})
	}
	if len(pts) != 2 {
		return "", false
	}
	a, b := pts[0], pts[1]
	key := func(p numbers.Period) int { return p.Year*100 + p.Month }
	switch {
	case key(a.when) == key(b.when) || a.when.Year == 0 || b.when.Year == 0:
		return "", false
	case key(b.when) < key(a.when):
		a, b = b, a
	}
	return numbers.Format(b.v - a.v), true
}

// datedValue reads the value of a form row for the periods want: the
// table cell whose row the label names and whose column header is that
// date, else the number under that date in a table laid out as text, else
// the point of a dated series after the label. It is converted into unit.
func datedValue(doc *document.Document, label, blank, question string, want []numbers.Period, unit numbers.Unit) (string, Evidence, bool) {
	tables := tablesOf(doc.ID, doc.Blocks)
	// The cell at the row label and the column the key names (every level
	// of a two-level header), or the other way round in a transposed
	// table.
	if m, ok := formCell(tables, label, blank, question, want); ok {
		return cellValue(m.Text, m.ColHead, unit), m.Ref.Ev, true
	}
	// Periods as rows, items as columns: the label's column in the row
	// of the date.
	if m, ok := periodRowCell(tables, label, want); ok {
		return cellValue(m.Text, m.ColHead, unit), m.Ref.Ev, true
	}
	if m, ok := lookupCell(tables, label, blank+" "+question, true); ok && m.RowScore >= 0.6 &&
		(periodFit(want, m.ColHead) == 1 || periodFit(want, m.RowHead) == 1) {
		if q, ok := numbers.Parse(m.Text); ok && !numbers.Overlaps(q, numbers.FindPeriods(m.Text)) {
			return cellValue(m.Text, m.ColHead, unit), m.Ref.Ev, true
		}
	}
	if v, ev, ok := runCell(tables, label, want, unit); ok {
		return v, ev, true
	}
	ps := document.Passages(doc)
	e := expectation{Kind: kindQuantity, Unit: unit.Base, Periods: want}
	for i, p := range ps {
		if p.Kind == document.KindTable {
			// A table without dated columns under a header line of text
			// ("분야 지 표 ’23년 ’27년" above "X | 37 | 50"): the row's
			// line dated by that header.
			if v, ok := headedTableRow(ps, i, label, want, unit); ok {
				return v, evidenceOf(p), true
			}
			continue
		}
		st, end := textkit.FindFolded(p.Text, label)
		if st < 0 {
			continue
		}
		rest := p.Text[end:]
		var pts []valuePoint
		header := textTableHeader(ps, i)
		if header == nil {
			// A table flattened into one passage: its header periods
			// before the label ("구분 2023 2024 2025 누리수입 …").
			header = inlineHeader(p.Text[:st])
		}
		if header == nil {
			header = trailingHeader(ps, i)
		}
		if header != nil {
			pts = alignRow(rest, header)
		} else {
			pts = readPoints(rest)
		}
		for _, pt := range pts {
			if pt.When.IsZero() || utf8.RuneCountInString(rest[:pt.Q.Start]) > 4*labelWindow {
				continue
			}
			ok := false
			for _, w := range want {
				ok = ok || w.Agree(pt.When) == numbers.Agrees
			}
			if fits, _ := e.accepts(pt.Q); !ok || !fits {
				continue
			}
			if v, ok := formIn(pt.Q, unit); ok {
				return v, evidenceOf(p), true
			}
		}
	}
	return "", Evidence{}, false
}

// valueAcrossBreak finds a passage that ends with label and reads the
// quantity that opens the passage after it (same page), in unit; a value
// must come first there and fit the unit. It returns the value and the
// passage that holds it.
func valueAcrossBreak(ps []document.Passage, label string, unit numbers.Unit) (string, document.Passage, bool) {
	for i := 0; i+1 < len(ps); i++ {
		p, next := ps[i], ps[i+1]
		if p.Kind == document.KindTable || next.Page != p.Page {
			continue
		}
		_, end := textkit.FindFolded(p.Text, label)
		if end < 0 || utf8.RuneCountInString(strings.TrimSpace(p.Text[end:])) > 3 {
			continue
		}
		qs := numbers.Find(next.Text)
		if len(qs) == 0 || utf8.RuneCountInString(strings.TrimSpace(next.Text[:qs[0].Start])) > 2 {
			continue
		}
		q := qs[0]
		if unit.Base != "" && q.Unit == "" || numbers.Overlaps(q, numbers.FindPeriods(next.Text)) {
			continue
		}
		if v, ok := formIn(q, unit); ok {
			return v, next, true
		}
	}
	return "", document.Passage{}, false
}

// enumerationForm reports whether a form is a list to fill: two or more
// rows, none of which names itself (every value blank).
func enumerationForm(rows []dataset.FormRow) bool {
	if len(rows) < 2 {
		return false
	}
	for _, r := range rows {
		if rowLabel(r) != "" {
			return false
		}
	}
	return true
}

// listForm reports whether a form is a list to fill, and the key of its
// items: an enumeration form (every row blank), or rows that carry
// nothing but their ordinals (번호 1..N, ①.., 가.., in order) and one
// blank column each, the same in every row ("번호 1 | 장소 _").
func listForm(rows []dataset.FormRow) (string, bool) {
	if enumerationForm(rows) {
		return "", true
	}
	if len(rows) < 2 {
		return "", false
	}
	key := ""
	for i, r := range rows {
		bs := r.Blanks()
		if len(bs) != 1 || strings.TrimSpace(r.Values[bs[0]]) != "" || i > 0 && bs[0] != key {
			return "", false
		}
		key = bs[0]
		var label []string
		for _, k := range r.Keys {
			if k != key {
				label = append(label, strings.TrimSpace(r.Values[k]))
			}
		}
		if len(label) != 1 || !isOrdinalMark(label[0], i+1) {
			return "", false
		}
	}
	return key, true
}

// isOrdinalMark reports whether s numbers the n-th item of a list: "3",
// "3.", "(3)", "③", "다", "다." (가나다 order).
func isOrdinalMark(s string, n int) bool {
	s = strings.Trim(strings.TrimSpace(s), "().")
	if s == strconv.Itoa(n) {
		return true
	}
	r, size := utf8.DecodeRuneInString(s)
	if size != len(s) {
		return false
	}
	if r >= '①' && r <= '⑳' {
		return int(r-'①')+1 == n
	}
	const ganada = "가나다라마바사아자차카타파하"
	rs := []rune(ganada)
	return n <= len(rs) && rs[n-1] == r
}

// fillEnumeration fills a list form with the items of the passage of
// doc_file that lists as many as the form has rows: a sentence ("…로 A, B,
// C를 들었다") or the bulleted lines after a passage the question names.
//
// key is the column of the items ("" for a form of blank rows: each row's
// own blank).
func (s *Solver) fillEnumeration(ctx context.Context, p dataset.Problem, doc *document.Document, rows []dataset.FormRow, key string, ans *Answer) error {
	hits, err := s.search(ctx, retrieval.Query{Text: strings.TrimSpace(p.Question + " " + key), DocIDs: []string{p.DocFile}, K: 20})
	if err != nil {
		return fmt.Errorf("problem %s: search: %w", p.ProblemNo, err)
	}
	ps := document.Passages(doc)
	fill := func(items []string, ev document.Passage) {
		for i := range rows {
			k := key
			if k == "" {
				k = rows[i].Blank()
			}
			rows[i].Values[k] = items[i]
		}
		ans.Evidence = appendEvidence(ans.Evidence, evidenceOf(ev))
		ans.Score = 1
	}
	for _, h := range hits {
		for _, sent := range textkit.Sentences(h.Passage.Text) {
			if items := listItemsOf(sent, len(rows)); items != nil {
				fill(items, h.Passage)
				return nil
			}
		}
		if i := h.Passage.Ordinal; i >= 0 && i+1 < len(ps) && ps[i].ID == h.Passage.ID {
			if items := lineItems(ps, i+1, len(rows)); len(items) == len(rows) {
				fill(items, h.Passage)
				return nil
			}
		}
	}
	return nil
}

// readBlanks fills the blanks still empty with the reader's best span
// over the search hits, asking about each row's label. It returns how many
// it filled.
func (s *Solver) readBlanks(ctx context.Context, p dataset.Problem, rows []dataset.FormRow, cells []blankCell, labels []string, hits []retrieval.Hit) int {
	texts := make([]string, 0, min(len(hits), 5))
	for _, h := range hits[:min(len(hits), 5)] {
		texts = append(texts, h.Passage.Text)
	}
	if len(texts) == 0 {
		return 0
	}
	n := 0
	for _, c := range cells {
		i, blank := c.Row, c.Key
		if rows[i].Values[blank] != "" {
			continue
		}
		q := strings.TrimSpace(labels[i] + "의 " + stripParens(blank) + "은? " + p.Question)
		spans, err := s.Reader.Answer(ctx, q, texts, 1)
		if err != nil {
			s.logger().Warn("reader failed", "problem_no", p.ProblemNo, "err", err)
			return n
		}
		if len(spans) > 0 && strings.TrimSpace(spans[0].Text) != "" {
			span := strings.TrimSpace(spans[0].Text)
			if c.Kind != cellAny {
				// A span is a candidate like any other: of the kind asked.
				v, _, ok := firstOfKind(span, c.Kind)
				if !ok {
					continue
				}
				span = v
			}
			// A column with a unit wants a quantity in it, like any
			// other candidate: "(억원)" is not filled with a phrase.
			if u := columnUnit(blank); u.Base != "" || u.Scale != 1 {
				q, ok := numbers.Parse(span)
				if !ok {
					continue
				}
				v, ok := q.In(u)
				if !ok || q.Unit == "" && !q.Scaled && u.Base != "" {
					continue
				}
				span = numbers.Format(v)
			}
			rows[i].Values[blank] = span
			n++
		}
	}
	return n
}

// appendPassage appends p unless it is already listed.
func appendPassage(ps []document.Passage, p document.Passage) []document.Passage {
	for _, q := range ps {
		if q.ID == p.ID {
			return ps
		}
	}
	return append(ps, p)
}

// appendEvidence appends e unless the same paragraph is already listed.
func appendEvidence(es []Evidence, e Evidence) []Evidence {
	for _, x := range es {
		if x.DocFile == e.DocFile && x.Paragraph == e.Paragraph {
			return es
		}
	}
	return append(es, e)
}

// rowLabel joins a form row's non-blank values: the phrase naming the row.
func rowLabel(r dataset.FormRow) string {
	blank := r.Blank()
	var parts []string
	for _, k := range r.Keys {
		if k != blank && strings.TrimSpace(r.Values[k]) != "" {
			parts = append(parts, r.Values[k])
		}
	}
	return strings.Join(parts, " ")
}

// normalizeValue reduces a cell to its number when it holds exactly one,
// else returns the cleaned text.
func normalizeValue(s string) string {
	s = cleanCell(s)
	if ns := numbers.Numerals(s); len(ns) == 1 {
		return strings.ReplaceAll(s[ns[0].Start:ns[0].End], ",", "")
	}
	return s
}

// minLabelShare is the least share of a form label's bigrams a clause must
// hold to stand for the label when the label is not written as such.
const minLabelShare = 0.75

// clauseSplit separates the clauses of a passage for paraphrase matching:
// bullets, commas, semicolons and sentence ends.
var clauseSplit = strings.NewReplacer("▲", "\n", "▪", "\n", "◦", "\n", "○", "\n", "□", "\n", ";", "\n", ". ", "\n", "。", "\n")

// paraphrasedValue finds, among the hits' text passages, the clause that
// names a form label in other words (the label's bigrams, word order and
// particles aside: "납입한도" in "납입금액 한도를 …") and reads its value
// for the column. The best-matching clause with a value wins; ok is false
// when no clause holds minLabelShare of the label.
func paraphrasedValue(hits []retrieval.Hit, label string, col formColumn) (string, document.Passage, bool) {
	lb := textkit.WordBigrams(label)
	if len(lb) < 3 {
		return "", document.Passage{}, false
	}
	best, bestShare := "", 0.0
	var bestP document.Passage
	for _, h := range hits {
		if h.Passage.Kind == document.KindTable {
			continue
		}
		for _, clause := range strings.Split(clauseSplit.Replace(h.Passage.Text), "\n") {
			share := textkit.Share(lb, textkit.WordBigrams(clause))
			if share < minLabelShare || share <= bestShare {
				continue
			}
			// The value after the last word of the clause that shares a
			// bigram with the label.
			at := 0
			for _, w := range strings.Fields(clause) {
				if at > 0 && numbers.HasNumeral(w) {
					break // the value: label words after it name something else
				}
				if textkit.Share(textkit.WordBigrams(w), lb) > 0 {
					if i := strings.Index(clause[at:], w); i >= 0 {
						at += i + len(w)
					}
				}
			}
			q, ok := quantityFrom(clause[at:], col)
			if !ok || isTotal(clause[at:], q) {
				continue // "… 등을 통해 총 N": the sum of several labels
			}
			if v, ok := formIn(q, col.Unit); ok {
				best, bestShare, bestP = v, share, h.Passage
			}
		}
	}
	return best, bestP, best != ""
}

// numberRun reports whether a value is a run of several numbers ("210.4
// 221.6 233.9"): a row of a table read as one cell, never one cell's
// value.
func numberRun(v string) bool {
	ns := numbers.Numerals(v)
	if len(ns) < 2 {
		return false
	}
	for i := 1; i < len(ns); i++ {
		if !numbersOnlyBetween(v[ns[i-1].End:ns[i].Start]) {
			return false
		}
	}
	return true
}

// inlineHeader reads the header periods of a table flattened into a
// passage from the text before a row label: the last run of at least two
// words that are periods in increasing order ("’23년 ’24년 ’25년",
// "2023 2024 2025"). nil when there is none.
func inlineHeader(text string) []numbers.Period {
	var best, run []numbers.Period
	for _, w := range strings.Fields(text) {
		w = strings.Trim(w, "*()[]|:·,")
		p, ok := numbers.ParsePeriod(w)
		if ok && wholeHeaderWord(w, p) && p.Year != 0 && (len(run) == 0 || after(p, run[len(run)-1])) {
			run = append(run, p)
			continue
		}
		if len(run) >= 2 {
			best = run
		}
		run = nil
		if ok && wholeHeaderWord(w, p) && p.Year != 0 {
			run = []numbers.Period{p}
		}
	}
	if len(run) >= 2 {
		best = run
	}
	return best
}

// runCell reads a dated value from a table whose row stands in one cell
// ("210.4 221.6 233.9") under a header cell of as many periods ("’23년
// ’24년 ’25년"): the number at the position of the period want names, in
// unit. ok is false unless a row the label names has such a cell.
func runCell(tables []tableRef, label string, want []numbers.Period, unit numbers.Unit) (string, Evidence, bool) {
	for _, ref := range tables {
		grid := ref.Table.Grid()
		for r, row := range grid {
			named := false
			for _, c := range row {
				named = named || cellNames(c, label)
			}
			if !named {
				continue
			}
			for j, c := range row {
				if !numberRun(c) {
					continue
				}
				qs := numbers.Find(c)
				for h := r - 1; h >= 0; h-- {
					if j >= len(grid[h]) {
						continue
					}
					header := headerPeriods(grid[h][j])
					if len(header) != len(qs) {
						continue
					}
					for k, hp := range header {
						for _, w := range want {
							if w.Agree(hp) != numbers.Agrees {
								continue
							}
							q := qs[k]
							if q.Unit == "" && !q.Scaled {
								return numbers.Format(q.Value), ref.Ev, true
							}
							if v, ok := formIn(q, unit); ok {
								return v, ref.Ev, true
							}
						}
					}
					break
				}
			}
		}
	}
	return "", Evidence{}, false
}

// pointsColumn reports whether a form column asks points: its unit is 점
// ("배점(점)") or its words name a score (배점, 점수).
func pointsColumn(key string) bool {
	return columnUnit(key).Base == "점" || hasAnyWord(strings.ReplaceAll(key, " ", ""), "배점", "점수")
}

// pointsRe is an item with its points in parentheses: "교육 실적 (40)",
// "만족도(20점)".
var pointsRe = regexp.MustCompile(`^(.*?)\s*[(（]\s*(\d+(?:\.\d+)?)\s*점?\s*[)）]$`)

// parenPoints reads the points a scoring table gives an item in
// parentheses after its name: a table cell "교육 실적 (40)" (any level of
// the header, or a row label) that names label, else a text passage
// writing "label (40점)". ok is false when none does.
func parenPoints(tables []tableRef, ps []document.Passage, label string) (string, Evidence, bool) {
	if strings.TrimSpace(label) == "" {
		return "", Evidence{}, false
	}
	for _, ref := range tables {
		for _, row := range ref.Table.Grid() {
			for _, c := range row {
				m := pointsRe.FindStringSubmatch(strings.TrimSpace(c))
				if m != nil && cellNames(m[1], label) {
					return m[2], ref.Ev, true
				}
			}
		}
	}
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		for _, end := range labelEnds(p.Text, label) {
			rest := p.Text[end:]
			if i := strings.IndexAny(rest, ")）"); i >= 0 {
				if m := pointsRe.FindStringSubmatch(" " + rest[:i+len(")")]); m != nil && strings.TrimSpace(m[1]) == "" {
					return m[2], evidenceOf(p), true
				}
			}
		}
	}
	return "", Evidence{}, false
}

// changePairRe is one change of a list of changes: "3→5%", "3%→5%",
// "20%에서 30%로", "7 -> 10".
var changePairRe = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?)\s*(%p|%|[가-힣]{0,2}?)\s*(?:→|->|⇒|에서)\s*(\d[\d,]*(?:\.\d+)?)`)

// respectiveChange reads row's value from a sentence that names every
// form row label and lists as many changes ("소형·중형·대형의 감면율을
// 각각 4→6%, 8→11%, 12→16%로"): the change at the position of the row's
// label among the labels as the sentence orders them, its old side when
// the column or the question asks the current or former value (현행,
// 종전, 기존, 개정 전), else its new side. ok is false when no sentence
// names every label before exactly that many changes.
func respectiveChange(ps []document.Passage, labels []string, row int, col formColumn, question string) (string, document.Passage, bool) {
	if len(labels) < 2 {
		return "", document.Passage{}, false
	}
	before := col.Side == changeBefore ||
		col.Side == changeNone && hasAnyWord(strings.ReplaceAll(question, " ", ""), "현행", "종전", "기존", "개정전", "변경전", "당초")
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		for _, sent := range textkit.Sentences(p.Text) {
			at := make([]int, len(labels))
			last := 0
			ok := true
			for i, l := range labels {
				st, end := textkit.FindFolded(sent, strings.TrimSpace(stripParens(l)))
				if st < 0 {
					ok = false
					break
				}
				at[i], last = st, max(last, end)
			}
			if !ok {
				continue
			}
			pairs := changePairRe.FindAllStringSubmatch(sent[last:], -1)
			if len(pairs) != len(labels) {
				continue
			}
			rank := 0
			for i := range labels {
				if at[i] < at[row] {
					rank++
				}
			}
			v := pairs[rank][3]
			if before {
				v = pairs[rank][1]
			}
			return strings.ReplaceAll(v, ",", ""), p, true
		}
	}
	return "", document.Passage{}, false
}

// boundNumber reads the number a passage binds to one label by a
// parenthesis (boundValue of a one-row form, no question).
func boundNumber(ps []document.Passage, label string, col formColumn) (string, document.Passage, bool) {
	return boundValue(ps, []string{label}, 0, "", "", col)
}

// parenValue reads the quantity a passage writes in parentheses right
// after a label, the parenthesis holding nothing else: "성과 배분(800억
// 원)" gives 800 in 억 원. The quantity must carry a unit that converts
// into unit. ok is false when no passage writes the label so.
func parenValue(ps []document.Passage, label string, unit numbers.Unit) (string, document.Passage, bool) {
	label = strings.TrimSpace(label)
	if label == "" || unit.Base == "" {
		return "", document.Passage{}, false
	}
	for _, p := range ps {
		for _, end := range labelEnds(p.Text, label) {
			rest := strings.TrimLeft(p.Text[end:], " ")
			if !strings.HasPrefix(rest, "(") && !strings.HasPrefix(rest, "（") {
				continue
			}
			_, size := utf8.DecodeRuneInString(rest)
			j := strings.IndexAny(rest, ")）")
			if j < 0 {
				continue
			}
			inner := strings.TrimSpace(rest[size:j])
			q, ok := numbers.Parse(inner)
			if !ok || q.Unit == "" || q.Start != 0 || q.End != len(inner) {
				continue
			}
			if v, ok := formIn(q, unit); ok {
				return v, p, true
			}
		}
	}
	return "", document.Passage{}, false
}

// trailingHeader finds the header of a text-laid table whose header line
// carries words before its periods ("분야 지 표 (예 시) ’23년 ’27년"): a
// short line among the few passages before i on its page whose last
// words are at least two periods in increasing order. nil when none.
func trailingHeader(ps []document.Passage, i int) []numbers.Period {
	for j := i - 1; j >= 0 && j >= i-8; j-- {
		if ps[j].Page != ps[i].Page && ps[i].Page != 0 {
			break
		}
		lines := strings.Split(ps[j].Text, "\n")
		for k := len(lines) - 1; k >= 0; k-- {
			line := strings.TrimSpace(lines[k])
			if line == "" || utf8.RuneCountInString(line) > 60 {
				continue
			}
			ws := strings.Fields(line)
			n := 0
			for n < len(ws) {
				w := strings.Trim(ws[len(ws)-1-n], "*()[]|:·,")
				p, ok := numbers.ParsePeriod(w)
				if !ok || !wholeHeaderWord(w, p) || p.Year == 0 {
					break
				}
				n++
			}
			if n < 2 {
				continue
			}
			if h := inlineHeader(strings.Join(ws[len(ws)-n:], " ")); len(h) == n {
				return h
			}
		}
	}
	return nil
}

// headedTableRow reads the value at one of the periods want from the row
// naming label of the table passage ps[i] when the table's own lines
// date nothing and a header line of text before it does (trailingHeader):
// the numbers of the row's line after the label, by position, in unit.
func headedTableRow(ps []document.Passage, i int, label string, want []numbers.Period, unit numbers.Unit) (string, bool) {
	lines := strings.Split(ps[i].Text, "\n")
	for _, line := range lines {
		if headerPeriods(line) != nil {
			return "", false // the table dates its columns itself
		}
	}
	var header []numbers.Period
	for _, line := range lines {
		_, end := textkit.FindFolded(line, label)
		if end < 0 {
			continue
		}
		if header == nil {
			if header = trailingHeader(ps, i); header == nil {
				return "", false
			}
		}
		rest := strings.TrimLeft(line[end:], " |")
		pts := alignRow(rest, header)
		if len(pts) != len(header) {
			continue // not exactly one number per period
		}
		for _, pt := range pts {
			for _, w := range want {
				if w.Agree(pt.When) != numbers.Agrees {
					continue
				}
				if v, ok := formIn(pt.Q, unit); ok {
					return v, true
				}
			}
		}
	}
	return "", false
}

// labelEnds are the byte offsets in text just after each occurrence of
// label, white space and case ignored (textkit.FindFolded), in order.
func labelEnds(text, label string) []int {
	var ends []int
	for from := 0; from < len(text); {
		_, end := textkit.FindFolded(text[from:], label)
		if end < 0 {
			break
		}
		from += end
		ends = append(ends, from)
	}
	return ends
}
