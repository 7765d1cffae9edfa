package solve

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/textkit"
)

// Forms answer two kinds of question with box marks: a yes/no question
// ("…에 해당하는가?", "…이 필요합니까?", "…여부는?") by the checked option of
// the row that states it ("□ 예 ▣ 아니오"), and "which option is checked"
// for a label ("현행분류 | ▣ 지침 □ 가이드라인") by the checked option
// beside the label, whatever other cells say.

var (
	// bracketChecked and bracketUnchecked are boxes typed with brackets:
	// "[V] 예 [ ] 아니오".
	bracketChecked   = regexp.MustCompile(`\[\s*[VvＶ✓✔√Oo○●xX]\s*\]`)
	bracketUnchecked = regexp.MustCompile(`\[\s*\]`)
)

// normalizeBoxes writes bracket boxes as box glyphs: "[V]" as ▣, "[ ]" as □.
func normalizeBoxes(cell string) string {
	if !strings.Contains(cell, "[") {
		return cell
	}
	cell = bracketChecked.ReplaceAllString(cell, "▣")
	return bracketUnchecked.ReplaceAllString(cell, "□")
}

// boxChoice reads a cell that offers a choice: at least two box-marked
// options, each short ("□ 예 ▣ 아니오", "○ A ● B ○ C"). It returns the
// checked options joined by ", " ("" when none is checked); ok is false
// for other cells, a sentence behind one decorative box among them.
func boxChoice(cell string) (string, bool) {
	cell = normalizeBoxes(cell)
	n := 0
	var cur []rune
	long := false
	flush := func() {
		if t := strings.TrimSpace(string(cur)); t != "" && utf8.RuneCountInString(t) > 12 {
			long = true
		}
		cur = cur[:0]
	}
	for _, r := range cell {
		if strings.ContainsRune(checkedMarks+uncheckedMarks, r) {
			flush()
			n++
			continue
		}
		cur = append(cur, r)
	}
	flush()
	if n < 2 || long {
		return "", false
	}
	return checkedOptions(cell)
}

// whWords are interrogatives: a question holding one is no yes/no question.
var whWords = []string{"무엇", "어느", "어떤", "얼마", "몇", "언제", "어디", "누구", "무슨", "어떻게", "왜", "며칠"}

// yesNoEndRe ends a yes/no question: "…하는가", "…합니까", "…인가요",
// "…되나", "…인지", "…여부는".
var yesNoEndRe = regexp.MustCompile(`(?:는가|은가|인가|한가|던가|니까|나요|가요|는지|인지|한지|었나|았나|였나|했나|되나|하나|있나|없나|는가요|여부(?:는|를|가)?)\s*[?？.]?\s*$`)

// imperativeRe is an imperative ending after the question proper:
// "…인지 쓰시오", "…여부를 답하시오".
var imperativeRe = regexp.MustCompile(`\s*(?:쓰시오|쓰세요|써라|적으시오|적으세요|적어라|답하시오|답하세요|기재하시오|고르시오|골라라|표시하시오|밝히시오|제시하시오|구하시오|계산하시오|찾으시오|찾아라|서술하시오|나열하시오|나타내시오|채우시오|작성하시오|기입하시오|말하시오|알려주세요|알려줘|알려 주세요)\s*[.?？!]?\s*$`)

// isYesNo reports whether a question asks yes or no.
func isYesNo(q string) bool {
	q = imperativeRe.ReplaceAllString(strings.TrimSpace(q), "")
	for _, w := range whWords {
		if strings.Contains(q, w) {
			return false
		}
	}
	return yesNoEndRe.MatchString(q) || strings.Contains(q, "여부")
}

// predicateEnds are endings cut from the last word of a yes/no question;
// the stems left that say nothing ("해당", "이", "있") are dropped too.
var predicateEnds = []string{"하는가", "합니까", "한가", "되는가", "됩니까", "되나", "인가요", "인가", "입니까", "있는가", "있습니까", "있나", "없는가", "없나", "는가", "니까", "나요", "는지", "인지", "한지", "하나", "였나", "었나", "았나", "했나", "여부는", "여부", "인지요"}

// yesNoCore is a yes/no question without its predicate: the words that
// name the row asked about.
func yesNoCore(q string) string {
	q = imperativeRe.ReplaceAllString(strings.TrimSpace(q), "")
	ws := strings.Fields(strings.TrimRight(q, "?？."))
	if len(ws) == 0 {
		return ""
	}
	last := ws[len(ws)-1]
	for _, e := range predicateEnds {
		if strings.HasSuffix(last, e) {
			last = strings.TrimSuffix(last, e)
			break
		}
	}
	last = strings.TrimSuffix(last, "되")
	last = strings.TrimSuffix(last, "하고")
	switch last {
	case "", "해당", "이", "있", "되", "하":
		ws = ws[:len(ws)-1]
	default:
		ws[len(ws)-1] = last
	}
	var out []string
	for _, w := range ws {
		w = textkit.StripParticle(strings.Trim(w, "\"'“”‘’()"))
		if w != "" && w != "이" && w != "그" && w != "해당" {
			out = append(out, w)
		}
	}
	return strings.Join(out, " ")
}

// yesNoAnswer answers a yes/no question from a form: among the rows with
// a choice cell (boxChoice) and one option checked, the row whose own
// text states the question best (labels merged down from rows above
// count half), and its checked option ("아니오", "해당", "없음"). ok is
// false when no row is named well enough.
func yesNoAnswer(tables []tableRef, q string) (string, tableRef, float64, bool) {
	qb := textkit.WordBigrams(yesNoCore(q))
	if len(qb) == 0 {
		return "", tableRef{}, 0, false
	}
	best, bestScore := "", 0.0
	var bestRef tableRef
	for _, ref := range tables {
		grid := ref.Table.Grid()
		for r, row := range grid {
			choice, cc := "", -1
			for c, cell := range row {
				if opts, ok := boxChoice(cell); ok && opts != "" && !strings.Contains(opts, ", ") {
					choice, cc = opts, c
					break
				}
			}
			if cc < 0 {
				continue
			}
			var own, merged []string
			for c, cell := range row {
				if c == cc || c > 0 && cell == row[c-1] {
					continue
				}
				if r > 0 && c < len(grid[r-1]) && grid[r-1][c] == cell {
					merged = append(merged, cell)
				} else {
					own = append(own, cell)
				}
			}
			score := textkit.Share(qb, textkit.WordBigrams(strings.Join(own, " "))) + 0.5*textkit.Share(qb, textkit.WordBigrams(strings.Join(merged, " ")))
			if score > bestScore {
				best, bestScore, bestRef = choice, score, ref
			}
		}
	}
	if bestScore < 0.5 {
		return "", tableRef{}, 0, false
	}
	return best, bestRef, min(bestScore, 1), true
}

// asksChecked reports whether a question asks which option a form marks:
// "체크된", "표시된", "선택된", "V 표시한".
func asksChecked(q string) bool {
	return hasAnyWord(q, "체크", "표시", "선택", "check", "마킹", "기표")
}

// checkedChoice answers "which option is checked" for the label the
// question names best: the checked options beside it (checkedBeside).
// Labels are matched like labelValue's; ok is false when no labelled
// choice is named well enough (0.5).
func checkedChoice(tables []tableRef, q string) (string, tableRef, float64, bool) {
	core := coreFocus(labelSynonyms.Replace(strings.TrimSpace(tailRe.ReplaceAllString(q, ""))), nil)
	head, _ := headNouns(q)
	best, bestScore := "", 0.0
	var bestRef tableRef
	for _, ref := range tables {
		grid := ref.Table.Grid()
		for r, row := range grid {
			if spansRow(row) {
				continue
			}
			for c, cell := range row {
				label := joinSpaced(strings.TrimSpace(cell))
				if label == "" || utf8.RuneCountInString(label) > 20 || strings.ContainsAny(cell, checkedMarks+uncheckedMarks) {
					continue
				}
				score := labelMatch(core, label)
				if score < 0.5 {
					continue
				}
				if head != "" && strings.Contains(strings.ReplaceAll(label, " ", ""), head) {
					score += 0.2
				}
				if score <= bestScore {
					continue
				}
				if opts, ok := checkedBeside(grid, r, c); ok && opts != "" {
					best, bestScore, bestRef = opts, score, ref
				}
			}
		}
	}
	return best, bestRef, min(bestScore, 1), best != ""
}
