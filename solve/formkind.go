package solve

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/textkit"
)

// cellKind is the kind of value a form cell asks when it is not a
// quantity: a person's name, a phone number, an identifier, a date or an
// organisation. A cell of such a kind is filled with a value of that kind
// or left blank, never with a number read from another table.
type cellKind int

const (
	cellAny   cellKind = iota // a quantity or free text: the numeric stages decide
	cellName                  // "한가람", "김 영 옥"
	cellPhone                 // "044-123-4567", "(02) 123-4567"
	cellID                    // "10-2023-0012345", "가나부-1234": kept whole
	cellDate                  // "2023년06월16일", "2023.06.16", "2023-06-16"
	cellOrg                   // "재정국 예산과", "○○청"
	cellParty                 // a party to a filing or a form, a person or a body: "한가람", "주식회사 가나다"
)

// Words whose head noun names a kind. Phone words come before identifier
// words ("전화번호" is a phone, "번호" an identifier). The source is the
// usual headings of Korean government contact tables and bibliographic
// fields (책임자/담당자/연락처, 출원번호/공개일자, 부서/기관).
var kindWords = []struct {
	kind  cellKind
	heads []string
}{
	{cellPhone, []string{"연락처", "전화번호", "전화", "팩스", "휴대폰"}},
	{cellName, []string{"책임자", "담당자", "성명", "이름", "발명자", "대표자", "작성자", "저자", "위원장"}},
	{cellParty, partyWords},
	{cellID, []string{"번호"}},
	{cellDate, []string{"일자", "날짜", "일시", "기일"}},
	{cellOrg, []string{"부서", "기관", "부처", "소관", "문의처", "조회처", "담당처", "주관처", "기관명", "부서명"}},
}

// partyWords name the parties of a filing, a request or a mandate, each
// a person or a body (the bibliographic fields of a patent gazette,
// "(71) 출원인", "(74) 대리인", and the parties of Korean administrative
// forms: 신청인, 위임인, 수임인 …).
var partyWords = []string{"출원인", "특허권자", "권리자", "신청인", "청구인", "대리인", "위임인", "수임인", "추천인", "피추천인", "제출인", "발행인", "의뢰인", "수탁자", "위탁자", "신고인", "등록권자"}

// companyRe finds the name of a company or juridical person with its
// form of incorporation before or after it ("주식회사 가나다", "가나다
// 주식회사", "(주)가나다", "특허법인 가람").
var companyRe = regexp.MustCompile(`(?:주식회사|유한회사|재단법인|사단법인|학교법인|사회복지법인|특허법인|법무법인|㈜|\(주\))\s*[가-힣A-Za-z0-9&]+|[가-힣A-Za-z0-9&]+\s*(?:주식회사|㈜|\(주\))`)

// kindOfWords reads the kind a heading asks from its head noun (its last
// word, parentheses and their units aside): "담당 책임자" asks a name,
// "출원번호" an identifier, "시행일" a date; "기간(일)" asks a count.
func kindOfWords(s string) cellKind {
	ws := strings.Fields(stripParens(s))
	if len(ws) == 0 {
		return cellAny
	}
	head := ws[len(ws)-1]
	for _, kw := range kindWords {
		for _, h := range kw.heads {
			if strings.HasSuffix(head, h) {
				return kw.kind
			}
		}
	}
	// "시행일", "공개일": a date; "일" alone or "매일", "휴일" are not.
	if strings.HasSuffix(head, "일") && utf8.RuneCountInString(head) >= 3 && !strings.HasSuffix(head, "매일") {
		return cellDate
	}
	return cellAny
}

// cellKindOf is the kind a form cell asks: its column's, else, under a
// generic column ("내용", "값"), its row label's head noun. Any other
// column ("인원", "예산(억 원)", "2024년") asks what it names, whatever
// its row says.
func cellKindOf(column, label string) cellKind {
	if k := kindOfWords(column); k != cellAny {
		return k
	}
	switch strings.ReplaceAll(stripParens(column), " ", "") {
	case "", "내용", "값", "답", "정답", "결과", "세부내용", "기재내용", "기재사항", "해당내용":
		return kindOfWords(label)
	}
	return cellAny
}

var (
	// A phone number: an area code (in parentheses or not), the exchange
	// and the line, the separators with spaces around them as a PDF's
	// text layer leaves them ("044 -202- 7537"), and a range of lines
	// after a tilde ("02-3150-1960~61"); or a 4+4 nationwide number.
	phoneRe = regexp.MustCompile(`\(?0\d{1,2}\)?(?:\s?[-.]\s?|\s)?\d{3,4}\s?[-.]\s?\d{4}(?:\s?[~∼～]\s?\d{1,4}\b)?|1[5-9]\d{2}-\d{4}`)
	// An identifier: groups of digits joined by hyphens, optionally after
	// a word ("가나부-1234"), or a run of 6 or more digits. Kept whole.
	idRe   = regexp.MustCompile(`(?:[A-Za-z가-힣]+-)?\d+(?:-\d+)+|\d{6,}`)
	dateRe = regexp.MustCompile(`\d{4}\s?년\s?\d{1,2}\s?월\s?\d{1,2}\s?일|\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?|[’‘']\d{2}\.\s?\d{1,2}\.\s?\d{1,2}\.?`)
	// unitSuffixes end the name of a government body or unit.
	unitSuffixes = []string{"위원회", "연구원", "연구소", "센터", "공단", "공사", "재단", "협회", "본부", "대학교", "과", "국", "실", "청", "부", "처", "원", "팀", "단",
		// Offices headed by a 관 in the ministries' organisation charts
		// ("디지털교육전환담당관", "학생건강정책관", "교원학부모지원관").
		"담당관", "정책관", "기획관", "지원관", "협력관", "조정관", "심의관", "정보관"}
	// notNames are words of a contact table that open with a common
	// family name's syllable but name no one.
	notNames = []string{"부서", "소속", "직위", "직급", "성명", "구분", "분야", "비고", "전화", "연락처", "주소", "기관", "명칭", "정책", "조정", "지원", "기획", "공공", "민간"}
	// notOrgEndings end common nouns that look like the name of a body
	// by their last syllable ("처분여부", "확인 결과", "성과"): a form's own
	// words, never a body.
	notOrgEndings = []string{"여부", "결과", "효과", "성과", "일부", "전부", "내부", "외부", "세부", "부과", "통과", "초과", "경과", "학과", "교과"}
	// titleWords are job titles and roles: they sit next to names in
	// contact tables and are not names.
	titleWords = []string{"과장", "국장", "실장", "팀장", "사무관", "주무관", "서기관", "연구관", "연구사", "담당", "담당자", "책임자", "부장", "차장", "대리", "주임", "원장", "센터장", "단장", "위원", "위원장", "교수", "연구원", "박사"}
	// surnames are the common Korean family names (Statistics Korea's
	// census list, the most frequent ones), the first syllable of a name.
	surnames = "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용예경봉사부황보남궁선우제갈"
)

// isName reports whether w is a Korean personal name: two to four Hangul
// syllables (letter spacing aside) opening with a common family name, and
// not a job title.
func isName(w string) bool {
	w = strings.ReplaceAll(w, " ", "")
	if !koreanName(w) {
		return false
	}
	for _, t := range titleWords {
		if w == t {
			return false
		}
	}
	for _, t := range notNames {
		if w == t {
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(w)
	return strings.ContainsRune(surnames, first)
}

// isOrgWord reports whether a word ends like the name of a body or unit.
func isOrgWord(w string) bool {
	w = strings.Trim(w, "()<>[]「」『』,.:：")
	if utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, t := range titleWords {
		if w == t {
			return false
		}
	}
	for _, e := range notOrgEndings {
		if strings.HasSuffix(w, e) {
			return false
		}
	}
	for _, s := range unitSuffixes {
		if strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// firstOfKind finds the first value of kind k in text: its text (phones
// without their parentheses, identifiers and dates whole, names joined
// when letter-spaced) and where it starts. ok is false when there is none.
func firstOfKind(text string, k cellKind) (string, int, bool) {
	switch k {
	case cellPhone:
		if loc := phoneRe.FindStringIndex(text); loc != nil {
			return normalizePhone(text[loc[0]:loc[1]]), loc[0], true
		}
	case cellID:
		for _, loc := range idRe.FindAllStringIndex(text, -1) {
			v := text[loc[0]:loc[1]]
			if dateRe.MatchString(v) && dateRe.FindString(v) == v {
				continue
			}
			return v, loc[0], true
		}
	case cellDate:
		if loc := dateRe.FindStringIndex(text); loc != nil {
			return strings.TrimSpace(text[loc[0]:loc[1]]), loc[0], true
		}
	case cellName:
		return firstName(text)
	case cellParty:
		// The first of a company, a body or a person; a company's form of
		// incorporation ("주식회사") is never read as a name.
		best, at := "", -1
		if loc := companyRe.FindStringIndex(text); loc != nil {
			best, at = strings.TrimSpace(text[loc[0]:loc[1]]), loc[0]
		}
		for _, k := range []cellKind{cellOrg, cellName} {
			if v, pos, ok := firstOfKind(text, k); ok && (at < 0 || pos < at) && !companyRe.MatchString(v) && !strings.Contains(v, "회사") && !strings.Contains(v, "법인") {
				best, at = v, pos
			}
		}
		return best, at, at >= 0
	case cellOrg:
		// "회계과(☎ …)": a parenthesis glued to a word ends it.
		ws := strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '(' || r == '（' })
		at := 0
		for i := 0; i < len(ws); i++ {
			pos := strings.Index(text[at:], ws[i]) + at
			at = pos + len(ws[i])
			if !isOrgWord(ws[i]) {
				if w := trimParticle(ws[i]); w != ws[i] && isOrgWord(w) {
					return strings.Trim(w, "()<>[]「」『』,.:："), pos, true
				}
				continue
			}
			j := i
			for j+1 < len(ws) && (isOrgWord(ws[j+1]) || divisionOf(ws[j], ws[j+1])) {
				j++
			}
			if i > 0 && localGovernment(ws[i-1]) {
				// "한결시 회계과": the local government the unit belongs to.
				pos = strings.LastIndex(text[:pos], ws[i-1])
				i--
			}
			out := ws[i : j+1 : j+1]
			if j+1 < len(ws) {
				if w := trimParticle(ws[j+1]); w != ws[j+1] && isOrgWord(w) {
					out = append(out, w)
				}
			}
			return strings.Trim(strings.Join(out, " "), "()<>[]「」『』,.:："), pos, true
		}
	}
	return "", -1, false
}

// divisionOf reports whether w names a division of the bureau, office
// or ministry before it even though it ends like a common noun
// ("재정정책국 재정건전성과": a 과 under a 국, not "성과").
func divisionOf(parent, w string) bool {
	w = strings.Trim(w, "()<>[]「」『』,.:：")
	return utf8.RuneCountInString(w) >= 4 && strings.HasSuffix(w, "과") && isOrgWord(parent) &&
		endsWithAny(strings.Trim(parent, "()<>[]「」『』,.:："), []string{"국", "실", "본부", "청", "처", "부", "원"})
}

// localGovernment reports whether w names a city, county, district or
// province ("한결시", "세움군"): two to five syllables ending in 시, 군, 구
// or 도, common words with those endings aside.
func localGovernment(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 5 {
		return false
	}
	for _, r := range w {
		if !isSyllable(r) {
			return false
		}
	}
	switch w {
	case "표시", "즉시", "게시", "개시", "제시", "지시", "연구", "요구", "추구", "제도", "정도", "지도", "시도", "용도", "속도", "확대시":
		return false
	}
	return endsWithAny(w, []string{"시", "군", "구", "도"})
}

// firstName finds the first personal name in text: a whole word (a
// trailing particle or punctuation aside) or a letter-spaced run of
// syllables ("김 영 옥").
func firstName(text string) (string, int, bool) {
	ws := strings.Fields(text)
	at := 0
	for i := 0; i < len(ws); i++ {
		pos := strings.Index(text[at:], ws[i]) + at
		at = pos + len(ws[i])
		// Letter spacing: a run of one-syllable words ("과 장 문 소 리"),
		// a title at its start aside.
		if j := i; utf8.RuneCountInString(ws[i]) == 1 {
			for j < len(ws) && utf8.RuneCountInString(ws[j]) == 1 {
				j++
			}
			if j-i >= 2 {
				run := strings.Join(ws[i:j], "")
				for _, t := range titleWords {
					if strings.HasPrefix(run, t) && run != t {
						run = strings.TrimPrefix(run, t)
						break
					}
				}
				if isName(run) {
					return run, pos, true
				}
				if j-i > 2 {
					i = j - 1
					at = strings.Index(text[pos:], ws[j-1]) + pos + len(ws[j-1])
					continue
				}
			}
		}
		w := ws[i]
		if j := strings.IndexAny(w, "(（"); j > 0 {
			w = w[:j] // "한가람(02-…)": a contact glued to the name
		}
		w = strings.Trim(w, "()<>[],.:：·")
		if isName(w) && !endsWithAny(w, []string{"국", "과", "실", "청", "처", "부"}) {
			return w, pos, true
		}
		for _, p := range []string{"은", "는", "이", "가", "을", "를", "과", "와", "의", "님"} {
			if strings.HasSuffix(w, p) && isName(strings.TrimSuffix(w, p)) && utf8.RuneCountInString(w) == 4 {
				return strings.TrimSuffix(w, p), pos, true
			}
		}
	}
	return "", -1, false
}

// trimParticle drops one case or topic particle from the end of a word
// ("재단이" → "재단").
func trimParticle(w string) string {
	w = strings.TrimRight(w, ",.:：)")
	for _, p := range []string{"에서", "으로", "이", "가", "은", "는", "을", "를", "의", "에", "로", "와", "과"} {
		if strings.HasSuffix(w, p) && utf8.RuneCountInString(w) > utf8.RuneCountInString(p)+1 {
			return strings.TrimSuffix(w, p)
		}
	}
	return w
}

// normalizePhone drops the parentheses and spaces around a phone number's
// parts: "(044-123-4567)", "(044) 123-4567" and "044 -123- 4567" become
// "044-123-4567"; "044 123 4567" becomes "044-123-4567".
func normalizePhone(s string) string {
	s = strings.TrimSpace(s)
	switch i := strings.Index(s, ")"); {
	case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")"):
		s = strings.Trim(s, "()")
	case strings.HasPrefix(s, "(") && i > 0:
		s = s[1:i] + "-" + strings.TrimLeft(s[i+1:], " -")
	default:
		s = strings.Trim(s, "()")
	}
	s = phoneSepRe.ReplaceAllString(s, "$1")
	return strings.Join(strings.Fields(s), "-")
}

// phoneSepRe is a separator of a phone number's parts with the spaces
// around it.
var phoneSepRe = regexp.MustCompile(`\s*([-.~∼～])\s*`)

// kindFromTables reads a cell of kind k for a form row: in the rows of a
// table that the label names (a row group spanned by the label's cell
// counts as one), the first cell of the kind, taking first the row that
// holds one of the role words (the column key and the row's other blank
// keys: "책임자" picks the 책임자 row of a contact table), else the cell
// under the label in the next rows (a header row of labels over a row of
// values). ok is false when no table row names the label or none holds a
// value of the kind.
func kindFromTables(tables []tableRef, label string, roles []string, k cellKind) (string, Evidence, bool) {
	label = strings.TrimSpace(label)
	if label == "" {
		return "", Evidence{}, false
	}
	for _, ref := range tables {
		grid := ref.Table.Grid()
		var group []int
		for r, row := range grid {
			for _, c := range row {
				if cellNames(c, label) {
					group = append(group, r)
					break
				}
			}
		}
		if len(group) == 0 {
			continue
		}
		// Rows with a role word first, in role order, then the rest.
		var order []int
		seen := map[int]bool{}
		for _, role := range roles {
			role = strings.ReplaceAll(stripParens(role), " ", "")
			if role == "" {
				continue
			}
			for _, r := range group {
				for _, c := range grid[r] {
					if !seen[r] && strings.ReplaceAll(c, " ", "") == role {
						order, seen[r] = append(order, r), true
					}
				}
			}
		}
		for _, r := range group {
			if !seen[r] {
				order = append(order, r)
			}
		}
		// The column whose header names the cell's own column key
		// ("담당 부서" of "조회기관 | 담당 부서 | 전화번호"), when the table
		// opens with a row of headers.
		keyCol := -1
		if len(roles) > 0 {
			keyCol = headerColumn(grid, roles[0], k)
		}
		for _, r := range order {
			row := grid[r]
			if keyCol >= 0 && r > 0 && keyCol < len(row) {
				if c := row[keyCol]; !cellNames(c, label) {
					if v, _, ok := firstOfKind(c, k); ok && wholeCell(c, v, k) {
						return v, ref.Ev, true
					}
				}
			}
			// After the role cell first: "책임자 | 과장 | 한가람".
			for j, c := range row {
				if seen[r] && hasRole(c, roles) {
					row = append(append([]string(nil), row[j+1:]...), row[:j]...)
					break
				}
			}
			for _, c := range row {
				if cellNames(c, label) {
					continue
				}
				if v, _, ok := firstOfKind(c, k); ok && wholeCell(c, v, k) {
					return v, ref.Ev, true
				}
			}
		}
		// A header row of labels over a row of values ("출원번호 | 대리인"
		// over "10-… | 한가람"): the cell under the label.
		for _, r := range group {
			if !labelRow(grid[r], k) {
				continue
			}
			for j, c := range grid[r] {
				if !cellNames(c, label) {
					continue
				}
				for below := r + 1; below < len(grid) && below <= r+2; below++ {
					if j >= len(grid[below]) || cellNames(grid[below][j], label) {
						break
					}
					if c := grid[below][j]; strings.TrimSpace(c) != "" {
						if v, _, ok := firstOfKind(c, k); ok && wholeCell(c, v, k) {
							return v, ref.Ev, true
						}
						break
					}
				}
			}
		}
	}
	return "", Evidence{}, false
}

// headerColumn is the column of a table whose header (its first row,
// when that row holds only labels) names a form column key: the same
// words, or one ending with the other ("부서" and "담당 부서"); -1 when
// none does.
func headerColumn(grid [][]string, key string, k cellKind) int {
	if len(grid) < 2 || !labelRow(grid[0], k) {
		return -1
	}
	norm := func(s string) string { return strings.ReplaceAll(stripParens(s), " ", "") }
	want := norm(key)
	if utf8.RuneCountInString(want) < 2 {
		return -1
	}
	for j, h := range grid[0] {
		h = norm(h)
		if h == want || utf8.RuneCountInString(h) >= 2 && (strings.HasSuffix(h, want) || strings.HasSuffix(want, h)) {
			return j
		}
	}
	return -1
}

// labelRow reports whether a table row holds only labels: no empty
// cell, no value cell (isValueCell) and no value of kind k.
func labelRow(row []string, k cellKind) bool {
	for _, c := range row {
		// "(74) 대리인": a field's code is part of its label.
		c = leadingCodeRe.ReplaceAllString(c, "")
		if strings.TrimSpace(c) == "" || isValueCell(c) {
			return false
		}
		if _, _, ok := firstOfKind(c, k); ok {
			return false
		}
	}
	return true
}

// hasRole reports whether a cell is one of the role words.
func hasRole(cell string, roles []string) bool {
	c := strings.ReplaceAll(cell, " ", "")
	for _, r := range roles {
		if r = strings.ReplaceAll(stripParens(r), " ", ""); r != "" && c == r {
			return true
		}
	}
	return false
}

// cellNames reports whether a table cell names a form label: the same
// words once brackets, bullets and spaces are dropped ("<총괄>" names
// "총괄").
func cellNames(cell, label string) bool {
	norm := func(s string) string {
		s = stripBullets(strings.TrimSpace(s))
		s = strings.Map(func(r rune) rune {
			if strings.ContainsRune(" <>[]()〈〉《》「」『』【】:：", r) {
				return -1
			}
			return r
		}, s)
		return textkit.Fold(s).String()
	}
	c, l := norm(cell), norm(label)
	return l != "" && (c == l || strings.HasSuffix(c, l) && utf8.RuneCountInString(c) <= utf8.RuneCountInString(l)+4)
}

// wholeCell reports whether a value of kind k is most of its cell: a name
// cell holds the name (a title around it at most), not a sentence that
// happens to hold a name-like word.
func wholeCell(cell, v string, k cellKind) bool {
	switch k {
	case cellName:
		return utf8.RuneCountInString(strings.ReplaceAll(trailingParen(cell), " ", "")) <= utf8.RuneCountInString(v)+4
	case cellOrg, cellParty:
		// "회계과(☎ 031-…)": a contact in parentheses after the body.
		return utf8.RuneCountInString(trailingParen(cell)) <= utf8.RuneCountInString(v)+6
	}
	return true
}

// kindFromText reads a value of kind k after a form label in the
// passages (in order): an organisation or a phone from the note of the
// item that names the label first (itemNoteValue), else within kindWindow
// runes of the label, after the role word when the passage writes one
// there ("… 국세 담당자 사무관 한가람"). ok is false when no passage names
// the label with such a value after it.
func kindFromText(ps []document.Passage, label string, roles []string, k cellKind) (string, document.Passage, bool) {
	if strings.TrimSpace(label) == "" {
		return "", document.Passage{}, false
	}
	if k == cellOrg || k == cellPhone {
		if v, p, ok := itemNoteValue(ps, label, k); ok {
			return v, p, true
		}
	}
	type key struct {
		doc string
		ord int
	}
	var byOrd map[key]document.Passage
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		for from := 0; from < len(p.Text); {
			st, end := textkit.FindFolded(p.Text[from:], label)
			if st < 0 {
				break
			}
			end += from
			from = end
			rest := p.Text[end:]
			if strings.Trim(rest, " :：\n") == "" {
				// The label closes its passage; its value opens the next
				// ("(74) 대리인" / "한가람").
				if byOrd == nil {
					byOrd = map[key]document.Passage{}
					for _, q := range ps {
						byOrd[key{q.DocID, q.Ordinal}] = q
					}
				}
				if next, ok := byOrd[key{p.DocID, p.Ordinal + 1}]; ok && next.Kind != document.KindTable {
					rest = next.Text
				}
			}
			if utf8.RuneCountInString(rest) > kindWindow {
				rest = string([]rune(rest)[:kindWindow])
			}
			if loc := fieldCodeRe.FindStringIndex(rest); loc != nil {
				// The next field's code ends this one's value.
				rest = rest[:loc[0]]
			}
			for _, role := range roles {
				if role = stripParens(role); strings.TrimSpace(role) == "" {
					continue
				}
				if i := strings.Index(rest, strings.TrimSpace(role)); i >= 0 {
					if v, _, ok := firstOfKind(rest[i+len(strings.TrimSpace(role)):], k); ok {
						return v, p, true
					}
				}
			}
			if v, _, ok := firstOfKind(rest, k); ok {
				return v, p, true
			}
		}
	}
	return "", document.Passage{}, false
}

// fieldCodeRe is the numeric code that opens a field of a front page or
// a numbered label: "(54) 발명의 명칭", "(3) 신청 방법" (WIPO ST.9 INID
// codes on a patent gazette).
var fieldCodeRe = regexp.MustCompile(`[(（]\d{1,3}[)）]\s*[가-힣]`)

// leadingCodeRe is a field code that opens a label cell: "(74) 대리인".
var leadingCodeRe = regexp.MustCompile(`^\s*[(（]\d{1,3}[)）]\s*`)

// kindWindow is how far (in runes) after a label a value of a kind may
// be: a contact line runs label, unit, title, name and phone.
const kindWindow = 60

// listItemsOf returns the n items a sentence lists: those in a
// parenthesis that lists exactly n ("4곳(가, 나, 다, 라)에서"), else the
// sentence's own list (pickItems). nil when neither lists n.
func listItemsOf(sent string, n int) []string {
	for rest := sent; ; {
		i := strings.IndexAny(rest, "(（")
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		j := strings.IndexAny(rest, ")）")
		if j < 0 {
			break
		}
		inner := rest[:j]
		rest = rest[j:]
		parts := strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == '，' || r == '、' })
		if len(parts) != n || n < 2 {
			continue
		}
		var items []string
		for _, p := range parts {
			if it := cleanItem(p); it != "" {
				items = append(items, it)
			}
		}
		if len(items) == n {
			return items
		}
	}
	return pickItems(sent, n)
}

// circledMarks open the items of a numbered instruction list ("③ …").
const circledMarks = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

// noteBody reads the body a note line names for the item that names a
// form label (itemNoteValue of an organisation).
func noteBody(ps []document.Passage, label string) (string, document.Passage, bool) {
	return itemNoteValue(ps, label, cellOrg)
}

// itemNoteValue reads a value of kind k from the note line of the item that
// names a form label: an instruction ("③ 체납 이력을 확인하여 적는다")
// followed by its note ("※ 누리청 징수관리과 ☎ …", "※ 조회기관: 바른처 …",
// "* A과(☎ …), B과"), which document.Passages joins to the item. The item
// runs from the label to the next item mark. The item that names the
// label best wins: all its words, in any order, else at least
// minLabelShare of its bigrams; else the item whose mark a form's header
// gives the label ("④ 보조금 환수" over the column, "④ …" in the
// instructions after it). In the note, the line labelled with the form
// label ("나세：나세청 심사과 …") holds the value; otherwise the value is
// the first of its kind after the note mark (a "heading:" opening the
// note skipped). ok is false when no item naming the label has a note
// with a value of the kind.
func itemNoteValue(ps []document.Passage, label string, k cellKind) (string, document.Passage, bool) {
	words := strings.Fields(stripParens(label))
	if len(words) == 0 {
		return "", document.Passage{}, false
	}
	lb := textkit.WordBigrams(stripParens(label))
	best, bestScore := "", 0.0
	var bestP document.Passage
	for _, p := range ps {
		if p.Kind == document.KindTable {
			continue
		}
		for _, item := range splitItems(p.Text) {
			note := noteStart(item)
			if note < 0 {
				continue
			}
			// The item names the label: all its words, else most of its
			// bigrams ("면허정지" for "면허 정지").
			head := textkit.Fold(item[:note]).String()
			score := 2.0
			for _, w := range words {
				if !strings.Contains(head, textkit.Fold(w).String()) {
					score = textkit.Share(lb, textkit.WordBigrams(item[:note]))
					break
				}
			}
			if score < minLabelShare || score <= bestScore {
				continue
			}
			if v, ok := noteOf(item[note:], label, k); ok {
				best, bestScore, bestP = v, score, p
			}
		}
	}
	if best != "" {
		return best, bestP, true
	}
	mark, after, ok := labelMark(ps, label)
	if !ok {
		return "", document.Passage{}, false
	}
	for _, p := range ps {
		if p.Kind == document.KindTable || p.DocID != after.DocID || p.Ordinal <= after.Ordinal {
			continue
		}
		for _, item := range splitItems(p.Text) {
			if r, _ := utf8.DecodeRuneInString(item); r != mark {
				continue
			}
			if note := noteStart(item); note >= 0 {
				if v, ok := noteOf(item[note:], label, k); ok {
					return v, p, true
				}
			}
		}
	}
	return "", document.Passage{}, false
}

// noteOf reads a value of kind k from a note's text (after its mark): on
// the line labelled with the form label when the note lists "label：
// value" lines, else the first after a short "heading:" opening it.
func noteOf(note, label string, k cellKind) (string, bool) {
	locs := labelRe.FindAllStringSubmatchIndex(note, -1)
	for i, m := range locs {
		if !cellNames(note[m[2]:m[3]], label) {
			continue
		}
		end := len(note)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		if v, _, ok := firstOfKind(note[m[1]:end], k); ok {
			return v, true
		}
	}
	rest := note
	if i := strings.IndexAny(rest, ":："); i >= 0 && utf8.RuneCountInString(rest[:i]) <= 12 {
		_, size := utf8.DecodeRuneInString(rest[i:])
		rest = rest[i+size:]
	}
	v, _, ok := firstOfKind(rest, k)
	return v, ok
}

// labelMark finds the item mark (①…⑳) that a passage gives a form label
// ("④ 보조금 환수" in a form's header row): the mark and the passage that
// gives it. ok is false when no passage writes the label right after a
// mark.
func labelMark(ps []document.Passage, label string) (rune, document.Passage, bool) {
	want := textkit.Fold(strings.ReplaceAll(stripParens(label), " ", "")).String()
	if want == "" {
		return 0, document.Passage{}, false
	}
	for _, p := range ps {
		text := textkit.Fold(strings.ReplaceAll(p.Text, " ", "")).String()
		for at := 0; ; {
			i := strings.Index(text[at:], want)
			if i < 0 {
				break
			}
			i += at
			at = i + len(want)
			if r, _ := utf8.DecodeLastRuneInString(text[:i]); strings.ContainsRune(circledMarks, r) {
				return r, p, true
			}
		}
	}
	return 0, document.Passage{}, false
}

// splitItems cuts a passage at its item marks (①…⑳): each part opens with
// its mark.
func splitItems(text string) []string {
	var out []string
	from := 0
	for i, r := range text {
		if i > from && strings.ContainsRune(circledMarks, r) {
			out = append(out, text[from:i])
			from = i
		}
	}
	return append(out, text[from:])
}

// noteStart is the byte offset just after the first note mark of an
// item: "※", or "*" opening a line or following a space; -1 when none.
func noteStart(item string) int {
	if i := strings.Index(item, "※"); i >= 0 {
		return i + len("※")
	}
	for i := 0; i < len(item); i++ {
		if item[i] == '*' && (i == 0 || item[i-1] == '\n' || item[i-1] == ' ') {
			return i + 1
		}
	}
	return -1
}
