package numbers

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Period is a point or stretch of the calendar as Korean policy text
// writes it: a year ("2024년", "’24", "24년", "2024년도"), a month of a
// year ("’24.6월", "2024년 6월", "2024. 6.", "24.2월말"), a day
// ("2024.3.29."), a quarter ("1분기", "1/4분기", "’24.1Q") or a half
// ("상반기", "하반기"). Fields that the text leaves out are zero.
type Period struct {
	Year    int // four digits; two-digit years are 20YY (19YY from 70)
	Month   int // 1-12
	Day     int // 1-31
	Quarter int // 1-4
	Half    int // 1-2
	// Text is the source text read, Start and End its byte offsets.
	Text       string
	Start, End int
}

// IsZero reports whether p names nothing.
func (p Period) IsZero() bool {
	return p.Year == 0 && p.Month == 0 && p.Day == 0 && p.Quarter == 0 && p.Half == 0
}

// String writes p canonically: "2024", "2024-06", "2024-06-30", "2024-Q1",
// "2024-H2", "-06" (a month of no stated year).
func (p Period) String() string {
	var b strings.Builder
	if p.Year != 0 {
		b.WriteString(strconv.Itoa(p.Year))
	}
	switch {
	case p.Month != 0:
		b.WriteString("-" + pad2(p.Month))
		if p.Day != 0 {
			b.WriteString("-" + pad2(p.Day))
		}
	case p.Quarter != 0:
		b.WriteString("-Q" + strconv.Itoa(p.Quarter))
	case p.Half != 0:
		b.WriteString("-H" + strconv.Itoa(p.Half))
	}
	return b.String()
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Agreement says how a period named by a question relates to one found in
// text or in a header.
type Agreement int

// Agreements, from worst to best.
const (
	// Conflicts: a field both name differs ("2023년" against "’24").
	Conflicts Agreement = iota - 1
	// Unrelated: they share no field (a month against a bare year).
	Unrelated
	// Partial: they agree on what both name, and the text leaves some of
	// the question's fields out ("2024년 6월" against "6월").
	Partial
	// Agrees: every field the question names is named alike by the text.
	Agrees
)

// Agree compares a wanted period (from a question) with a found one.
// A year against a month of that year is Agrees only when the found
// period is the whole year; "2024년" against "’24.6월" is Partial.
func (want Period) Agree(found Period) Agreement {
	fields := func(p Period) [5]int { return [5]int{p.Year, p.Month, p.Day, p.Quarter, p.Half} }
	w, f := fields(want), fields(found)
	shared, missing, extra := 0, 0, 0
	for i := range w {
		switch {
		case w[i] != 0 && f[i] != 0:
			if w[i] != f[i] {
				return Conflicts
			}
			shared++
		case w[i] != 0:
			missing++
		case f[i] != 0:
			extra++
		}
	}
	// A month implies its quarter and half: "2024년 2분기" against "’24.5월".
	if want.Quarter != 0 && found.Month != 0 && (found.Month-1)/3+1 != want.Quarter ||
		found.Quarter != 0 && want.Month != 0 && (want.Month-1)/3+1 != found.Quarter ||
		want.Half != 0 && found.Month != 0 && (found.Month-1)/6+1 != want.Half ||
		found.Half != 0 && want.Month != 0 && (want.Month-1)/6+1 != found.Half {
		return Conflicts
	}
	switch {
	case shared == 0:
		return Unrelated
	case missing == 0 && extra == 0:
		return Agrees
	case missing == 0 && want.Year != 0 && found.Year == want.Year && extra > 0:
		// The question names the year; the text a part of it.
		return Partial
	case missing == 0:
		return Agrees
	}
	return Partial
}

// apostrophes open a two-digit year: ’24, '24, ‘24, `24, ´24.
const apostrophes = "’'‘`´"

// durationAfter are words after "N년" that make it a length of time
// ("30년 이상", "5년간"), not a year.
var durationAfter = []string{"간", "동안", "이상", "이하", "이내", "미만", "초과", "만에", "만의", "째", "가량", "여", "차", "마다", "주기", "전", "후", "후에", "내"}

// FindPeriods lists the periods written in s, in order. Four-digit years
// are read when 년 or a month follows them or they stand alone between
// separators; two-digit years when an apostrophe precedes them or a month
// follows "YY년"; a month alone ("6월") is read as a month of no stated
// year. Amounts ("2000만원") and lengths of time ("30년 이상") are not
// periods.
//
// A date range is two periods: the end of "’23.6.~7." is the month 7 of
// 2023 and the start of "3.~5월" the month 3, so that neither end reads
// as an amount or a count.
func FindPeriods(s string) []Period {
	var out []Period
	for i := 0; i < len(s); {
		if p, ok := periodAt(s, i, false); ok {
			if start, ok := rangeStart(s, p); ok && (len(out) == 0 || out[len(out)-1].End <= start.Start) {
				out = append(out, start)
			}
			out = append(out, p)
			i = p.End
			if end, ok := rangeEnd(s, p); ok {
				out = append(out, end)
				i = end.End
			}
			continue
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return out
}

// rangeMarks join the two ends of a range.
const rangeMarks = "~∼〜～"

// rangeEnd reads the short end of a range after p: "’23.6.~7." (a month
// of p's year), "’24.3.1.~15." (a day of p's month), "6월~8월". A full
// period after the mark is left to FindPeriods.
func rangeEnd(s string, p Period) (Period, bool) {
	k := skipSpaces(s, p.End)
	r, w := utf8.DecodeRuneInString(s[k:])
	if !strings.ContainsRune(rangeMarks, r) || p.Month == 0 {
		return Period{}, false
	}
	k = skipSpaces(s, k+w)
	if _, ok := periodAt(s, k, false); ok {
		return Period{}, false
	}
	d := digitsAt(s, k)
	if len(d) == 0 || len(d) > 2 {
		return Period{}, false
	}
	n, _ := strconv.Atoi(d)
	e := k + len(d)
	end := Period{Year: p.Year, Month: p.Month, Start: k}
	switch {
	case strings.HasPrefix(s[e:], "월"):
		end.Month, e = n, e+len("월")
	case strings.HasPrefix(s[e:], "일"):
		end.Day, e = n, e+len("일")
	case e < len(s) && s[e] == '.' && p.Day != 0:
		// "’24.3.1.~15." or "’24.3.1.~4.30."
		if m, dd, e2, ok := monthDayAt(s, k, true); ok && dd != 0 {
			end.Month, end.Day, e = m, dd, e2
		} else {
			end.Day, e = n, e+1
		}
	case e < len(s) && s[e] == '.' || e >= len(s) || bareEnd(s, e):
		if e < len(s) && s[e] == '.' {
			e++
		}
		end.Month = n
	default:
		return Period{}, false
	}
	if end.Month < 1 || end.Month > 12 || end.Day < 0 || end.Day > 31 {
		return Period{}, false
	}
	end.End = e
	end.Text = s[k:e]
	return end, true
}

// rangeStart reads the short start of a range before p: "3.~5월", "3~5월"
// (a month when p is a month, a day when p is a day).
func rangeStart(s string, p Period) (Period, bool) {
	if p.Month == 0 {
		return Period{}, false
	}
	k := p.Start
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	r, w := utf8.DecodeLastRuneInString(s[:k])
	if !strings.ContainsRune(rangeMarks, r) {
		return Period{}, false
	}
	k -= w
	for k > 0 && s[k-1] == ' ' {
		k--
	}
	e := k
	if k > 0 && s[k-1] == '.' {
		k--
	}
	j := k
	for j > 0 && s[j-1] >= '0' && s[j-1] <= '9' {
		j--
	}
	if k-j == 0 || k-j > 2 || j > 0 && (s[j-1] == '.' || s[j-1] == ',') {
		return Period{}, false
	}
	n, _ := strconv.Atoi(s[j:k])
	start := Period{Year: p.Year, Start: j, End: e, Text: s[j:e]}
	if p.Day != 0 {
		start.Month, start.Day = p.Month, n
	} else {
		start.Month = n
	}
	if start.Month < 1 || start.Month > 12 || start.Day > 31 {
		return Period{}, false
	}
	return start, true
}

// ParsePeriod reads a short text such as a table header ("’24", "2024",
// "24년", "2024년(조원)", "1분기", "6월") as one period: the first period
// it holds, read more leniently than FindPeriods (a bare "2024" or "24년"
// counts). ok is false when it holds none.
func ParsePeriod(s string) (Period, bool) {
	for i := 0; i < len(s); {
		if p, ok := periodAt(s, i, true); ok {
			return p, true
		}
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return Period{}, false
}

// digitsAt returns the run of ASCII digits at s[i:].
func digitsAt(s string, i int) string {
	j := i
	for j < len(s) && s[j] >= '0' && s[j] <= '9' {
		j++
	}
	return s[i:j]
}

func skipSpaces(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}

// periodAt reads a period starting at byte i. lenient accepts bare years.
func periodAt(s string, i int, lenient bool) (Period, bool) {
	if i > 0 {
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		if prev >= '0' && prev <= '9' || prev == ',' || prev == '.' && i > 1 && s[i-2] >= '0' && s[i-2] <= '9' {
			return Period{}, false // inside a number
		}
	}
	p := Period{Start: i}
	j := i
	r, w := utf8.DecodeRuneInString(s[i:])
	year := false
	switch {
	case strings.ContainsRune(apostrophes, r):
		d := digitsAt(s, i+w)
		if len(d) != 2 {
			return Period{}, false
		}
		p.Year = twoDigitYear(d)
		j = i + w + 2
		year = true
	case r >= '0' && r <= '9':
		d := digitsAt(s, i)
		k := i + len(d)
		after := skipSpaces(s, k)
		switch {
		case len(d) == 4 && (d[:2] == "19" || d[:2] == "20"):
			if strings.HasPrefix(s[after:], "년") || monthFollows(s, k) || lenient && bareEnd(s, k) || standalone(s, i, k) {
				p.Year, _ = strconv.Atoi(d)
				j = k
				year = true
			}
		case len(d) == 2 && strings.HasPrefix(s[after:], "년"):
			rest := s[after+len("년"):]
			if !durationWord(rest) && (lenient || monthFollows(s, after+len("년")) || quarterFollows(s, after+len("년"))) {
				p.Year = twoDigitYear(d)
				j = after + len("년")
				year = true
			}
		}
	}
	if year {
		// "년", "년도" and the month, day, quarter or half after the year.
		k := skipSpaces(s, j)
		if strings.HasPrefix(s[k:], "년도") {
			j = k + len("년도")
		} else if strings.HasPrefix(s[k:], "년") {
			j = k + len("년")
		}
		if q, e, ok := quarterAt(s, j); ok {
			p.Quarter, j = q, e
		} else if m, d, e, ok := monthDayAt(s, j, true); ok {
			p.Month, p.Day, j = m, d, e
		} else if h, e, ok := halfAt(s, j); ok {
			p.Half, j = h, e
		}
		p.End = j
		p.Text = s[p.Start:p.End]
		return p, true
	}
	// No year: a month, a quarter or a half alone.
	if q, e, ok := quarterAt(s, i); ok && strings.HasSuffix(s[i:e], "분기") {
		p.Quarter, p.End = q, e
	} else if m, d, e, ok := monthDayAt(s, i, false); ok {
		p.Month, p.Day, p.End = m, d, e
	} else if h, e, ok := halfAt(s, i); ok && e > i {
		p.Half, p.End = h, e
	} else {
		return Period{}, false
	}
	p.Text = s[p.Start:p.End]
	return p, true
}

func twoDigitYear(d string) int {
	n, _ := strconv.Atoi(d)
	if n >= 70 {
		return 1900 + n
	}
	return 2000 + n
}

func durationWord(rest string) bool {
	rest = strings.TrimLeft(rest, " ")
	for _, w := range durationAfter {
		if strings.HasPrefix(rest, w) {
			return true
		}
	}
	return false
}

// monthFollows reports whether a month comes at s[k:] ("년 6월", ".6월", ". 6.").
func monthFollows(s string, k int) bool {
	k = skipSpaces(s, k)
	if strings.HasPrefix(s[k:], "년") {
		k += len("년")
	}
	_, _, _, ok := monthDayAt(s, k, true)
	return ok
}

func quarterFollows(s string, k int) bool {
	_, _, ok := quarterAt(s, k)
	return ok
}

// bareEnd reports whether the digits ending at k end their token: end of
// text, a space, a bracket, a footnote star or a period mark.
func bareEnd(s string, k int) bool {
	if k >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[k:])
	return strings.ContainsRune(" \t\n()[]<>（）*~∼〜～-/,:p", r)
}

// standalone reports whether s[i:k], four digits, stands as a year in
// running text: between brackets, before a range mark or followed by
// "년" after a space. An amount ("2000만원") is never standalone.
func standalone(s string, i, k int) bool {
	before, _ := utf8.DecodeLastRuneInString(s[:i])
	after, _ := utf8.DecodeRuneInString(s[k:])
	if i == 0 && k == len(s) {
		return true
	}
	return (before == '(' || before == '[' || before == '（') && (after == ')' || after == ']' || after == '）' || after == '~') ||
		strings.ContainsRune("~∼〜～", after) && k+1 < len(s)
}

// monthDayAt reads a month (and day) at s[i:]: "6월", "6월말", ".6월",
// ". 6.", ".6.30.", "6. 30.". afterYear allows the dotted forms, which
// alone would be decimals.
func monthDayAt(s string, i int, afterYear bool) (month, day, end int, ok bool) {
	k := skipSpaces(s, i)
	dotted := false
	if afterYear && k < len(s) && (s[k] == '.' || s[k] == '-' || s[k] == '/') {
		k = skipSpaces(s, k+1)
		dotted = true
	}
	d := digitsAt(s, k)
	if len(d) == 0 || len(d) > 2 {
		return 0, 0, 0, false
	}
	m, _ := strconv.Atoi(d)
	if m < 1 || m > 12 {
		return 0, 0, 0, false
	}
	k += len(d)
	k2 := skipSpaces(s, k)
	switch {
	case strings.HasPrefix(s[k2:], "월"):
		k = k2 + len("월")
		for _, suf := range []string{"말", "초", "중", "호"} {
			if strings.HasPrefix(s[k:], suf) {
				k += len(suf)
				break
			}
		}
	case dotted && k < len(s) && s[k] == '.':
		k++
	case dotted && (k >= len(s) || bareEnd(s, k)):
		// "2024.6" at the end of a cell.
	default:
		return 0, 0, 0, false
	}
	month, end = m, k
	// A day: "30일", ".30.", " 30."
	k = skipSpaces(s, end)
	dd := digitsAt(s, k)
	if len(dd) >= 1 && len(dd) <= 2 {
		n, _ := strconv.Atoi(dd)
		e := k + len(dd)
		if n >= 1 && n <= 31 {
			e2 := skipSpaces(s, e)
			switch {
			case strings.HasPrefix(s[e2:], "일"):
				return month, n, e2 + len("일"), true
			case dotted && e < len(s) && s[e] == '.':
				return month, n, e + 1, true
			}
		}
	}
	return month, 0, end, true
}

// quarterAt reads "1분기", "1/4분기", "1/4", " 1Q" at s[i:].
func quarterAt(s string, i int) (q, end int, ok bool) {
	k := skipSpaces(s, i)
	if k < len(s) && s[k] == '.' {
		k++
	}
	d := digitsAt(s, k)
	if len(d) != 1 || d[0] < '1' || d[0] > '4' {
		return 0, 0, false
	}
	n := int(d[0] - '0')
	k++
	if strings.HasPrefix(s[k:], "/4") {
		k += 2
		k2 := skipSpaces(s, k)
		if strings.HasPrefix(s[k2:], "분기") {
			k = k2 + len("분기")
		}
		return n, k, true
	}
	k2 := skipSpaces(s, k)
	if strings.HasPrefix(s[k2:], "분기") {
		return n, k2 + len("분기"), true
	}
	if k < len(s) && (s[k] == 'Q' || s[k] == 'q') {
		return n, k + 1, true
	}
	return 0, 0, false
}

// halfAt reads "상반기" or "하반기" at s[i:].
func halfAt(s string, i int) (h, end int, ok bool) {
	k := skipSpaces(s, i)
	switch {
	case strings.HasPrefix(s[k:], "상반기"):
		return 1, k + len("상반기"), true
	case strings.HasPrefix(s[k:], "하반기"):
		return 2, k + len("하반기"), true
	}
	return 0, 0, false
}

// Overlaps reports whether the quantity q lies inside one of the periods
// (a year or month read as a number: "2025년", "6월").
func Overlaps(q Quantity, ps []Period) bool {
	for _, p := range ps {
		if q.Start < p.End && p.Start < q.End {
			return true
		}
	}
	return false
}
