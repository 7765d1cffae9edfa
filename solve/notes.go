package solve

import (
	"regexp"
	"strings"
	"unicode"
)

// A table's notes (document.Table.Notes) are lines printed outside its
// grid; for a chart, its reference lines ("빨간색 점선(가로) 기준선:
// 초저출산 기준 (1.3명)", charts.Annotation.Line), callouts ("주석: 역대
// 최저 0.72") and notes under the plot. A question that names a note's
// own words or a reference line by its look (점선, 기준선, 빨간 선) asks
// the note's number, not a series value.

// genericNoteTerms are question words that name no note: the figure
// itself and the asking words.
var genericNoteTerms = map[string]bool{
	"그래프": true, "차트": true, "도표": true, "그림": true, "표시": true, "표시된": true, "표시되어": true,
	"나타내는": true, "나타낸": true, "나타난": true, "나타내": true, "있나": true, "있는가": true,
	"얼마": true, "얼마인가": true, "인가": true, "무엇": true, "수치": true, "수치는": true, "값": true,
	"몇": true, "어떤": true, "되어": true, "표기": true, "적힌": true, "쓰인": true,
}

// lineStyleTerms name a reference line by its look; they match the head
// of a line note ("빨간색 점선(가로) 기준선").
var lineStyleTerms = []string{"점선", "파선", "기준선", "보조선", "수평선", "가로선", "세로선", "선"}

// compareNoteRe marks a question that compares the series with a line
// ("기준보다 낮아진 해", "목표를 넘은 지역"): the series answers it.
var compareNoteRe = regexp.MustCompile(`보다|넘|초과|미만|이하|이상|밑돌|웃돌|아래로|위로|처음|못 미|못미|도달|달성한|달성하`)

// noteNumberRe is a number in a note, with what follows it (a date's
// "년" is no value).
var noteNumberRe = regexp.MustCompile(`[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?`)

// noteValue answers a question from the notes of the tables: the note
// whose words the question names best (at least one term, not a generic
// one; a reference line also by 점선, 기준선, its colour), its first
// number that is not a date, as printed. A question that asks a date, a
// place or a person, compares the series with a line, or names a row of
// the table is left to the cells. With named set (tables found by
// search in a document, not the ref_file asked of) a table's notes count
// only when the question also names its caption's words: a document's
// chart does not answer a question about another of its tables. score is
// the share of the question's terms the note matched.
func noteValue(tables []tableRef, q string, named bool) (value string, ref tableRef, note string, score float64, ok bool) {
	switch expect(q).Kind {
	case kindDate, kindPlace, kindPerson, kindAddress:
		return "", ref, "", 0, false
	}
	if compareNoteRe.MatchString(q) {
		return "", ref, "", 0, false
	}
	var terms []string
	for _, t := range keywords(q) {
		t = strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len([]rune(t)) >= 2 && !genericNoteTerms[t] {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return "", ref, "", 0, false
	}
	best := 0
	for _, tr := range tables {
		if tr.Table == nil || len(tr.Table.Notes) == 0 || namesRow(tr, q) {
			continue
		}
		if named && !namesCaption(tr, terms) {
			continue
		}
		for _, n := range tr.Table.Notes {
			head, body, found := strings.Cut(n, ": ")
			if !found {
				head, body = "", n
			}
			num, ok := noteNumber(body)
			if !ok {
				continue
			}
			isLine := strings.Contains(head, "기준선")
			hay := strings.ReplaceAll(body, " ", "")
			matched := 0
			for _, t := range terms {
				if sharesStem(t, hay) || isLine && namesLineStyle(t, head) {
					matched++
				}
			}
			// A term the line's look alone matched (점선) is enough for
			// a line; a callout or a note needs its own words.
			if matched > best {
				best, value, ref, note = matched, num, tr, n
			}
		}
	}
	if best == 0 {
		return "", ref, "", 0, false
	}
	return value, ref, note, float64(best) / float64(len(terms)), true
}

// sharesStem says whether a question term shares with the text a run of
// at least two letters covering two thirds of the term ("기준값" and
// "초저출산기준" share "기준"; "목표치" and "목표80%" share "목표").
func sharesStem(term, text string) bool {
	r := []rune(term)
	need := max(2, (2*len(r)+2)/3)
	for n := len(r); n >= need; n-- {
		for i := 0; i+n <= len(r); i++ {
			if strings.Contains(text, string(r[i:i+n])) {
				return true
			}
		}
	}
	return false
}

// namesLineStyle says whether a question term names a reference line by
// its look as the note's head gives it: a line word (점선, 기준선, 선) or
// its colour ("빨간" of 빨간색).
func namesLineStyle(term, head string) bool {
	for _, s := range lineStyleTerms {
		if strings.HasPrefix(term, s) || strings.HasSuffix(term, s) && len([]rune(term)) <= len([]rune(s))+2 {
			return true
		}
	}
	colour, _, _ := strings.Cut(head, " ")
	stem := strings.TrimSuffix(colour, "색") // 빨간색 → 빨간
	return len([]rune(stem)) >= 2 && strings.HasPrefix(term, stem)
}

// noteNumber is the first number of a note's text that is not a date
// ("2024년", "3월"), as printed, thousands separators dropped.
func noteNumber(s string) (string, bool) {
	for _, loc := range noteNumberRe.FindAllStringIndex(s, -1) {
		rest := strings.TrimLeft(s[loc[1]:], " ")
		if strings.HasPrefix(rest, "년") || strings.HasPrefix(rest, "월") || strings.HasPrefix(rest, "일") {
			continue
		}
		return strings.ReplaceAll(s[loc[0]:loc[1]], ",", ""), true
	}
	return "", false
}

// namesRow says whether the question names a row label of the table (a
// category of a chart: "2020", "서울"): it asks a cell.
func namesRow(tr tableRef, q string) bool {
	qs := strings.ReplaceAll(q, " ", "")
	for r, row := range tr.Table.Grid() {
		if r == 0 || len(row) == 0 {
			continue
		}
		l := strings.ReplaceAll(strings.TrimSpace(row[0]), " ", "")
		if len([]rune(l)) >= 2 && strings.Contains(qs, l) {
			return true
		}
	}
	return false
}

// namesCaption says whether one of the question's terms shares a stem
// with the table's caption (a chart's title).
func namesCaption(tr tableRef, terms []string) bool {
	c := tr.Caption
	if c == "" {
		c = tr.Table.Caption
	}
	c = strings.ReplaceAll(c, " ", "")
	for _, t := range terms {
		if c != "" && sharesStem(t, c) {
			return true
		}
	}
	return false
}
