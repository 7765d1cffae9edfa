package numbers

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Bound says whether a quantity is a limit rather than a value.
type Bound int

// Bounds, as Korean writes them after the unit.
const (
	Exact   Bound = iota
	AtMost        // 이하, 이내
	AtLeast       // 이상
	Below         // 미만
	Above         // 초과
)

// String returns the Korean word of a bound ("" for Exact).
func (b Bound) String() string {
	switch b {
	case AtMost:
		return "이하"
	case AtLeast:
		return "이상"
	case Below:
		return "미만"
	case Above:
		return "초과"
	}
	return ""
}

// Quantity is one number read from text.
type Quantity struct {
	// Value is the number with Korean magnitudes applied ("5천만" is 5e7).
	Value float64
	// Max is the upper end of a range ("10~20%"); it equals Value otherwise.
	Max float64
	// Unit is the canonical unit after the number ("원", "%", "개",
	// "mg/kg", "㎡"), "" when none follows.
	Unit string
	// Bound is set by 이하/이상/미만/초과 after the number.
	Bound Bound
	// Scaled reports whether a Korean magnitude (천, 만, 억, 조, …) was applied.
	Scaled bool
	// Text is the source text read, Start and End its byte offsets.
	Text       string
	Start, End int
}

// IsRange reports whether the quantity is a range.
func (q Quantity) IsRange() bool { return q.Max != q.Value }

// Unit is a unit with a scale: "만 원" is {Base: "원", Scale: 1e4}.
type Unit struct {
	Base  string
	Scale float64
}

// IsZero reports whether u names no unit.
func (u Unit) IsZero() bool { return u.Base == "" && (u.Scale == 0 || u.Scale == 1) }

// numRe matches a decimal number, with thousands separators only in
// groups of three ("1,120" but not "1,2").
var numRe = regexp.MustCompile(`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`)

// magnitudes in the order they are tried (longest first).
var magnitudes = []struct {
	word string
	mul  float64
}{
	{"천만", 1e7}, {"백만", 1e6}, {"십만", 1e5}, {"천억", 1e11}, {"백억", 1e10}, {"십억", 1e9},
	{"천", 1e3}, {"백", 1e2}, {"십", 10}, {"만", 1e4}, {"억", 1e8}, {"조", 1e12},
}

// units maps the spellings of a unit to its canonical form.
var units = map[string]string{
	"%p": "%p", "%포인트": "%p", "퍼센트포인트": "%p", "%": "%", "％": "%", "퍼센트": "%",
	"원": "원", "달러": "달러", "명": "명", "개소": "개소", "개월": "개월", "개": "개",
	"일": "일", "건": "건", "회": "회", "곳": "곳", "년": "년", "월": "월", "시간": "시간",
	"분": "분", "초": "초", "배": "배", "세": "세", "가구": "가구", "대": "대", "점": "점",
	"위": "위", "호": "호", "그루": "그루", "헥타르": "ha", "톤": "t",
	"mg/kg": "mg/kg", "㎎/㎏": "mg/kg", "mg/L": "mg/L", "mg/l": "mg/L", "㎎/ℓ": "mg/L", "㎎/L": "mg/L",
	"kg": "kg", "㎏": "kg", "mg": "mg", "㎎": "mg", "g": "g", "t": "t",
	"㎡": "㎡", "m2": "㎡", "m²": "㎡", "㎢": "㎢", "km2": "㎢", "km²": "㎢",
	"km": "km", "㎞": "km", "m": "m", "ha": "ha", "kWh": "kWh", "MW": "MW", "GW": "GW",
}

// unitKeys are the spellings of units, longest first.
var unitKeys = func() []string {
	ks := make([]string, 0, len(units))
	for k := range units {
		ks = append(ks, k)
	}
	sort.Slice(ks, func(i, j int) bool {
		if len(ks[i]) != len(ks[j]) {
			return len(ks[i]) > len(ks[j])
		}
		return ks[i] < ks[j]
	})
	return ks
}()

// particles may follow a Hangul unit word that stands apart from its
// number ("5천만 원이", "30 일로").
var particles = []string{"이", "가", "은", "는", "을", "를", "의", "에", "로", "으로", "와", "과", "도", "만", "씩", "당", "까지", "부터", "보다", "임", "인", "였", "정도", "가량", "내외", "이상", "이하", "미만", "초과", "이내", "수준", "에서"}

var bounds = []struct {
	word string
	b    Bound
}{{"이하", AtMost}, {"이내", AtMost}, {"이상", AtLeast}, {"미만", Below}, {"초과", Above}}

// Find lists the quantities of s in order. Footnote marks ("기준1)") and
// digits inside identifiers ("BIN0003") are skipped.
func Find(s string) []Quantity {
	var out []Quantity
	pos := 0
	for pos < len(s) {
		loc := numRe.FindStringIndex(s[pos:])
		if loc == nil {
			break
		}
		start, end := pos+loc[0], pos+loc[1]
		q, next, ok := readRange(s, start, end)
		if ok {
			out = append(out, q)
			pos = next
		} else {
			pos = max(next, end)
		}
	}
	return out
}

// Parse reads s as one quantity: ok is false when s holds none or several.
func Parse(s string) (Quantity, bool) {
	qs := Find(s)
	if len(qs) != 1 {
		return Quantity{}, false
	}
	return qs[0], true
}

// readRange reads the quantity whose digits are s[start:end], with a
// range's second end when one follows ("10~20%").
func readRange(s string, start, end int) (Quantity, int, bool) {
	q, next, ok := readOne(s, start, end)
	if !ok {
		return q, next, false
	}
	rest := s[next:]
	trimmed := strings.TrimLeft(rest, " ")
	sepLen := 0
	for _, sep := range []string{"~", "∼", "〜", "～"} {
		if strings.HasPrefix(trimmed, sep) {
			sepLen = len(rest) - len(trimmed) + len(sep)
			break
		}
	}
	if sepLen == 0 && strings.HasPrefix(rest, "-") && q.Bound == Exact {
		sepLen = 1
	}
	if sepLen == 0 {
		return q, next, true
	}
	after := next + sepLen
	for after < len(s) && s[after] == ' ' {
		after++
	}
	loc := numRe.FindStringIndex(s[after:])
	if loc == nil || loc[0] != 0 {
		return q, next, true
	}
	q2, next2, ok := readOne(s, after, after+loc[1])
	if !ok || (q.Unit != "" && q2.Unit != "" && q.Unit != q2.Unit) {
		return q, next, true
	}
	if !q.Scaled && q2.Scaled && q.Unit == "" {
		// "3~5만 명": the magnitude applies to both ends.
		q.Value *= q2.Value / rawValue(s[after:after+loc[1]])
		q.Scaled = true
	}
	if q.Unit == "" {
		q.Unit = q2.Unit
	}
	q.Max, q.Bound, q.End = q2.Value, q2.Bound, q2.End
	q.Text = s[q.Start:q.End]
	return q, next2, true
}

func rawValue(digits string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(digits, ",", ""), 64)
	if v == 0 {
		return 1
	}
	return v
}

// readOne reads a number, its magnitudes (several in "3조 1천억"), its
// unit and its bound. next is where reading stopped.
func readOne(s string, start, end int) (Quantity, int, bool) {
	prev, _ := utf8.DecodeLastRuneInString(s[:start])
	if start > 0 && prev < utf8.RuneSelf && unicode.IsLetter(prev) {
		// Digits inside an identifier: "BIN0003", "n08c00".
		return Quantity{}, skipAlnum(s, end), false
	}
	if strings.HasPrefix(s[end:], ")") && start > 0 && (unicode.IsLetter(prev) || prev == '*') && open(s[:start]) <= 0 {
		// A footnote mark glued to a word: "제안기준1)".
		return Quantity{}, end + 1, false
	}
	if nextR, _ := utf8.DecodeRuneInString(s[end:]); nextR == '.' || nextR == ',' {
		// "1.2.3" section numbers and "1,2" lists stop at the first part.
		if loc := numRe.FindStringIndex(s[end+1:]); loc != nil && loc[0] == 0 && nextR == '.' {
			return Quantity{}, end + 1 + loc[1], false
		}
	}
	q := Quantity{Start: start, Value: rawValue0(s[start:end])}
	neg := false
	switch {
	case strings.HasSuffix(s[:start], "△"):
		neg, q.Start = true, start-len("△")
	case strings.HasSuffix(s[:start], "-"):
		before, _ := utf8.DecodeLastRuneInString(s[:start-1])
		if start == 1 || unicode.IsSpace(before) || before == '(' {
			neg, q.Start = true, start-1
		}
	}
	pos := end
	// Magnitudes: "5천만", "3조 1천억", "1억 2,000만"; one space or line
	// break before the magnitude when a unit follows it ("5,200 억원", a
	// cell broken after its digits).
	mul, n := magnitudeAt(s, pos, start)
	if n == 0 && pos < len(s) && (s[pos] == ' ' || s[pos] == '\n') {
		if m2, n2 := magnitudeAt(s, pos+1, start); n2 > 0 {
			if _, un := unitAt(s, pos+1+n2); un > 0 {
				mul, n = m2, n2+1
			}
		}
	}
	if n > 0 {
		q.Value *= mul
		q.Scaled = true
		pos += n
		last := mul
		for {
			p := pos
			if p < len(s) && s[p] == ' ' {
				p++
			}
			loc := numRe.FindStringIndex(s[p:])
			if loc == nil || loc[0] != 0 {
				break
			}
			m2, n2 := magnitudeAt(s, p+loc[1], p)
			if n2 == 0 || m2 >= last || bigOf(m2) >= bigOf(last) {
				break
			}
			q.Value += rawValue0(s[p:p+loc[1]]) * m2
			pos = p + loc[1] + n2
			last = m2
		}
	}
	if neg {
		q.Value = -q.Value
	}
	// Unit, with at most one space before it.
	if u, n := unitAt(s, pos); n > 0 {
		q.Unit = u
		pos += n
	}
	// Bound.
	p := pos
	if p < len(s) && s[p] == ' ' {
		p++
	}
	for _, b := range bounds {
		if strings.HasPrefix(s[p:], b.word) {
			q.Bound = b.b
			pos = p + len(b.word)
			break
		}
	}
	q.Max, q.End = q.Value, pos
	q.Text = s[q.Start:q.End]
	return q, pos, true
}

func rawValue0(digits string) float64 {
	v, _ := strconv.ParseFloat(strings.ReplaceAll(digits, ",", ""), 64)
	return v
}

// bigOf is the 만/억/조 part of a multiplier (1 below 만).
func bigOf(m float64) float64 {
	for _, b := range []float64{1e12, 1e8, 1e4} {
		if m >= b {
			return b
		}
	}
	return 1
}

// magnitudeAt reads Korean magnitude words at s[pos:] ("천만", "억",
// "천"); numStart is where the digits began (a "조" after "제3" is an
// article of law, not a trillion).
func magnitudeAt(s string, pos, numStart int) (float64, int) {
	rest := s[pos:]
	for _, m := range magnitudes {
		if !strings.HasPrefix(rest, m.word) {
			continue
		}
		if strings.HasSuffix(m.word, "조") && strings.HasSuffix(s[:numStart], "제") {
			return 0, 0
		}
		n := len(m.word)
		mul := m.mul
		// "1천억", "5천만": a small magnitude before a big one.
		if mul < 1e4 {
			for _, b := range []struct {
				w string
				m float64
			}{{"만", 1e4}, {"억", 1e8}, {"조", 1e12}} {
				if strings.HasPrefix(rest[n:], b.w) {
					mul *= b.m
					n += len(b.w)
					break
				}
			}
		}
		return mul, n
	}
	return 0, 0
}

// unitAt reads a unit at s[pos:], after at most one space. A Hangul unit
// set apart by a space must end its word or carry a particle ("원이").
func unitAt(s string, pos int) (string, int) {
	p := pos
	spaced := false
	if p < len(s) && s[p] == ' ' {
		p++
		spaced = true
	}
	rest := s[p:]
	for _, b := range bounds {
		if strings.HasPrefix(rest, b.word) {
			return "", 0
		}
	}
	for _, k := range unitKeys {
		if !strings.HasPrefix(rest, k) {
			continue
		}
		after := rest[len(k):]
		r, _ := utf8.DecodeRuneInString(after)
		last, _ := utf8.DecodeLastRuneInString(k)
		if last < utf8.RuneSelf && unicode.IsLetter(last) && r < utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			continue // "m" of "million", "g" of "gap"
		}
		if isHangul(last) && isHangul(r) && spaced && !hasParticle(after) {
			continue // "30 일부"
		}
		n := p - pos + len(k)
		// "g/그루", "kg/ha": per-units after a Latin unit.
		if last < utf8.RuneSelf && strings.HasPrefix(after, "/") {
			m := 1
			for _, r := range after[1:] {
				if !(unicode.IsLetter(r) || r == '²') {
					break
				}
				m += utf8.RuneLen(r)
			}
			if m > 1 {
				return units[k] + after[:m], n + m
			}
		}
		return units[k], n
	}
	return "", 0
}

func hasParticle(s string) bool {
	for _, p := range particles {
		if strings.HasPrefix(s, p) {
			r, _ := utf8.DecodeRuneInString(s[len(p):])
			if !isHangul(r) || len(p) > 3 {
				return true
			}
			// A one-syllable particle followed by more Hangul ("원이며").
			return p == "이" || p == "으로" || p == "로" || p == "였" || p == "에"
		}
	}
	return false
}

func isHangul(r rune) bool { return r >= 0xAC00 && r <= 0xD7A3 }

func skipAlnum(s string, pos int) int {
	for pos < len(s) {
		r, n := utf8.DecodeRuneInString(s[pos:])
		if r >= utf8.RuneSelf || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
			break
		}
		pos += n
	}
	return pos
}

// open counts the parentheses left open in s.
func open(s string) int {
	return strings.Count(s, "(") + strings.Count(s, "（") - strings.Count(s, ")") - strings.Count(s, "）")
}

// ParseUnit reads the unit a column name or a unit note asks for: the
// part in parentheses when there is one ("보증 한도(만 원)" → {원, 1e4},
// "비율(%)" → {%, 1}), else the whole text when it is a unit ("개",
// "단위: 억 원"). ok is false when s names no unit.
func ParseUnit(s string) (Unit, bool) {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexAny(s, "(（"); i >= 0 {
		inner := strings.TrimRight(s[i:], ")） ")
		_, w := utf8.DecodeRuneInString(inner)
		if u, ok := unitWord(inner[w:]); ok {
			return u, true
		}
	}
	if i := strings.Index(s, "단위"); i >= 0 {
		rest := strings.TrimRight(strings.TrimLeft(s[i+len("단위"):], " :："), ")） ")
		if u, ok := unitWord(rest); ok {
			return u, true
		}
	}
	return unitWord(s)
}

// unitWord reads "[magnitude] [unit]" filling the whole of s.
func unitWord(s string) (Unit, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Unit{}, false
	}
	u := Unit{Scale: 1}
	for _, m := range magnitudes {
		if strings.HasPrefix(s, m.word) {
			u.Scale = m.mul
			s = s[len(m.word):]
			for _, b := range []struct {
				w string
				m float64
			}{{"만", 1e4}, {"억", 1e8}, {"조", 1e12}} {
				if m.mul < 1e4 && strings.HasPrefix(s, b.w) {
					u.Scale *= b.m
					s = s[len(b.w):]
					break
				}
			}
			s = strings.TrimSpace(s)
			break
		}
	}
	if s == "" {
		return u, u.Scale != 1
	}
	if c, ok := units[s]; ok {
		u.Base = c
		return u, true
	}
	// A per-unit such as "g/그루".
	if i := strings.Index(s, "/"); i > 0 {
		if c, ok := units[s[:i]]; ok {
			u.Base = c + s[i:]
			return u, true
		}
	}
	return Unit{}, false
}

// compatible reports whether two canonical units measure the same thing.
func compatible(a, b string) bool {
	if a == b || a == "" || b == "" {
		return true
	}
	same := func(x, y string) bool { return a == x && b == y || a == y && b == x }
	return same("개", "개소") || same("%", "%p") || same("개", "곳") || same("개소", "곳")
}

// In converts q into unit u: "5천만 원" in 만 원 is 5000. A bare number
// without magnitude is taken to be in u already. ok is false when the
// units measure different things (명 and 원).
func (q Quantity) In(u Unit) (float64, bool) {
	if !compatible(q.Unit, u.Base) && !strings.HasPrefix(q.Unit, u.Base+"/") {
		return 0, false
	}
	scale := u.Scale
	if scale == 0 {
		scale = 1
	}
	if q.Unit == "" && !q.Scaled {
		return q.Value, true
	}
	return q.Value / scale, true
}

// Format prints v without thousands separators or trailing zeros,
// rounded to 6 decimals: 5000, 68.2, 0.5. NaN and ±Inf (an unreadable or
// overflowed value) print as "", never as a number.
func Format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	r := math.Round(v*1e6) / 1e6
	if r == 0 {
		r = 0 // no "-0"
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
