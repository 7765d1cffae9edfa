package hwp

import (
	"strconv"
	"strings"
)

// Number formats of paragraph numbering (한글문서파일형식 5.0, table
// "번호 모양"); HWPX names them (numFormat="HANGUL_SYLLABLE") and
// numFormatCode maps the names to these codes.
const (
	fmtDigit = iota
	fmtCircledDigit
	fmtRomanUpper
	fmtRomanLower
	fmtLatinUpper
	fmtLatinLower
	fmtCircledLatinUpper
	fmtCircledLatinLower
	fmtHangulSyllable
	fmtCircledHangulSyllable
	fmtHangulJamo
	fmtCircledHangulJamo
	fmtHangulNumber
	fmtIdeograph
	fmtCircledIdeograph
	fmtDecagonCircle
	fmtDecagonCircleHanja
)

var numFormatCodes = map[string]int{
	"DIGIT":                   fmtDigit,
	"CIRCLED_DIGIT":           fmtCircledDigit,
	"ROMAN_CAPITAL":           fmtRomanUpper,
	"ROMAN_SMALL":             fmtRomanLower,
	"LATIN_CAPITAL":           fmtLatinUpper,
	"LATIN_SMALL":             fmtLatinLower,
	"CIRCLED_LATIN_CAPITAL":   fmtCircledLatinUpper,
	"CIRCLED_LATIN_SMALL":     fmtCircledLatinLower,
	"HANGUL_SYLLABLE":         fmtHangulSyllable,
	"CIRCLED_HANGUL_SYLLABLE": fmtCircledHangulSyllable,
	"HANGUL_JAMO":             fmtHangulJamo,
	"CIRCLED_HANGUL_JAMO":     fmtCircledHangulJamo,
	"HANGUL_PHONETIC":         fmtHangulNumber,
	"IDEOGRAPH":               fmtIdeograph,
	"CIRCLED_IDEOGRAPH":       fmtCircledIdeograph,
	"DECAGON_CIRCLE":          fmtDecagonCircle,
	"DECAGON_CIRCLE_HANJA":    fmtDecagonCircleHanja,
}

func numFormatCode(name string) int {
	if c, ok := numFormatCodes[strings.ToUpper(strings.TrimSpace(name))]; ok {
		return c
	}
	return fmtDigit
}

var (
	hangulSyllables = []rune("가나다라마바사아자차카타파하")
	hangulJamo      = []rune("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ")
	hangulNumbers   = []string{"영", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구", "십"}
	ideographs      = []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	decagons        = []string{"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"}
	decagonsHangul  = []string{"갑", "을", "병", "정", "무", "기", "경", "신", "임", "계"}
)

// formatNumber renders n (>= 1) in a numbering format; numbers a format
// cannot show (past ⑳, past 하) fall back to digits.
func formatNumber(n, format int) string {
	if n < 1 {
		n = 1
	}
	cycle := func(set []rune) string { return string(set[(n-1)%len(set)]) }
	switch format {
	case fmtCircledDigit:
		if n <= 20 {
			return string(rune('①' + n - 1))
		}
	case fmtRomanUpper:
		return roman(n, true)
	case fmtRomanLower:
		return roman(n, false)
	case fmtLatinUpper:
		return string(rune('A' + (n-1)%26))
	case fmtLatinLower:
		return string(rune('a' + (n-1)%26))
	case fmtCircledLatinUpper:
		return string(rune('Ⓐ' + (n-1)%26))
	case fmtCircledLatinLower:
		return string(rune('ⓐ' + (n-1)%26))
	case fmtHangulSyllable:
		return cycle(hangulSyllables)
	case fmtCircledHangulSyllable:
		return string(rune('㉮' + (n-1)%14))
	case fmtHangulJamo:
		return cycle(hangulJamo)
	case fmtCircledHangulJamo:
		return string(rune('㉠' + (n-1)%14))
	case fmtHangulNumber:
		if n <= 10 {
			return hangulNumbers[n]
		}
	case fmtIdeograph:
		if n <= 10 {
			return ideographs[n]
		}
	case fmtCircledIdeograph:
		if n <= 10 {
			return string(rune('㊀' + n - 1))
		}
	case fmtDecagonCircle:
		return decagonsHangul[(n-1)%10]
	case fmtDecagonCircleHanja:
		return decagons[(n-1)%10]
	}
	return strconv.Itoa(n)
}

func roman(n int, upper bool) string {
	if n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var sb strings.Builder
	for i, v := range vals {
		for n >= v {
			sb.WriteString(syms[i])
			n -= v
		}
	}
	if upper {
		return sb.String()
	}
	return strings.ToLower(sb.String())
}

// numLevel is one level of a numbering definition.
type numLevel struct {
	format int    // fmt* code
	text   string // "^1.", "(^3)": ^N is level N's number
	start  int    // first number (1 when unset)
}

// numbering is a paragraph numbering definition (up to 10 levels).
type numbering struct {
	levels []numLevel
}

// numberer counts numbered paragraphs per numbering definition and level.
type numberer struct {
	counts map[int][]int
}

// next advances numbering id at level (0-based) and renders its label,
// "" when the definition or level is unknown or has no text.
func (c *numberer) next(defs map[int]*numbering, id, level int) string {
	def := defs[id]
	if def == nil || level < 0 || level >= len(def.levels) {
		return ""
	}
	if c.counts == nil {
		c.counts = map[int][]int{}
	}
	cnt := c.counts[id]
	if cnt == nil {
		cnt = make([]int, len(def.levels))
		c.counts[id] = cnt
	}
	if cnt[level] == 0 {
		cnt[level] = max(def.levels[level].start, 1)
	} else {
		cnt[level]++
	}
	for l := level + 1; l < len(cnt); l++ {
		cnt[l] = 0
	}
	tmpl := def.levels[level].text
	if tmpl == "" {
		return ""
	}
	var sb strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] == '^' && i+1 < len(tmpl) && tmpl[i+1] >= '1' && tmpl[i+1] <= '9' {
			l := int(tmpl[i+1] - '1')
			if i+2 < len(tmpl) && tmpl[i+1] == '1' && tmpl[i+2] == '0' {
				l = 9
				i++
			}
			i++
			if l < len(cnt) {
				n := cnt[l]
				if n == 0 {
					n = max(def.levels[l].start, 1)
				}
				sb.WriteString(formatNumber(n, def.levels[l].format))
			}
			continue
		}
		sb.WriteByte(tmpl[i])
	}
	return sb.String()
}
