package document

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Caption patterns: "[표 6-6] …", "<표 3-1> …", "〈그림 2〉 …", "표 2. …".
var (
	tableCaptionRe  = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:표|Table)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
	figureCaptionRe = regexp.MustCompile(`^(?:[\[<〈《【]\s*(?:그림|Figure|Fig\.?)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ][^\]>〉》】]{0,12}[\]>〉》】]|(?:그림|Figure|Fig\.)\s*[0-9ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+(?:[.\-–][0-9]+)*\s*[.:]?(?:\s|$))`)
)

// maxCaptionRunes is the longest paragraph taken for a caption.
const maxCaptionRunes = 150

// IsTableCaption reports whether a paragraph reads as a table caption
// ("[표 6-6] …", "<표 3-1> …", "표 2. …"), at most 150 runes long.
func IsTableCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && tableCaptionRe.MatchString(s)
}

// IsFigureCaption reports whether a paragraph reads as a figure caption
// ("[그림 2-1] …", "〈그림 2〉 …", "Figure 3. …"), at most 150 runes long.
func IsFigureCaption(s string) bool {
	return utf8.RuneCountInString(s) <= maxCaptionRunes && figureCaptionRe.MatchString(s)
}

// headingPatterns are the numbering schemes of Korean reports, outermost
// first; rank orders them (a decimal "6.1" ranks by its depth).
var headingPatterns = []struct {
	re       *regexp.Regexp
	rank     int
	bareOK   bool // the marker alone ("제1장") may be the whole heading
	decimals bool // rank = 4 + number of dotted groups: "3.1" sits under "3."
}{
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*편(?:\s+|$)`), rank: 1, bareOK: true},
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*장(?:\s+|$)`), rank: 2, bareOK: true},
	{re: regexp.MustCompile(`^제\s*\d{1,3}\s*절(?:\s+|$)`), rank: 3, bareOK: true},
	{re: regexp.MustCompile(`^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]{1,4}\s*[.．]?\s*`), rank: 4},
	{re: regexp.MustCompile(`^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.\s+`), rank: 4},
	{re: regexp.MustCompile(`^\d{1,2}(?:\.\d{1,2}){1,4}\.?\s+`), decimals: true},
	{re: regexp.MustCompile(`^\d{1,2}\.\s*`), rank: 5},
	{re: regexp.MustCompile(`^[가나다라마바사아자차카타파하]\.\s*`), rank: 6},
	{re: regexp.MustCompile(`^\(\d{1,2}\)\s*`), rank: 7},
	{re: regexp.MustCompile(`^\d{1,2}\)\s*`), rank: 8},
	{re: regexp.MustCompile(`^\([가나다라마바사아자차카타파하]\)\s*`), rank: 9},
	{re: regexp.MustCompile(`^[가나다라마바사아자차카타파하]\)\s*`), rank: 10},
}

// maxHeadingRunes is the longest paragraph taken for a numbered heading.
const maxHeadingRunes = 60

// tocPageRe matches a trailing page number as tables of contents print it
// ("제1장 서론1", "Ⅱ. 시장현황 4", "개요 ···· 12").
var tocPageRe = regexp.MustCompile(`(?:[^\d\s.,]\s?|[.·…]\s*)\d{1,3}$`)

// HeadingRank returns the rank (1 = outermost, up to 10) of a paragraph
// that looks like a numbered section heading of a Korean report ("제1장",
// "Ⅱ.", "1.", "3.1", "가.", "(1)", "1)", "(가)", "가)"; a decimal "3.1"
// ranks below "3." and "3.1.2" below it), or 0. A heading is at most 60
// runes, starts with a numbering marker followed by a word, does not end
// like a sentence (., :, 다, 함, 임 …; a pledge ending in "!", common in
// press-release headings, is allowed), and is not a table-of-contents line
// (trailing page number, leader dots).
func HeadingRank(s string) int {
	if utf8.RuneCountInString(s) > maxHeadingRunes {
		return 0
	}
	last, _ := utf8.DecodeLastRuneInString(s)
	if strings.ContainsRune(".。?:;,다음함임", last) {
		return 0
	}
	if tocPageRe.MatchString(s) || strings.Contains(s, "···") || strings.Contains(s, "…") {
		return 0
	}
	for _, hp := range headingPatterns {
		loc := hp.re.FindStringIndex(s)
		if loc == nil {
			continue
		}
		rest := s[loc[1]:]
		if rest == "" {
			if hp.bareOK {
				return hp.rank
			}
			return 0
		}
		first, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsLetter(first) && !strings.ContainsRune("(「『“\"'", first) {
			return 0
		}
		if hp.decimals {
			groups := strings.Count(strings.TrimRight(strings.TrimSpace(s[:loc[1]]), "."), ".") + 1
			return min(4+groups, 10)
		}
		return hp.rank
	}
	return 0
}
