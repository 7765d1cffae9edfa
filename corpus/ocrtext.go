package corpus

import (
	"sort"
	"strings"

	"github.com/policyqa/policyqa/document"
)

// SplitOCRParagraphs cuts OCR page text into paragraphs: blank lines end a
// paragraph, and so does a line that starts like a new item (a bullet or a
// number); other line breaks are wraps and become spaces.
func SplitOCRParagraphs(text string) []string {
	var out []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			if p := document.NormalizeSpace(strings.Join(cur, " ")); p != "" {
				out = append(out, p)
			}
			cur = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if t == "" {
			flush()
			continue
		}
		if startsItem(t) {
			flush()
		}
		cur = append(cur, t)
	}
	flush()
	return out
}

func startsItem(line string) bool {
	for _, p := range []string{"-", "•", "○", "□", "■", "◦", "·", "※", "①", "②", "③", "④", "⑤", "ㅇ", "*"} {
		if strings.HasPrefix(line, p) {
			return true
		}
	}
	rs := []rune(line)
	if len(rs) >= 2 && (rs[1] == '.' || rs[1] == ')') && (rs[0] >= '0' && rs[0] <= '9' || rs[0] >= '가' && rs[0] <= '힣') {
		return true
	}
	return false
}

func sortBlocksByPage(bs []document.Block) {
	sort.SliceStable(bs, func(i, j int) bool { return bs[i].Page < bs[j].Page })
}
