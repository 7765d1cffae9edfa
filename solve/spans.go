package solve

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// Values that are not numbers are checked against the kind a question
// asks for too: "누구" wants the name of a person or a body, "어디" a
// place or an address, "언제" a date.

// signRe matches the notes forms put beside a signature: "(서명)", "(인)",
// "(직인)", "(날인)", "(sign)".
var signRe = regexp.MustCompile(`[(（]\s*(?:서\s*명|인|직\s*인|날\s*인|서명\s*또는\s*인|sign|signature)\s*[)）]`)

// titles are job titles written before or after a Korean name.
var titles = []string{"본부장", "대표이사", "위원장", "사무관", "주무관", "연구관", "연구사", "국장", "과장", "팀장", "부장", "실장", "차장", "처장", "청장", "원장", "소장", "센터장", "장관", "차관", "대표", "이사", "담당", "주임", "계장", "서기관"}

// orgSuffixes end the names of public and private bodies.
var orgSuffixes = []string{"주식회사", "㈜", "위원회", "센터", "공단", "공사", "협회", "재단", "연구원", "진흥원", "기관", "본부", "학교", "대학교", "병원", "은행", "부", "처", "청", "원", "국", "과", "팀", "실", "단", "회", "소"}

// bodySuffixes end the names of public bodies and companies, at least
// two letters long so that a common noun ("지원", "사업단") is not read as
// one; bodyWord adds ministries and agencies (…부, …처, …청).
var bodySuffixes = []string{"위원회", "센터", "공단", "공사", "협회", "재단", "연구원", "진흥원", "본부", "대학교", "병원", "은행", "조합", "협의회", "사무소", "주식회사"}

// bodyWord reports whether a word (particles stripped) names a body:
// "한빛문화재단", "산림청", "기획재정부", "㈜한빛".
func bodyWord(w string) bool {
	if hasAnySuffix(w, bodySuffixes...) || strings.HasPrefix(w, "㈜") || strings.HasPrefix(w, "(주)") {
		return true
	}
	return utf8.RuneCountInString(w) >= 3 && hasAnySuffix(w, "부", "처", "청") && !strings.ContainsAny(w, "0123456789")
}

// bodyIn reads from a sentence the body that a 누구/어디 question asks
// for ("위탁 운영을 맡는 기관은 어디인가" over "… 위탁 운영은
// 한빛문화재단이 맡는다"): a word naming a body that the question does not
// name itself, the subject (이/가, 에서) first. "" when there is none.
func bodyIn(sent, focus string) string {
	asked := keywords(focus)
	named := func(w string) bool {
		for _, k := range asked {
			if strings.Contains(k, w) || strings.Contains(w, k) {
				return true
			}
		}
		return false
	}
	first := ""
	for _, raw := range strings.Fields(sent) {
		raw = strings.Trim(raw, "\"'“”‘’()[],.·")
		w := textkit.StripParticle(raw)
		for _, p := range []string{"에서", "이", "가"} {
			if w == raw && strings.HasSuffix(raw, p) && bodyWord(strings.TrimSuffix(raw, p)) {
				w = strings.TrimSuffix(raw, p)
			}
		}
		if !bodyWord(w) || named(w) {
			continue
		}
		if w != raw && (strings.HasSuffix(raw, "이") || strings.HasSuffix(raw, "가") || strings.HasSuffix(raw, "에서")) {
			return w
		}
		if first == "" {
			first = w
		}
	}
	return first
}

// personValue reads a short text (a table cell, a span after a label) as
// the name of a person or a body: letter spacing joined, signature notes
// and job titles dropped. ok is false when what is left is not a name.
func personValue(s string) (string, bool) {
	s = signRe.ReplaceAllString(joinSpaced(strings.TrimSpace(s)), " ")
	s = strings.Trim(strings.TrimSpace(s), ":：,.·")
	if s == "" || utf8.RuneCountInString(s) > 30 {
		return "", false
	}
	words := strings.Fields(s)
	// A letter's address ends "귀하", "귀중": the addressee is before it.
	for len(words) > 1 && addressMarks[words[len(words)-1]] {
		words = words[:len(words)-1]
	}
	if n := len(words); n >= 1 && n <= 3 && titledOffice(words[n-1]) {
		// An office named by its body and title ("○○공사 △△지역본부장",
		// "○○부장관"): the office is the answer, title and all.
		return strings.Join(words, " "), true
	}
	var keep []string
	for _, w := range words {
		if isTitle(w) {
			continue
		}
		keep = append(keep, w)
	}
	if len(keep) == 0 {
		return "", false
	}
	name := strings.Join(keep, " ")
	switch {
	case len(keep) == 1 && koreanName(name):
		return name, true
	case (hasOrgSuffix(keep[len(keep)-1]) || len(keep) > 1 && (isCompanyWord(keep[0]) || isCompanyWord(keep[len(keep)-1]))) && !strings.ContainsAny(name, "0123456789"):
		return name, true
	case len(keep) <= 3 && allLetters(name) && !strings.ContainsAny(name, "."):
		// A foreign or company name written in Latin letters.
		if latinName(name) {
			return name, true
		}
	}
	return "", false
}

// addressMarks follow the addressee of a letter or form.
var addressMarks = map[string]bool{"귀하": true, "귀중": true, "앞": true, "님": true}

// officeTitles end the name of an office held in a body: "…본부장",
// "…장관", "…청장", "…위원장", "…이사장", "…사장", "…지사장", "…원장",
// "…과장" ("복지정책과장": a division head, named by the division).
var officeTitles = []string{"본부장", "장관", "차관", "청장", "위원장", "이사장", "사장", "지사장", "원장", "센터장", "소장", "시장", "군수", "구청장", "도지사", "총장", "관장", "처장", "회장", "과장", "국장", "실장", "단장", "교육장", "학교장", "학장"}

// titledOffice reports whether w names an office: a body's name run into
// a title ("국토교통부장관", "경남지역본부장"), not a bare title.
func titledOffice(w string) bool {
	for _, t := range officeTitles {
		if strings.HasSuffix(w, t) && utf8.RuneCountInString(w) >= utf8.RuneCountInString(t)+2 {
			return true
		}
	}
	return false
}

func isTitle(w string) bool {
	for _, t := range titles {
		if w == t {
			return true
		}
	}
	return false
}

// koreanName reports whether w is a Korean personal name: two to four
// Hangul syllables.
func koreanName(w string) bool {
	n := utf8.RuneCountInString(w)
	if n < 2 || n > 4 {
		return false
	}
	for _, r := range w {
		if !isSyllable(r) {
			return false
		}
	}
	return true
}

func hasOrgSuffix(w string) bool {
	for _, s := range orgSuffixes {
		if strings.HasSuffix(w, s) && utf8.RuneCountInString(w) > utf8.RuneCountInString(s) {
			return true
		}
	}
	return strings.HasPrefix(w, "㈜") || strings.HasPrefix(w, "(주)")
}

// isCompanyWord reports whether w marks a company: "주식회사", "(주)", "㈜",
// "유한회사".
func isCompanyWord(w string) bool {
	return w == "주식회사" || w == "(주)" || w == "㈜" || w == "유한회사" || w == "재단법인" || w == "사단법인"
}

func allLetters(s string) bool {
	for _, r := range s {
		if !(r == ' ' || r == '&' || r == '-' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || isSyllable(r)) {
			return false
		}
	}
	return true
}

func latinName(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return true
		}
	}
	return false
}

// addressRe finds a Korean address: a province or city, then districts,
// a road (…로, …길, …번길) and a building number.
var addressRe = regexp.MustCompile(`(?:[가-힣]+(?:특별시|광역시|특별자치시|특별자치도|도|시)\s+)?(?:[가-힣]+(?:시|군|구)\s+){0,3}(?:[가-힣]+(?:읍|면|동)\s+)?[가-힣0-9]+(?:로|길)(?:\s*\d+(?:번길|길))?\s*\d+(?:-\d+)?(?:\s*\([^()]{1,20}\))?`)

// placeValue finds an address in a text, else returns the text itself when
// it is a short place name ("세종", "서울 강서구"). ok is false for text
// that holds no place.
func placeValue(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if m := addressRe.FindString(s); m != "" {
		return strings.TrimSpace(m), true
	}
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 4 || strings.ContainsAny(s, "0123456789") {
		return "", false
	}
	for _, w := range words {
		if hasAnySuffix(w, "시", "도", "군", "구", "읍", "면", "동", "리", "국", "주") || knownRegion(w) {
			return s, true
		}
	}
	return "", false
}

func hasAnySuffix(w string, sufs ...string) bool {
	for _, s := range sufs {
		if strings.HasSuffix(w, s) && utf8.RuneCountInString(w) > utf8.RuneCountInString(s) {
			return true
		}
	}
	return false
}

// regions are the short names of Korea's provinces and metropolitan
// cities (the administrative divisions of the Local Autonomy Act).
var regions = []string{"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종", "경기", "강원", "충북", "충남", "전북", "전남", "경북", "경남", "제주"}

func knownRegion(w string) bool {
	for _, r := range regions {
		if w == r {
			return true
		}
	}
	return false
}

// Forms mark choices with boxes: "□ 예 ▣ 아니오", a column of "▣ 지침",
// "□ 가이드라인". The answer is the checked option.

// checkedMarks and uncheckedMarks are the box glyphs forms use.
const (
	checkedMarks   = "▣■☑☒✔✓◉●"
	uncheckedMarks = "□☐○◯"
)

// checkedOptions reads a cell of box-marked options and returns the
// checked ones, joined by ", ". ok is false when the cell has no box
// marks; a cell with boxes and none checked gives "" and true.
func checkedOptions(cell string) (string, bool) {
	cell = normalizeBoxes(cell)
	if !strings.ContainsAny(cell, checkedMarks+uncheckedMarks) {
		return "", false
	}
	var out []string
	checked := false
	var cur []rune
	flush := func() {
		if t := strings.TrimSpace(string(cur)); checked && t != "" {
			out = append(out, joinSpaced(t))
		}
		cur = cur[:0]
	}
	for _, r := range cell {
		switch {
		case strings.ContainsRune(checkedMarks, r):
			flush()
			checked = true
		case strings.ContainsRune(uncheckedMarks, r):
			flush()
			checked = false
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return strings.Join(out, ", "), true
}

// fitsKind checks a value that is not a number against the kind asked and
// returns it normalised (a name without its signature note, an address
// without the words around it). Quantities and unknown kinds pass as they
// are; ok is false when the value is of another kind.
func fitsKind(v string, k valueKind) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", false
	}
	switch k {
	case kindPerson:
		return personValue(v)
	case kindAddress:
		return placeValue(v)
	case kindPlace:
		// "어디" asks for a place or for the body that does something
		// ("운영하는 곳은 어디인가" → "한결재단").
		if pv, ok := placeValue(v); ok {
			return pv, true
		}
		if name, ok := personValue(v); ok && (!koreanName(name) || hasOrgSuffix(name)) {
			return name, true
		}
		return "", false
	case kindDate:
		if ps := dateSpans(v); len(ps) > 0 {
			return ps[0].Text, true
		}
		return "", false
	case kindQuantity:
		q, ok := numbers.Parse(joinSpaced(v))
		if !ok || numbers.Overlaps(q, numbers.FindPeriods(v)) {
			return "", false
		}
		return v, true
	}
	return joinSpaced(v), true
}

// labelValue reads a form-like table, where a label cell ("확인(부서장)",
// "주소", "등록번호") is followed by its value in the next cell to the
// right (or, failing that, below): the value of the label the question
// names best, of the kind asked. Letter-spaced labels and values are
// joined first. score is the label's match (0-1); ok is false when no
// label is named well enough.
func labelValue(tables []tableRef, question string, k valueKind) (string, tableRef, float64, bool) {
	// The question's words as a form labels them ("현재" → "현행") before
	// the focus drops them as filler.
	core := coreFocus(labelSynonyms.Replace(stripTail(question)), nil)
	head, _ := headNouns(question)
	best, bestScore := "", 0.0
	var bestRef tableRef
	for _, ref := range tables {
		grid := ref.Table.Grid()
		for r, row := range grid {
			if spansRow(row) {
				continue // a title over the whole table labels nothing
			}
			for c, cell := range row {
				label := joinSpaced(strings.TrimSpace(cell))
				if label == "" || utf8.RuneCountInString(label) > 20 || strings.ContainsAny(label, "▣☑☒✔✓") {
					continue // a checked option ("▣ 지침") labels nothing
				}
				score := labelMatch(core, label)
				if score < 0.5 {
					continue
				}
				// A label holding more of the question's phrase ("지침 등
				// 명칭") names it better than one word of it does.
				score += 0.1 * labelMatch(label, core)
				// The noun the question asks about ("…의 유형은") names the
				// label better than the words around it ("이 점검표의").
				if head != "" && strings.Contains(strings.ReplaceAll(label, " ", ""), head) {
					score += 0.2
				}
				// Rows that repeat a label ("책임자" in each band of a contact
				// table): the row whose band or department the question names.
				score += 0.3 * rowContext(core, row[:c], cell)
				if score <= bestScore {
					continue
				}
				if opts, ok := checkedBeside(grid, r, c); ok {
					// Box-marked options beside the label: the checked one.
					if opts != "" {
						best, bestScore, bestRef = opts, score, ref
					}
					continue
				}
				for _, v := range valuesBeside(grid, r, c, cell) {
					if v, ok := fitsKind(v, k); ok {
						best, bestScore, bestRef = v, score, ref
						break
					}
				}
			}
		}
	}
	return best, bestRef, min(bestScore, 1), best != ""
}

// rowContext scores how well the cells before a label in its row (a band
// "<가나수입>", a department spanning the band's rows) are named by the
// question's core: the sum of their labelMatch, each distinct cell once,
// at most 1.5. A sum, not the best one: a role cell ("책임자") that every
// band repeats matches in every row alike, the band only in its own.
// Cells that repeat the label are not its context.
func rowContext(core string, before []string, label string) float64 {
	sum := 0.0
	seen := map[string]bool{strings.TrimSpace(label): true}
	for _, c := range before {
		c = strings.Trim(strings.TrimSpace(c), "<>〈〉《》[]「」")
		if c == "" || seen[c] || utf8.RuneCountInString(c) > 30 {
			continue
		}
		seen[c] = true
		sum += labelMatch(core, c)
	}
	return min(sum, 1.5)
}

// spansRow reports whether every cell of a row holds the same text (one
// cell merged across the table).
func spansRow(row []string) bool {
	if len(row) < 2 {
		return false
	}
	for _, c := range row[1:] {
		if c != row[0] {
			return false
		}
	}
	return true
}

// labelMatch scores how well a label cell is named by the question's core
// (0-1): the share of the label's in-word bigrams found in it,
// parenthesised notes counting too ("확인(부서장)" is named by "확인한
// 부서장"), or, when higher, the share of a compound label's letters that
// the question's words spell out (compoundCover: "현행분류" is named by
// "현행 … 분류되어"). The question's everyday words are read as the
// form's administrative ones first (labelSynonyms: "현재 분류" names
// "현행분류").
func labelMatch(core, label string) float64 {
	l := strings.NewReplacer("(", " ", ")", " ", "（", " ", "）", " ").Replace(label)
	l = stripBullets(numbers.TrimFootnote(strings.TrimSpace(l)))
	core = labelSynonyms.Replace(core)
	return max(textkit.Share(textkit.WordBigrams(l), textkit.WordBigrams(core)), compoundCover(l, core))
}

// labelSynonyms maps a question's everyday word to the word forms use as a
// label for the same thing: 현재 → 현행 ("현재 분류" for "현행분류"),
// 이름 → 성명.
var labelSynonyms = strings.NewReplacer("현재", "현행", "지금", "현행", "이름", "성명")

// compoundCover is the share (0-1) of a compound label's letters, spaces
// removed, spelled out by the core's words, each word (two letters or
// more) covering a run of the label with its whole self or its start
// before a particle or ending ("분류되어" covers "분류"). Labels of fewer
// than three letters score 0 here: their bigram share decides.
func compoundCover(label, core string) float64 {
	l := []rune(strings.Join(strings.Fields(label), ""))
	if len(l) < 3 {
		return 0
	}
	var words [][]rune
	for _, w := range strings.Fields(core) {
		if r := []rune(textkit.StripParticle(w)); len(r) >= 2 {
			words = append(words, r)
		}
	}
	// best[i]: the most letters of l[:i] covered.
	best := make([]int, len(l)+1)
	for i := 0; i < len(l); i++ {
		best[i+1] = max(best[i+1], best[i])
		for _, w := range words {
			n := 0
			for n < len(w) && i+n < len(l) && w[n] == l[i+n] {
				n++
			}
			if n >= 2 {
				best[i+n] = max(best[i+n], best[i]+n)
			}
		}
	}
	return float64(best[len(l)]) / float64(len(l))
}

// checkedBeside reads the box-marked options beside the label at (r, c):
// the first cell right of it that differs from the label, and the cells
// under that one for as long as the label cell spans those rows too (a
// merged label over "▣ 지침" / "□ 가이드라인" / "□ 해설서"). It returns the
// checked options; ok is false when the cell beside is not box-marked.
func checkedBeside(grid [][]string, r, c int) (string, bool) {
	label := strings.TrimSpace(grid[r][c])
	cv, skipped := -1, 0
	prev := label
	for k := c + 1; k < len(grid[r]); k++ {
		v := strings.TrimSpace(grid[r][k])
		if v == "" || v == prev {
			continue
		}
		if _, ok := checkedOptions(v); ok {
			cv = k
			break
		}
		// A sub-label between the label and its boxes ("관리 방식 | 운영
		// 형태 | ▣ 직영"): looked past, once.
		if skipped > 0 || utf8.RuneCountInString(v) > 20 {
			break
		}
		skipped++
		prev = v
	}
	if cv < 0 {
		return "", false
	}
	var out []string
	for k := r; k < len(grid) && cv < len(grid[k]) && c < len(grid[k]); k++ {
		if k > r && strings.TrimSpace(grid[k][c]) != label {
			break
		}
		if opt, ok := checkedOptions(grid[k][cv]); ok && opt != "" {
			out = append(out, opt)
		}
	}
	return strings.Join(out, ", "), true
}

// valuesBeside lists the cells that may hold a label's value, likeliest
// first: the first cell right of (r, c) whose text differs from the
// label's (merged cells repeat it), then the cells below it (a label over
// its values, "(71) 출원인" over a name and an address), up to three.
func valuesBeside(grid [][]string, r, c int, label string) []string {
	var out []string
	label = strings.TrimSpace(label)
	for k := c + 1; k < len(grid[r]); k++ {
		if v := strings.TrimSpace(grid[r][k]); v != "" && v != label {
			out = append(out, v)
			break
		}
	}
	for k := r + 1; k < len(grid) && k <= r+3; k++ {
		if c < len(grid[k]) {
			if v := strings.TrimSpace(grid[k][c]); v != "" && v != label {
				out = append(out, v)
			}
		}
	}
	return out
}

// labelRe finds "label : value" in a sentence: a label of at most a few
// words before a colon.
var labelRe = regexp.MustCompile(`([^:：,;]{1,24}?)\s*[:：]\s*`)

// labeledSpan reads the value of a "label : value" the question names in
// a sentence ("* 첨부 : 인감증명서 1통." for "첨부해야 하는 서류"), of the
// kind asked; for a place, an address after the focus words (which end at
// byte pos) also answers. "" when there is none.
func labeledSpan(sent, core string, k valueKind, pos int) (string, float64) {
	best, bestScore := "", 0.0
	locs := labelRe.FindAllStringSubmatchIndex(sent, -1)
	for i, m := range locs {
		label := joinSpaced(strings.Trim(strings.TrimSpace(sent[m[2]:m[3]]), bullets+" "))
		score := labelMatch(core, label)
		if score < 0.5 || score <= bestScore {
			continue
		}
		end := len(sent)
		if i+1 < len(locs) {
			end = locs[i+1][2]
		}
		v := strings.TrimRight(strings.TrimSpace(sent[m[1]:end]), ".,;")
		if k == kindUnknown {
			k = kindThing
		}
		fv, ok := fitsKind(v, k)
		if !ok {
			// "다무부 다세특례과(☎ 02-555-6666)": the name without its
			// trailing parenthetical (a contact, an abbreviation).
			if cut := trailingParen(v); cut != v {
				fv, ok = fitsKind(cut, k)
			}
		}
		if ok && utf8.RuneCountInString(fv) <= 60 {
			best, bestScore = fv, score
		}
	}
	if best == "" && (k == kindPlace || k == kindAddress) && pos <= len(sent) {
		if m := addressRe.FindString(sent[pos:]); m != "" {
			best, bestScore = strings.TrimSpace(m), 0.5
		}
	}
	return best, bestScore
}

// trailingParen is v without a parenthetical that ends it ("과(☎ 02-1)"
// → "과"); v itself when it ends otherwise or the parenthetical is all.
func trailingParen(v string) string {
	v = strings.TrimSpace(v)
	if !strings.HasSuffix(v, ")") {
		return v
	}
	if i := strings.LastIndex(v, "("); i > 0 {
		return strings.TrimSpace(v[:i])
	}
	return v
}

// recipientWords head a question about whom a letter or form goes to.
var recipientWords = []string{"수신자", "수신인", "수신처", "수신", "받는 사람", "받는사람", "제출처", "제출받는", "제출 받는", "접수처", "제출기관", "제출 기관"}

// addresseeRe finds a letter's address line: "<addressee> 귀하/귀중".
var addresseeRe = regexp.MustCompile(`([^\n:：.,]{2,40}?)\s*(?:귀하|귀중)\s*$`)

// sendToRe finds the ask of whom a form or letter goes to: "누구 앞으로
// 제출하는가", "누구에게 내야 하나", "어디에 제출하나", "어느 기관에
// 보내는가" (an interrogative, a particle of direction, then a verb of
// sending or filing, one word between at most).
var sendToRe = regexp.MustCompile(`(?:누구|어디|어느\s*\S+?)\s*(?:앞으로|에게|께|에|으로|로)\s+(?:\S+\s+)?(?:제출|내(?:는가|는지|나요|[는야고나었])(?:\s|$|[?？])|낸다|보내|송부|발송|우송|접수|신청|올리)`)

// asksAddressee reports whether a question asks to whom a form or letter
// is addressed: a word naming the addressee ("수신자는", "제출처는") or
// an interrogative of direction before a verb of sending (sendToRe).
func asksAddressee(q string) bool {
	return hasAnyWord(q, recipientWords...) || sendToRe.MatchString(q)
}

// addressee reads the addressee of a letter from a sentence or line that
// ends "… 귀하" or "… 귀중", for a question that asks it (asksAddressee:
// "수신자는", "누구 앞으로 제출하는가"); "" when the question asks
// something else or the text has no address line. On a line that also
// holds the applicant's signature ("신청인 홍길동 (서명) ○○시장 귀하")
// the addressee is what follows the signature.
func addressee(sent, question string) string {
	if !asksAddressee(question) {
		return ""
	}
	for _, line := range strings.Split(sent, "\n") {
		m := addresseeRe.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			continue
		}
		span := strings.TrimSpace(m[1])
		if loc := signRe.FindAllStringIndex(span, -1); len(loc) > 0 {
			span = strings.TrimSpace(span[loc[len(loc)-1][1]:])
		}
		if v, ok := personValue(span); ok {
			return v
		}
	}
	return ""
}
