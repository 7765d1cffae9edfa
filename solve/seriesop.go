package solve

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/textkit"
)

// A question may ask more of a series (a chart's values, a table column or
// a row across dated columns) than one operation word says: a rank ("두
// 번째로 높은", "셋째로 많은", "가장 낮은 것 다음으로"), how many points meet
// a condition ("10% 미만인 항목은 몇 개"), the first or last point that
// meets one ("처음으로 1 미만으로 떨어진 해", "마지막으로 증가한 해"), and the
// stretch of rows it looks at ("1990년대 중", "2015년 이후",
// "2010~2015년 사이", "최근 5년간"). seriesAsk is that reading.
type seriesAsk struct {
	// Rank is N of an ordinal ("세 번째로"), 0 when none; High is its
	// direction (높/크/많 rather than 낮/작/적).
	Rank int
	High bool
	// Cond is the condition points must meet for Count, First and Last;
	// nil when the question states none.
	Cond *seriesCond
	// Count asks how many points meet Cond ("몇 개", "몇 곳", "몇 해").
	Count bool
	// First and Last ask for the first or last point meeting Cond.
	First, Last bool
	// Range restricts the points to a stretch of years.
	Range yearRange
	// spans are the question's words that say the range and the
	// threshold: they name no row.
	spans []string
}

// seriesCond is a condition on a point: a comparison with a threshold
// (Cmp one of "<", "<=", ">", ">=") or a change from the point before
// (Cmp "rise" or "fall").
type seriesCond struct {
	Cmp   string
	Value float64
}

// yearRange is a closed stretch of years; From or To 0 leaves that end
// open. LastN > 0 keeps only the last N dated points ("최근 5년").
type yearRange struct {
	From, To, LastN int
}

func (r yearRange) set() bool { return r.From != 0 || r.To != 0 || r.LastN > 0 }

func (r yearRange) holds(y int) bool {
	return y != 0 && (r.From == 0 || y >= r.From) && (r.To == 0 || y <= r.To)
}

// active reports whether the question asks a series operation of its
// own; a range alone does not (it only narrows another operation).
func (a seriesAsk) active() bool {
	return a.Rank > 0 || a.Count && a.Cond != nil || (a.First || a.Last) && a.Cond != nil
}

// koreanOrdinals maps the native numerals of ordinals ("두 번째", "셋째").
var koreanOrdinals = map[string]int{"첫": 1, "한": 1, "두": 2, "둘": 2, "세": 3, "셋": 3, "네": 4, "넷": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9, "열": 10}

var (
	// ordinalRe: "두 번째", "2번째", "둘째", "세번째", "3위".
	ordinalRe = regexp.MustCompile(`(첫|두|둘|세|셋|네|넷|다섯|여섯|일곱|여덟|아홉|열|\d+)\s*(?:번\s*)?째|(\d+)\s*위(?:인|의|를|로|에|는|가|$|\s)`)
	// nextToRe: "가장 높은 것 다음으로", "가장 많은 항목 다음으로": the second.
	nextToRe = regexp.MustCompile(`(?:가장|제일)\s*\S+\s*(?:\S+\s*)?다음(?:으로|가는|인|$|\s)`)
	// thresholdRe: a number, its unit, a particle and a comparison word.
	thresholdRe = regexp.MustCompile(`(\d[\d,]*(?:\.\d+)?)\s*((?:만|억|조|천|백)?\s?[%a-zA-Z가-힣㎡㎢]{0,3}?)\s*(을|를|이|가|에|보다|으로|로)?\s*(이상|이하|초과|미만|넘|못\s*미치|미치지\s*못|미달|밑돌|밑도|밑돈|하회|웃돌|웃도|웃돈|상회|돌파|아래|높|크|큰|많|낮|작|적)`)
	// countAskRe: the question counts ("몇 개", "몇 곳", "몇 해", "개수").
	countAskRe = regexp.MustCompile(`몇\s*(?:개|곳|해|년|가지|항목|번|회|차례|건|종|군데|나라|국가|지역)|개수|가짓수`)
	firstRe    = regexp.MustCompile(`처음|최초|맨\s*먼저|가장\s*먼저|첫\s*해`)
	lastRe     = regexp.MustCompile(`마지막|가장\s*늦|가장\s*최근|맨\s*나중`)
	// Ranges of years.
	yearTok   = `((?:19|20)\d{2}|[’'‘]\d{2})`
	spanRe    = regexp.MustCompile(yearTok + `\s*년?\s*(?:~|∼|〜|-|–|—|부터|에서)\s*` + yearTok + `\s*년?(?:도)?\s*(?:까지|사이|동안|기간)?(?:의|에|중)?`)
	decadeRe  = regexp.MustCompile(`((?:19|20)\d0|\d0)\s*년대\s*(초반|중반|후반|초|중반|말|말기)?(?:의|에|중)?`)
	sinceRe   = regexp.MustCompile(yearTok + `\s*년?(?:도)?\s*(이후|부터|이래|以後|以來|이전|까지)`)
	recentRe  = regexp.MustCompile(`최근\s*(\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉|열)\s*(?:개년|년|해)`)
	fallWords = []string{"감소", "줄어", "줄었", "줄어든", "떨어", "하락", "낮아", "내려"}
	riseWords = []string{"증가", "늘어", "늘었", "늘어난", "상승", "높아", "올라", "오른", "올랐"}
)

// askSeries reads what a question asks of a series.
func askSeries(q string) seriesAsk {
	var a seriesAsk
	if m := ordinalRe.FindStringSubmatchIndex(q); m != nil {
		n := 0
		if m[2] >= 0 {
			w := q[m[2]:m[3]]
			if k, ok := koreanOrdinals[w]; ok {
				n = k
			} else {
				n, _ = strconv.Atoi(w)
			}
		} else {
			n, _ = strconv.Atoi(q[m[4]:m[5]])
		}
		high, ok := direction(q[m[1]:])
		if !ok && m[4] >= 0 {
			high, ok = true, true // "2위": ranks count from the top
		}
		if ok && n >= 1 {
			a.Rank, a.High = n, high
		}
	}
	if a.Rank == 0 {
		if m := nextToRe.FindStringIndex(q); m != nil {
			if high, ok := direction(q[m[0]:]); ok {
				a.Rank, a.High = 2, high
			}
		}
	}
	rest := q
	// Ranges first: their years are no thresholds.
	if m := spanRe.FindStringSubmatch(rest); m != nil {
		a.Range.From, a.Range.To = yearOf(m[1]), yearOf(m[2])
		if a.Range.From > a.Range.To {
			a.Range.From, a.Range.To = a.Range.To, a.Range.From
		}
		a.spans = append(a.spans, m[0])
		rest = strings.Replace(rest, m[0], " ", 1)
	} else if m := decadeRe.FindStringSubmatch(rest); m != nil {
		d, _ := strconv.Atoi(m[1])
		if d < 100 {
			d += 1900
			if d < 1950 {
				d += 100
			}
		}
		from, to := d, d+9
		switch m[2] {
		case "초", "초반":
			to = d + 3
		case "중", "중반":
			from, to = d+3, d+6
		case "말", "말기", "후반":
			from = d + 6
		}
		a.Range = yearRange{From: from, To: to}
		a.spans = append(a.spans, m[0])
		rest = strings.Replace(rest, m[0], " ", 1)
	} else if m := sinceRe.FindStringSubmatch(rest); m != nil {
		y := yearOf(m[1])
		switch m[2] {
		case "이전", "까지":
			a.Range.To = y
		default:
			a.Range.From = y
		}
		a.spans = append(a.spans, m[0])
		rest = strings.Replace(rest, m[0], " ", 1)
	} else if m := recentRe.FindStringSubmatch(rest); m != nil {
		n, ok := koreanCounts[m[1]]
		if !ok {
			n, _ = strconv.Atoi(m[1])
		}
		a.Range.LastN = n
		a.spans = append(a.spans, m[0])
		rest = strings.Replace(rest, m[0], " ", 1)
	}
	for _, m := range thresholdRe.FindAllStringSubmatch(rest, -1) {
		unit, particle, word := m[2], m[3], strings.ReplaceAll(m[4], " ", "")
		if strings.HasPrefix(unit, "년") || strings.HasPrefix(unit, "번") || strings.HasPrefix(unit, "위") || strings.HasPrefix(unit, "째") {
			continue // a year, an ordinal or a rank, not a threshold
		}
		cmp := ""
		switch word {
		case "이상":
			cmp = ">="
		case "이하":
			cmp = "<="
		case "초과", "넘", "웃돌", "웃도", "웃돈", "상회", "돌파":
			cmp = ">"
		case "미만", "못미치", "미치지못", "미달", "밑돌", "밑도", "밑돈", "하회", "아래":
			cmp = "<"
		case "높", "크", "큰", "많":
			if particle == "보다" {
				cmp = ">"
			}
		case "낮", "작", "적":
			if particle == "보다" {
				cmp = "<"
			}
		}
		if cmp == "" {
			continue
		}
		v, err := strconv.ParseFloat(strings.ReplaceAll(m[1], ",", ""), 64)
		if err != nil {
			continue
		}
		a.Cond = &seriesCond{Cmp: cmp, Value: v}
		a.spans = append(a.spans, m[0])
		break
	}
	a.First = firstRe.MatchString(q)
	a.Last = !a.First && lastRe.MatchString(q)
	a.Count = !a.First && !a.Last && countAskRe.MatchString(q)
	if a.Cond == nil && (a.First || a.Last || a.Count) {
		s := strings.ReplaceAll(rest, " ", "")
		switch {
		case hasAnyWord(s, fallWords...):
			a.Cond = &seriesCond{Cmp: "fall"}
		case hasAnyWord(s, riseWords...):
			a.Cond = &seriesCond{Cmp: "rise"}
		}
	}
	return a
}

// yearOf reads "2015" or "’15" as a year.
func yearOf(s string) int {
	p, ok := numbers.ParsePeriod(s)
	if !ok {
		return 0
	}
	return p.Year
}

// direction reads the direction of a rank from the words after it: the
// first word that starts with 높/크/큰/많/상위 (high) or 낮/작/적/하위 (low).
// Words are checked from their start, so "경제적" is no 적.
func direction(s string) (high, ok bool) {
	for _, w := range strings.Fields(s) {
		w = strings.TrimLeft(w, "\"'“”‘’(")
		for _, p := range []string{"높", "크", "큰", "많", "상위", "최고", "최대", "최다"} {
			if strings.HasPrefix(w, p) {
				return true, true
			}
		}
		for _, p := range []string{"낮", "작", "적", "하위", "최저", "최소"} {
			if strings.HasPrefix(w, p) {
				return false, true
			}
		}
	}
	return false, false
}

// holds reports whether point i of vals meets the condition.
func (c seriesCond) holds(vals []float64, i int) bool {
	v := vals[i]
	switch c.Cmp {
	case "<":
		return v < c.Value
	case "<=":
		return v <= c.Value
	case ">":
		return v > c.Value
	case ">=":
		return v >= c.Value
	case "rise":
		return i > 0 && v > vals[i-1]
	case "fall":
		return i > 0 && v < vals[i-1]
	}
	return false
}

// seriesPoint is one value of a series with its label and the year the
// label names (0 for none).
type seriesPoint struct {
	Label string
	Year  int
	Value float64
}

// answerSeries answers a seriesAsk (and a max, min, sum, mean or
// difference narrowed by a range) over the points of one series. label
// says whether the question asks for the point's label rather than its
// value. ok is false when the series cannot answer (no point in the
// range, none meeting the condition, a rank past its end).
func answerSeries(pts []seriesPoint, a seriesAsk, o op, question string) (computed, bool) {
	if a.Range.set() {
		var in []seriesPoint
		for _, p := range pts {
			if a.Range.LastN == 0 && a.Range.holds(p.Year) || a.Range.LastN > 0 && p.Year != 0 {
				in = append(in, p)
			}
		}
		if a.Range.LastN > 0 && len(in) > a.Range.LastN {
			in = in[len(in)-a.Range.LastN:]
		}
		pts = in
	}
	if len(pts) == 0 {
		return computed{}, false
	}
	vals := make([]float64, len(pts))
	for i, p := range pts {
		vals[i] = p.Value
	}
	labelOrValue := func(i int, label bool) (computed, bool) {
		if label {
			return computed{Value: cleanLabel(pts[i].Label), Cells: len(pts)}, true
		}
		return computed{Value: numbers.Format(vals[i]), Cells: len(pts)}, true
	}
	switch {
	case a.Rank > 0:
		if a.Rank > len(pts) {
			return computed{}, false
		}
		idx := make([]int, len(pts))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(i, j int) bool {
			if a.High {
				return vals[idx[i]] > vals[idx[j]]
			}
			return vals[idx[i]] < vals[idx[j]]
		})
		return labelOrValue(idx[a.Rank-1], asksLabel(question))
	case a.Count && a.Cond != nil:
		n := 0
		for i := range vals {
			if a.Cond.holds(vals, i) {
				n++
			}
		}
		return computed{Value: strconv.Itoa(n), Cells: len(pts)}, true
	case (a.First || a.Last) && a.Cond != nil:
		label := !asksValue(question) || askedYearCount(question)
		if a.First {
			for i := range vals {
				if a.Cond.holds(vals, i) {
					return labelOrValue(i, label)
				}
			}
		} else {
			for i := len(vals) - 1; i >= 0; i-- {
				if a.Cond.holds(vals, i) {
					return labelOrValue(i, label)
				}
			}
		}
		return computed{}, false
	}
	switch o {
	case opMax, opMin:
		bi := 0
		for i, v := range vals {
			if o == opMax && v > vals[bi] || o == opMin && v < vals[bi] {
				bi = i
			}
		}
		return labelOrValue(bi, asksLabel(question))
	case opSum, opMean:
		s := 0.0
		for _, v := range vals {
			s += v
		}
		if o == opMean {
			s /= float64(len(vals))
		}
		return computed{Value: numbers.Format(roundTo2(s)), Cells: len(pts)}, true
	case opDiff:
		if len(vals) < 2 {
			return computed{}, false
		}
		d := vals[len(vals)-1] - vals[0]
		if d < 0 {
			d = -d
		}
		return computed{Value: numbers.Format(roundTo2(d)), Cells: len(pts)}, true
	}
	return computed{}, false
}

// asksValue reports whether a question asks for an amount: 얼마, or 몇
// with a counter that is not a date ("몇 %", "몇 명"; not "몇 년도").
func asksValue(q string) bool {
	if strings.Contains(q, "얼마") {
		return true
	}
	e := expect(q)
	return e.Kind == kindQuantity && strings.Contains(q, "몇")
}

// askedYearCount reports whether "몇 년" asks which year rather than how
// many years: "몇 년인가", "몇 년이었나" with no 동안/간.
func askedYearCount(q string) bool {
	return expect(q).Unit == "년" && !strings.Contains(q, "동안") && !strings.Contains(q, "년간")
}

// dateNouns and labelNouns are head nouns that ask for a row's or a
// column's label rather than its value ("…가 가장 높았던 연도는?", "…이
// 두 번째로 많은 항목은?").
var (
	dateNouns  = []string{"연도", "년도", "해", "시기", "시점", "때", "연월", "월", "분기", "날짜", "일자", "기간", "해는"}
	labelNouns = []string{"것", "항목", "요인", "이유", "원인", "지역", "분야", "유형", "부문", "기관", "국가", "나라", "품목", "업종", "대상", "종류", "계층", "연령대", "집단", "과목", "사업", "시도", "도시", "권역", "방법", "수단", "응답", "곳", "업체", "부처", "시장", "제도", "산업", "직종"}
)

// asksLabel reports whether a question about a series asks for a label
// (a year, an item) rather than a value: an interrogative that asks
// which (어느, 무엇, 언제 …) or a head noun that names labels ("연도는",
// "해는", "항목은", "요인은"), and no 얼마 or quantity counter.
func asksLabel(q string) bool {
	if expect(q).Kind == kindDate {
		return true // 언제, 몇 년도, 어느 해
	}
	if asksValue(q) {
		return false
	}
	if asksWhich(q) {
		return true
	}
	head := headWord(q)
	for _, n := range dateNouns {
		if head == n {
			return true
		}
	}
	for _, n := range labelNouns {
		if head == n || strings.HasSuffix(head, n) && len([]rune(head)) > len([]rune(n)) && n != "해" && n != "곳" && n != "것" {
			return true
		}
	}
	return false
}

// headWord is the last word of a question's focus, its particle dropped:
// the noun it asks about ("…높았던 연도는?" → 연도).
func headWord(q string) string {
	focus := strings.TrimSpace(tailRe.ReplaceAllString(q, ""))
	ws := strings.Fields(focus)
	if len(ws) == 0 {
		return ""
	}
	w := strings.Trim(ws[len(ws)-1], "?？.,\"'“”‘’()")
	s := textkit.StripParticle(w)
	if s == w && utf8.RuneCountInString(w) == 2 {
		// A one-syllable noun keeps its particle in StripParticle ("해는").
		for _, p := range []string{"은", "는", "이", "가", "을", "를"} {
			if strings.HasSuffix(w, p) {
				return strings.TrimSuffix(w, p)
			}
		}
	}
	return s
}

func roundTo2(v float64) float64 {
	if v < 0 {
		return -roundTo2(-v)
	}
	return float64(int64(v*100+0.5)) / 100
}

// seriesOf reads the series a question is about from a table's grid (hr
// header rows, lc label columns): the row namedRow across its dated
// columns when it has at least two ("구분 | 2021 | 2022 | 2023"), else
// column col down the data rows, totals left out (a chart's categories
// with their values). Values are read as the table writes them ("1,200억원"
// is 1200). nil when there is none.
func seriesOf(grid [][]string, hr, lc, namedRow, col int) []seriesPoint {
	var pts []seriesPoint
	if namedRow >= 0 && namedRow < len(grid) {
		dates := columnPeriods(grid, hr, lc)
		for c := lc; c < len(grid[namedRow]) && c < len(dates); c++ {
			if dates[c].Year == 0 {
				continue
			}
			if v, ok := cellNumber(grid[namedRow][c]); ok {
				pts = append(pts, seriesPoint{Label: lastHeader(grid, hr, c), Year: dates[c].Year, Value: v})
			}
		}
		if len(pts) >= 2 {
			return pts
		}
		pts = nil
	}
	if col < 0 {
		return nil
	}
	for r := hr; r < len(grid); r++ {
		label := strings.Join(dedupe(labelCells(grid, hr, lc, r)), " ")
		if isTotalRow(label) || col >= len(grid[r]) {
			continue
		}
		v, ok := cellNumber(grid[r][col])
		if !ok {
			continue
		}
		y := 0
		l := strings.TrimSpace(cleanLabel(label))
		if p, ok := numbers.ParsePeriod(l); ok && wholeHeaderWord(l, p) {
			y = p.Year
		}
		pts = append(pts, seriesPoint{Label: label, Year: y, Value: v})
	}
	return pts
}

// labelCells are the cells of row r that name it: its first lc cells
// (labelColumns), a column that numbers the rows (serialColumn) left out
// when another label column follows it.
func labelCells(grid [][]string, hr, lc, r int) []string {
	var cells []string
	for c := 0; c < min(lc, len(grid[r])); c++ {
		if c+1 < lc && serialColumn(grid, hr, c) {
			continue
		}
		cells = append(cells, grid[r][c])
	}
	return cells
}

// serialWords head a column of row numbers.
var serialWords = []string{"연번", "순번", "번호", "no", "no.", "순위"}

// serialColumn reports whether column c numbers the rows rather than
// naming them: its header (a row above hr) is 연번, 순번, 번호 or No., or
// its data cells count 1, 2, 3, … A row's label leaves it out ("2 가온
// 센터" is 가온 센터).
func serialColumn(grid [][]string, hr, c int) bool {
	for r := 0; r < hr && r < len(grid); r++ {
		if c < len(grid[r]) && slices.Contains(serialWords, strings.ToLower(strings.ReplaceAll(grid[r][c], " ", ""))) {
			return true
		}
	}
	n := 0
	for r := hr; r < len(grid); r++ {
		if c >= len(grid[r]) {
			return false
		}
		cell := strings.TrimSpace(grid[r][c])
		if cell == "" {
			continue
		}
		if cell != strconv.Itoa(n+1) {
			return false
		}
		n++
	}
	return n >= 2
}

// cellNumber reads a cell's number as the table writes it: "1,200억원"
// is 1200, "12.5%" 12.5.
func cellNumber(cell string) (float64, bool) {
	if _, ok := numbers.Parse(cell); !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(cellValue(cell, "", numbers.Unit{}), ",", ""), 64)
	return v, err == nil
}
