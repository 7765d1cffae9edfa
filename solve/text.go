package solve

import (
	"strings"
)

// bullets open list items and table rows ("ㅇ 의무지출", "▣ 재정지출").
const bullets = "ㅇ○●◦▪▫▣□■◆◇◈-–·•※*▶►▷☞>+"

// stripBullets drops leading bullet marks and the spaces after them.
func stripBullets(s string) string {
	return strings.TrimLeft(s, bullets+" \t")
}

func cleanCell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return s
}

// stripUnitSuffix drops a parenthesised unit: "허용기준(mg/kg)" → "허용기준".
func stripParens(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch r {
		case '(', '[', '<', '（':
			depth++
			continue
		case ')', ']', '>', '）':
			if depth > 0 {
				depth--
			}
			continue
		}
		if depth == 0 {
			b.WriteRune(r)
		}
	}
	return strings.TrimSpace(b.String())
}
