package solve

import (
	"strings"
	"unicode/utf8"
)

// valueAfter finds label in text and returns the first number after it
// (within a short window), preferring one followed by unit. ok is false
// when the label or a number is missing.
func valueAfter(text, label, unit string) (string, bool) {
	_, end := findLoose(text, label)
	if end < 0 {
		return "", false
	}
	window := text[end:]
	if utf8.RuneCountInString(window) > 40 {
		rs := []rune(window)
		window = string(rs[:40])
	}
	locs := numberRe.FindAllStringIndex(window, -1)
	if len(locs) == 0 {
		return "", false
	}
	pick := locs[0]
	if unit != "" {
		for _, l := range locs {
			rest := strings.TrimSpace(window[l[1]:])
			if strings.HasPrefix(rest, unit) {
				pick = l
				break
			}
		}
	}
	// The number must come before any other label-like break: reject a
	// number more than 25 runes after the label.
	if utf8.RuneCountInString(window[:pick[0]]) > 25 {
		return "", false
	}
	return strings.ReplaceAll(window[pick[0]:pick[1]], ",", ""), true
}

// unitOf guesses the unit a form column asks for: the column name itself
// when it is a counter word ("개", "명", "일"), or the part in parentheses
// ("비율(%)" → "%").
func unitOf(column string) string {
	if i := strings.IndexAny(column, "(（"); i >= 0 {
		u := strings.Trim(column[i:], "()（） ")
		return u
	}
	if utf8.RuneCountInString(column) == 1 {
		return column
	}
	return ""
}
