package charts

import (
	"context"
	"fmt"
	"image"
	"math"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/ocr"
)

// Annotation kinds (Annotation.Kind).
const (
	// AnnotationLine is a straight dashed or dotted reference line across
	// the plot (a target, an average, a threshold), with its caption.
	AnnotationLine = "line"
	// AnnotationCallout is text inside the plot that labels no mark: a
	// callout box or a note beside a point ("역대 최저 0.72").
	AnnotationCallout = "callout"
	// AnnotationNote is a note line under the plot ("※ 2024년은 잠정치",
	// "자료: 통계청").
	AnnotationNote = "note"
)

// Annotation is what a chart shows besides its data: a reference line, a
// callout or a note. Positions are image pixels.
type Annotation struct {
	// Kind is one of the Annotation constants.
	Kind string
	// Text is the caption or note as read ("초저출산 기준 (1.3명)"); ""
	// for a reference line without a caption.
	Text string
	// Number is the number in Text as printed ("1.3", "+5.2", "1,200"),
	// Unit the unit written after it ("명", "%"); both "" when Text
	// holds no number (a year or date in Text is not taken for it).
	Number, Unit string
	// Box is where the line or the text is in the image.
	Box image.Rectangle
	// For a reference line: Vertical is true for a line from top to
	// bottom; Dash is "점선" (dots, no longer than twice the line is
	// thick) or "파선" (dashes); Color is its colour's Korean name
	// ("빨간색", "회색").
	Vertical bool
	Dash     string
	Color    string
	// AxisValue is where the line crosses the value axis, read by the
	// axis calibration of the extractor (tick labels); NaN when the line
	// runs along the value axis or no axis was calibrated.
	AxisValue float64
	// Category is, for a line across the category axis (a vertical line
	// in a column or line chart), the category it stands at (within half
	// the distance between two categories); "" otherwise.
	Category string
}

// Line renders an annotation as one note line of the chart's table: a
// reference line as "빨간색 점선 기준선: 초저출산 기준 (1.3명)" (its axis
// value after "=" when the caption gives no number), a callout as
// "주석: 역대 최저 0.72", a note as read.
func (an Annotation) Line() string {
	switch an.Kind {
	case AnnotationLine:
		dir := "가로"
		if an.Vertical {
			dir = "세로"
		}
		head := strings.TrimSpace(fmt.Sprintf("%s %s(%s) 기준선", an.Color, an.Dash, dir))
		if an.Category != "" {
			head += " " + an.Category
		}
		text := an.Text
		if an.Number == "" && !math.IsNaN(an.AxisValue) {
			text = strings.TrimSpace(text + " = " + FormatValue(round(an.AxisValue, 2)))
		}
		return head + ": " + text
	case AnnotationCallout:
		return "주석: " + an.Text
	default:
		return an.Text
	}
}

// refLine is a dashed or dotted straight line found in the pixels.
type refLine struct {
	vertical bool
	at       float64 // centre row (column when vertical)
	lo, hi   int     // extent along the line
	thick    int
	dashLen  float64 // median dash length
	dashes   int
	r, g, b  int // mean colour of the dashes
}

func (l refLine) box() image.Rectangle {
	c := int(l.at)
	if l.vertical {
		return image.Rect(c-l.thick/2, l.lo, c-l.thick/2+l.thick, l.hi)
	}
	return image.Rect(l.lo, c-l.thick/2, l.hi, c-l.thick/2+l.thick)
}

// isInk says whether a pixel may belong to a drawn line: not white, not
// a light gray (gridlines and backgrounds are light and solid).
func isInk(r, g, b int) bool {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi-lo >= 50 && lo < 230 {
		return true
	}
	return hi < 150 || hi-lo < 20 && hi <= 190
}

// inkDist is the distance of two colours (sum of channel differences):
// the dashes of one line are within dashColourDist of their mean.
func inkDist(r1, g1, b1, r2, g2, b2 int) int { return abs(r1-r2) + abs(g1-g2) + abs(b1-b2) }

const dashColourDist = 90

// dash is a run of ink of one colour along a row (column).
type dash struct {
	lo, hi  int
	r, g, b int // mean colour
}

// findRefLines finds straight dashed or dotted lines: on one row (column
// for vertical lines), at least 8 short runs of one colour at a regular
// period, with short gaps (no longer than twice a dash, 6 px at least),
// spanning at least a quarter of the image and no thicker than 5 pixels,
// with the rows beside it free of its colour. A run of text has no
// regular period nor clear rows beside it; a series line is solid; a
// solid gridline seen between bars has gaps as wide as the bars; the
// anti-aliased edge of a shaded face is one run of near colours.
func findRefLines(m *image.RGBA, vertical bool, log interface {
	Debug(string, ...any)
}) []refLine {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	n, length := h, w // lines to scan, pixels along each
	if vertical {
		n, length = w, h
	}
	px := func(line, pos int) (int, int, int) {
		x, y := pos, line
		if vertical {
			x, y = line, pos
		}
		p := m.Pix[y*m.Stride+x*4:]
		return int(p[0]), int(p[1]), int(p[2])
	}
	var hits []refLine
	for li := 0; li < n; li++ {
		var runs []dash
		for pos := 0; pos < length; {
			r0, g0, b0 := px(li, pos)
			if !isInk(r0, g0, b0) {
				pos++
				continue
			}
			d := dash{lo: pos}
			var sr, sg, sb int
			for pos < length {
				r, g, b := px(li, pos)
				if !isInk(r, g, b) || inkDist(r, g, b, r0, g0, b0) > dashColourDist {
					break
				}
				sr, sg, sb = sr+r, sg+g, sb+b
				pos++
			}
			d.hi = pos
			k := d.hi - d.lo
			d.r, d.g, d.b = sr/k, sg/k, sb/k
			runs = append(runs, d)
		}
		// Runs of one colour, in order.
		var groups [][]dash
		for _, d := range runs {
			placed := false
			for gi, g := range groups {
				if inkDist(d.r, d.g, d.b, g[0].r, g[0].g, g[0].b) <= dashColourDist {
					groups[gi] = append(g, d)
					placed = true
					break
				}
			}
			if !placed {
				groups = append(groups, []dash{d})
			}
		}
		for _, g := range groups {
			if l, ok := dashedRun(g, length); ok {
				l.vertical = vertical
				l.at = float64(li) + 0.5
				l.thick = 1
				hits = append(hits, l)
			}
		}
	}
	// Rows next to each other with a line of one colour are one line.
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	used := make([]bool, len(hits))
	var out []refLine
	for i := range hits {
		if used[i] {
			continue
		}
		used[i] = true
		cur, sum, rows, last := hits[i], hits[i].at, 1, hits[i].at
		for j := i + 1; j < len(hits) && hits[j].at-last <= 1.01; j++ {
			o := hits[j]
			if used[j] || o.at == last || inkDist(o.r, o.g, o.b, cur.r, cur.g, cur.b) > dashColourDist || o.hi < cur.lo || o.lo > cur.hi {
				continue
			}
			used[j] = true
			sum += o.at
			rows++
			last = o.at
			cur.lo, cur.hi = min(cur.lo, o.lo), max(cur.hi, o.hi)
			cur.dashes = max(cur.dashes, o.dashes)
		}
		cur.thick = rows
		cur.at = sum / float64(rows)
		switch {
		case cur.thick > 5:
			log.Debug("charts: dashed rows dropped: too thick for a reference line (a hatched area or text)", "at", cur.at, "rows", cur.thick, "vertical", vertical)
		case !clearBeside(cur, px, n, length):
			log.Debug("charts: dashed row dropped: its colour goes on across it (a row of text)", "at", cur.at, "from", cur.lo, "to", cur.hi, "vertical", vertical)
		default:
			out = append(out, cur)
		}
	}
	return out
}

// clearBeside says whether the rows (columns) just outside a dashed
// line's band are free of the line's colour along most of its inked
// length: dashes are thin marks, text strokes go on up and down (a bar
// under the line is another colour).
func clearBeside(l refLine, px func(line, pos int) (int, int, int), n, length int) bool {
	mine := func(li, pos int) bool {
		if li < 0 || li >= n {
			return false
		}
		r, g, b := px(li, pos)
		return isInk(r, g, b) && inkDist(r, g, b, l.r, l.g, l.b) <= dashColourDist
	}
	first := int(l.at - float64(l.thick)/2)
	inked, clear := 0, 0
	for pos := max(l.lo, 0); pos < l.hi && pos < length; pos++ {
		found := false
		for li := first; li < first+l.thick; li++ {
			if mine(li, pos) {
				found = true
				break
			}
		}
		if !found {
			continue
		}
		inked++
		if !mine(first-2, pos) && !mine(first+l.thick+1, pos) {
			clear++
		}
	}
	return inked > 0 && clear*10 >= inked*7
}

// dashedRun finds in the runs of one colour on one row the longest chain
// of short dashes at a regular period (interruptions of a few periods
// allowed: a series crossing, a caption on the line).
func dashedRun(ds []dash, length int) (refLine, bool) {
	if len(ds) < 8 {
		return refLine{}, false
	}
	var periods []int
	for i := 1; i < len(ds); i++ {
		periods = append(periods, ds[i].lo-ds[i-1].lo)
	}
	ps := append([]int(nil), periods...)
	sort.Ints(ps)
	p := float64(ps[len(ps)/2])
	if p < 2 || p > 40 {
		return refLine{}, false
	}
	onBeat := func(d int) bool {
		k := math.Round(float64(d) / p)
		return k >= 1 && k <= 6 && math.Abs(float64(d)-k*p) <= math.Max(1, 0.2*p)*k
	}
	best, bestLen := [2]int{}, 0
	start := 0
	for i := 1; i <= len(ds); i++ {
		if i == len(ds) || !onBeat(periods[i-1]) || ds[i].hi-ds[i].lo > int(p) {
			if i-start > bestLen {
				best, bestLen = [2]int{start, i}, i-start
			}
			start = i
		}
	}
	chain := ds[best[0]:best[1]]
	if len(chain) < 8 {
		return refLine{}, false
	}
	lo, hi := chain[0].lo, chain[len(chain)-1].hi
	if (hi-lo)*4 < length {
		return refLine{}, false
	}
	covered := 0
	var lens, gaps []int
	var r, g, b int
	for i, d := range chain {
		k := d.hi - d.lo
		covered += k
		lens = append(lens, k)
		r, g, b = r+d.r*k, g+d.g*k, b+d.b*k
		if i > 0 {
			gaps = append(gaps, d.lo-chain[i-1].hi)
		}
	}
	// Dashes of one length (text strokes vary), gaps no longer than
	// twice a dash (a solid line seen between bars has gaps as wide as
	// the bars).
	sort.Ints(lens)
	sort.Ints(gaps)
	med, gap := lens[len(lens)/2], gaps[len(gaps)/2]
	same := 0
	for _, l := range lens {
		if abs(l-med) <= max(1, med/3) {
			same++
		}
	}
	if same*10 < len(lens)*7 || med*10 > int(p)*9 || gap > max(2*med, 6) {
		return refLine{}, false
	}
	// The chain's own beats: runs missing where something crossed.
	beats := float64(hi-lo) / p
	if float64(len(chain)) < 0.6*beats {
		return refLine{}, false
	}
	return refLine{lo: lo, hi: hi, dashLen: float64(med), dashes: len(chain), r: r / covered, g: g / covered, b: b / covered}, true
}

// colorName is the Korean name of a colour (the words a question uses:
// 빨간 선, 회색 점선).
func colorName(r, g, b int) string {
	hi, lo := max(r, g, b), min(r, g, b)
	if hi-lo < 50 {
		if hi < 60 {
			return "검은색"
		}
		return "회색"
	}
	switch h := hue(r, g, b); {
	case h < 15 || h >= 330:
		return "빨간색"
	case h < 40:
		return "주황색"
	case h < 70:
		return "노란색"
	case h < 165:
		return "초록색"
	case h < 250:
		return "파란색"
	case h < 290:
		return "보라색"
	default:
		return "분홍색"
	}
}

// numberRe finds a number and the unit written after it.
var numberRe = regexp.MustCompile(`([+-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-−]?\d+(?:\.\d+)?)\s*(%p|%|명|배|만원|억원|조원|천원|원|개소|개|건|세|점|가구|회|시간|년|월|일|kg|톤|t)?`)

// numberIn finds the number a caption gives: the first that is not a
// date ("2024년", "3월"), with its unit.
func numberIn(s string) (num, unit string) {
	for _, m := range numberRe.FindAllStringSubmatch(s, -1) {
		switch m[2] {
		case "년", "월", "일":
			continue
		}
		return strings.ReplaceAll(m[1], "−", "-"), m[2]
	}
	return "", ""
}

// hasLetters says whether s holds a word of two letters or more (Hangul
// or Latin): a caption, not a stray number or OCR noise.
func hasLetters(s string) bool { return hasRun2(s, unicode.IsLetter) }

// hasRun2 reports whether s holds two runes in a row that pass is.
func hasRun2(s string, is func(rune) bool) bool {
	run := 0
	for _, r := range s {
		if is(r) {
			run++
			if run >= 2 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// noteMarkRe starts a note line under a chart.
var noteMarkRe = regexp.MustCompile(`^(※|\*|주\s*[):.]|주석|자료|출처|\(?\s*단위|source|note)`)

// annotations reads what the chart shows besides its data (after the
// series, title and legend took their words): dashed and dotted
// reference lines with their captions, callouts in the plot and notes
// under it. What is left out is logged (Debug) with the reason.
func (a *analysis) annotations() {
	if a.t.Type == TypeOther || a.t.Type == TypePie {
		return
	}
	plot, ok := a.plotBox()
	if !ok {
		return
	}
	th := a.textH
	if th <= 0 {
		th = 12
	}
	a.log.Debug("charts: looking for annotations", "plot", plot, "text_height", th)
	// Reference lines: across the plot, in no series' colour.
	var lines []refLine
	for _, vertical := range []bool{false, true} {
		for _, l := range findRefLines(a.m, vertical, a.log) {
			b := l.box()
			if !b.Overlaps(plot.Inset(-2)) {
				a.log.Debug("charts: dashed line outside the plot dropped", "box", b)
				continue
			}
			if a.seriesColour(l) {
				a.log.Debug("charts: dashed line in a series colour dropped (part of the series)", "box", b)
				continue
			}
			lines = append(lines, l)
		}
	}
	sort.SliceStable(lines, func(i, j int) bool {
		if lines[i].vertical != lines[j].vertical {
			return !lines[i].vertical
		}
		return lines[i].at < lines[j].at
	})
	// Free words: not the title, not taken by the data, not the dashes
	// of a reference line read as letters ("……ㅡ", "헤 헤").
	var inPlot, below []*word
	for _, w := range a.ws {
		if w.used || w.orig.Overlaps(a.titleBox) || junkText(w.Text) {
			continue
		}
		if l, ok := onLine(w.orig, lines); ok {
			a.log.Debug("charts: text read on a reference line's dashes dropped", "text", w.Text, "box", w.orig, "line", l.box())
			continue
		}
		b := w.orig
		cx, cy := center(b)
		switch {
		case cy > float64(plot.Max.Y)+float64(th)/2:
			below = append(below, w)
		case cx >= float64(plot.Min.X-th) && cy >= float64(plot.Min.Y-2*th):
			inPlot = append(inPlot, w)
		default:
			a.log.Debug("charts: text beside the plot left out (an axis title)", "text", w.Text, "box", b)
		}
	}
	ps := phrases(inPlot, 1.0)
	taken := make([]bool, len(ps))
	for _, l := range lines {
		an := Annotation{Kind: AnnotationLine, Box: l.box(), Vertical: l.vertical, Color: colorName(l.r, l.g, l.b), AxisValue: a.lineValue(l)}
		an.Dash = "파선"
		if l.dashLen <= 2*float64(l.thick)+1 {
			an.Dash = "점선"
		}
		// The caption: the phrase nearest the line, beside it (within
		// two text heights across) and along its extent.
		bi, bd := -1, math.Inf(1)
		for i, p := range ps {
			if taken[i] || !hasLetters(p.text) && !hasNumber(p.text) {
				continue
			}
			cx, cy := center(p.box)
			across, along, lo, hi := cy, cx, float64(l.lo), float64(l.hi)
			if l.vertical {
				across, along = cx, cy
			}
			d := math.Abs(across - l.at)
			if l.vertical {
				d = max(0, math.Max(float64(p.box.Min.X)-l.at, l.at-float64(p.box.Max.X)))
			}
			if d > 2*float64(max(th, p.box.Dy())) || along < lo-3*float64(th) || along > hi+3*float64(th) {
				continue
			}
			if d < bd {
				bi, bd = i, d
			}
		}
		if bi >= 0 {
			capt := captionLine(ps, taken, bi, th)
			an.Text = capt.text
			an.Box = an.Box.Union(capt.box)
			a.annotBoxes = append(a.annotBoxes, annotBox{len(a.t.Annotations), capt.box})
		} else {
			a.log.Debug("charts: reference line without a caption", "box", an.Box, "value", an.AxisValue)
		}
		an.Number, an.Unit = numberIn(an.Text)
		if ci := a.lineCategory(l); ci >= 0 {
			an.Category = a.t.Categories[ci]
			a.annotCats = append(a.annotCats, [2]int{len(a.t.Annotations), ci})
		}
		a.t.Annotations = append(a.t.Annotations, an)
	}
	for i, p := range ps {
		if taken[i] {
			continue
		}
		if !hasLetters(p.text) {
			a.log.Debug("charts: text in the plot that labels no mark and says nothing left out", "text", p.text, "box", p.box)
			continue
		}
		if cx, _ := center(p.box); cx > float64(plot.Max.X+th) || cx < float64(plot.Min.X) {
			a.log.Debug("charts: text beside the plot left out (a legend or colour scale's title)", "text", p.text, "box", p.box)
			continue
		}
		if why := a.notText(p); why != "" {
			a.log.Debug("charts: text in the plot left out: "+why, "text", p.text, "box", p.box)
			continue
		}
		an := Annotation{Kind: AnnotationCallout, Text: p.text, Box: p.box, AxisValue: math.NaN()}
		an.Number, an.Unit = numberIn(an.Text)
		a.annotBoxes = append(a.annotBoxes, annotBox{len(a.t.Annotations), p.box})
		a.t.Annotations = append(a.t.Annotations, an)
	}
	// Notes: the lines under the plot that start as notes do or give a
	// number; a line of words alone is the category axis's title.
	for _, ln := range textLinesOf(below) {
		if !noteMarkRe.MatchString(strings.ToLower(ln.text)) && !(hasNumber(ln.text) && hasLetters(ln.text)) {
			a.log.Debug("charts: line under the plot left out (an axis title or a tick label: no note mark, or not words and a number)", "text", ln.text)
			continue
		}
		an := Annotation{Kind: AnnotationNote, Text: ln.text, Box: ln.box, AxisValue: math.NaN()}
		an.Number, an.Unit = numberIn(an.Text)
		a.annotBoxes = append(a.annotBoxes, annotBox{len(a.t.Annotations), ln.box})
		a.t.Annotations = append(a.t.Annotations, an)
	}
}

// captionLine takes phrase i and the free phrases on its text line
// within three text heights of it (OCR splits a caption where it misreads
// a part: "기준" … "명"), marking them taken; the text joins them left
// to right.
func captionLine(ps []phrase, taken []bool, i, th int) phrase {
	taken[i] = true
	parts := []phrase{ps[i]}
	box := ps[i].box
	for grown := true; grown; {
		grown = false
		for j, p := range ps {
			if taken[j] {
				continue
			}
			_, y0 := center(box)
			_, y := center(p.box)
			gap := max(p.box.Min.X-box.Max.X, box.Min.X-p.box.Max.X)
			if math.Abs(y-y0) < float64(max(p.box.Dy(), ps[i].box.Dy()))/2 && gap <= 3*th {
				taken[j] = true
				parts = append(parts, p)
				box = box.Union(p.box)
				grown = true
			}
		}
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a].box.Min.X < parts[b].box.Min.X })
	var texts []string
	for _, p := range parts {
		texts = append(texts, p.text)
	}
	return phrase{text: strings.Join(texts, " "), box: box}
}

// onLine says whether a text box lies mostly on a reference line (half
// its extent across the line within the line's band, 2 px either side):
// OCR reading the dashes.
func onLine(b image.Rectangle, lines []refLine) (refLine, bool) {
	for _, l := range lines {
		lb := l.box().Inset(-2)
		in := b.Intersect(lb)
		if in.Empty() {
			continue
		}
		if l.vertical && in.Dx()*2 >= b.Dx() || !l.vertical && in.Dy()*2 >= b.Dy() {
			return l, true
		}
	}
	return refLine{}, false
}

// notText says why a phrase OCR read in the plot is no callout ("" when
// it is one): OCR reads letters into bar edges, 3-D faces and gridlines
// ("EEE", "를레"), with low confidence and over the chart's colours.
func (a *analysis) notText(p phrase) string {
	conf, n := 0.0, 0
	for _, w := range p.words {
		conf += float64(w.Conf)
		n++
	}
	if n > 0 && conf/float64(n) < minCalloutConf {
		return fmt.Sprintf("low OCR confidence %.0f", conf/float64(n))
	}
	if !hasHangulWord(p.text) {
		return "no Korean word"
	}
	b := p.box.Intersect(a.m.Rect)
	coloured := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if a.l.at(x, y) >= 0 {
				coloured++
			}
		}
	}
	if area := b.Dx() * b.Dy(); area > 0 && coloured*10 > area*3 {
		return "on the chart's colours (a bar or a face)"
	}
	return ""
}

// minCalloutConf is the least mean word confidence (tesseract's 0–100)
// of a callout: text in the plot read below it was OCR reading graphics.
const minCalloutConf = 60

// hasHangulWord says whether s holds two Hangul syllables in a row.
func hasHangulWord(s string) bool { return hasRun2(s, isHangul) }

// annotBox is the image box of an annotation's text, to read again.
type annotBox struct {
	i   int
	box image.Rectangle
}

func hasNumber(s string) bool { return strings.ContainsAny(s, "0123456789") }

// textLinesOf joins words into lines (phrases on one line joined by a
// space), top to bottom.
func textLinesOf(ws []*word) []phrase {
	ps := phrases(ws, 1.5)
	sort.Slice(ps, func(i, j int) bool { return ps[i].box.Min.Y < ps[j].box.Min.Y })
	var out []phrase
	for _, p := range ps {
		if n := len(out); n > 0 {
			_, y0 := center(out[n-1].box)
			if _, y := center(p.box); math.Abs(y-y0) < float64(p.box.Dy())/2 {
				out[n-1].text += " " + p.text
				out[n-1].box = out[n-1].box.Union(p.box)
				continue
			}
		}
		out = append(out, p)
	}
	for i := range out {
		sort.SliceStable(out[i].words, func(a, b int) bool { return out[i].words[a].orig.Min.X < out[i].words[b].orig.Min.X })
	}
	return out
}

// plotBox is the box of the chart's marks in image coordinates: the bars
// or the series' lines, stretched to the value
// axis's tick labels (a reference line may stand above every mark).
func (a *analysis) plotBox() (image.Rectangle, bool) {
	isSeries := map[int]bool{}
	for _, c := range a.seriesCols {
		isSeries[c] = true
	}
	var box image.Rectangle
	if a.t.Type == TypeLine {
		for _, c := range a.others {
			if isSeries[c.col] && !isLineKey(c.box) {
				box = box.Union(c.box)
			}
		}
	} else {
		// Bars: the rectangles on the base most share, and the pieces
		// stacked on them (no wider than the bar); a colour scale or a
		// legend key beside the plot stands on no base.
		key := func(b image.Rectangle) (int, int, int) { return b.Max.Y, b.Min.X, b.Max.X }
		if a.t.Type == TypeHBar {
			key = func(b image.Rectangle) (int, int, int) { return b.Min.X, b.Min.Y, b.Max.Y }
		}
		// far is a bar's edge away from the base.
		far := func(b image.Rectangle) int { return b.Min.Y }
		if a.t.Type == TypeHBar {
			far = func(b image.Rectangle) int { return b.Max.X }
		}
		base, _, _ := aligned(a.rects, key)
		in := make([]bool, len(a.rects))
		for i, c := range a.rects {
			e, _, _ := key(c.box)
			in[i] = abs(e-base) <= 2
		}
		for grown := true; grown; {
			grown = false
			for i, c := range a.rects {
				if in[i] {
					continue
				}
				e, lo, hi := key(c.box)
				for j, b := range a.rects {
					_, blo, bhi := key(b.box)
					if in[j] && abs(e-far(b.box)) <= 2 && lo >= blo-2 && hi <= bhi+2 {
						in[i], grown = true, true
						break
					}
				}
			}
		}
		for i, c := range a.rects {
			if in[i] {
				box = box.Union(c.box)
			}
		}
	}
	if box.Empty() {
		a.log.Debug("charts: no plot box for annotations (no series marks)")
		return box, false
	}
	// Tick labels stand beside the marks (under them for horizontal
	// bars); numbers among the marks (a colour scale's) do not stretch
	// the plot.
	marks := box
	for _, t := range a.valueAxis.ticks {
		cx, cy := center(t.orig)
		if a.valueTurned && (cy > float64(marks.Max.Y) || cy < float64(marks.Min.Y)) {
			box.Min.X, box.Max.X = min(box.Min.X, int(cx)), max(box.Max.X, int(cx))
		} else if !a.valueTurned && (cx < float64(marks.Min.X) || cx > float64(marks.Max.X)) {
			box.Min.Y, box.Max.Y = min(box.Min.Y, int(cy)), max(box.Max.Y, int(cy))
		}
	}
	return box, true
}

// seriesColour says whether a dashed line has the colour of a series of a
// line chart (a dashed stretch of that series: a forecast).
func (a *analysis) seriesColour(l refLine) bool {
	if a.t.Type != TypeLine {
		return false
	}
	for _, c := range a.seriesCols {
		cc := a.l.cols[c]
		if colorDist(cc, l.r, l.g, l.b) < 60 {
			return true
		}
	}
	return false
}

// lineValue reads a reference line's position on the value axis: a
// horizontal line on a vertical value axis (bars, lines), a vertical one
// on the horizontal value axis of horizontal bars. NaN otherwise.
func (a *analysis) lineValue(l refLine) float64 {
	if !a.valueAxis.ok || l.vertical != a.valueTurned {
		return math.NaN()
	}
	if a.valueTurned {
		return a.valueAxis.value(float64(a.l.w) - l.at)
	}
	return a.valueAxis.value(l.at)
}

// lineCategory is the index of the category a line across the category
// axis stands at: the category label whose centre is nearest, within
// half the distance between two labels; -1 when none is or the line runs
// along the category axis.
func (a *analysis) lineCategory(l refLine) int {
	if l.vertical == (a.t.Type == TypeHBar) {
		return -1
	}
	var pos []float64
	for _, b := range a.catBoxes {
		if b.Empty() {
			return -1 // categories read off markers: no label positions
		}
		cx, cy := center(b)
		if l.vertical {
			pos = append(pos, cx)
		} else {
			pos = append(pos, cy)
		}
	}
	if len(pos) < 2 || len(pos) != len(a.t.Categories) {
		return -1
	}
	best, bd := -1, math.Inf(1)
	gap := math.Inf(1)
	for i, p := range pos {
		if d := math.Abs(p - l.at); d < bd {
			best, bd = i, d
		}
		if i > 0 {
			gap = min(gap, math.Abs(p-pos[i-1]))
		}
	}
	if bd > gap/2 {
		return -1
	}
	return best
}

// rereadAnnotations OCRs each annotation's text again as one line
// (readLine): the sparse first reading splits and misreads captions. The
// second reading replaces the first where it reads letters and keeps the
// first's number (a caption's number is what is asked of it).
func (a *analysis) rereadAnnotations(ctx context.Context, eng ocr.Engine) error {
	type job struct {
		annotBox
		text string
		err  error
	}
	jobs := make([]*job, 0, len(a.annotBoxes))
	for _, ab := range a.annotBoxes {
		// A text height more each way along the line where no number
		// was read: OCR may have missed the caption's end ("(2.0명)").
		ext := 3
		if a.t.Annotations[ab.i].Number == "" {
			ext = max(3, a.textH)
		}
		b := image.Rect(ab.box.Min.X-ext, ab.box.Min.Y-3, ab.box.Max.X+ext, ab.box.Max.Y+3).Intersect(a.m.Rect)
		if b.Dx() >= 6 && b.Dy() >= 6 {
			jobs = append(jobs, &job{annotBox: annotBox{ab.i, b}})
		}
	}
	// Categories read again (reread) name the lines at them.
	for _, ac := range a.annotCats {
		a.t.Annotations[ac[0]].Category = a.t.Categories[ac[1]]
	}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() { j.text, j.err = readAnnotation(ctx, a.m, j.box, eng) })
	}
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return j.err
		}
		an := &a.t.Annotations[j.i]
		num, unit := numberIn(j.text)
		if !hasLetters(j.text) || an.Number != "" && num == "" {
			a.log.Debug("charts: second reading of an annotation kept out", "first", an.Text, "second", j.text)
			continue
		}
		// A reference line's caption: of two numbers read, the one
		// nearer where the line stands.
		if an.Kind == AnnotationLine && an.Number != "" && num != an.Number && !math.IsNaN(an.AxisValue) {
			v1, ok1 := parseNumber(an.Number)
			v2, ok2 := parseNumber(num)
			if ok1 && (!ok2 || math.Abs(v1-an.AxisValue) < math.Abs(v2-an.AxisValue)) {
				a.log.Debug("charts: second reading of a line's caption kept out: its number is further from the line", "first", an.Text, "second", j.text, "line", an.AxisValue)
				continue
			}
		}
		an.Text, an.Number, an.Unit = respace(an.Text, j.text), num, unit
	}
	return nil
}

// respace gives the second reading of a caption the word spaces of the
// first where their letters align (longest common subsequence): the line
// reading drops spaces between Hangul words ("초저출산기준(1.3명)") that
// the sparse reading kept ("초저출산 기준 (1.38)").
func respace(first, second string) string {
	type ch struct {
		r     rune
		space bool // a space before it
	}
	split := func(s string) []ch {
		var out []ch
		sp := false
		for _, r := range s {
			if unicode.IsSpace(r) {
				sp = true
				continue
			}
			out = append(out, ch{r, sp && len(out) > 0})
			sp = false
		}
		return out
	}
	if !utf8.ValidString(first) || !utf8.ValidString(second) {
		return second
	}
	a, b := split(first), split(second)
	if len(a) == 0 || len(b) == 0 || len(a)*len(b) > 1<<16 {
		return second
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	lcs := make([][]int, len(a)+1)
	for i := range lcs {
		lcs[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i].r == b[j].r {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].r == b[j].r:
			b[j].space = b[j].space || a[i].space && j > 0
			i++
			j++
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	var sb strings.Builder
	for _, c := range b {
		if c.space {
			sb.WriteByte(' ')
		}
		sb.WriteRune(c.r)
	}
	return sb.String()
}

// readAnnotation reads a caption's box as one line and tidies its ends
// (brackets stay: "(1.3명)").
func readAnnotation(ctx context.Context, img *image.RGBA, box image.Rectangle, eng ocr.Engine) (string, error) {
	s, err := readLineRaw(ctx, img, box, eng)
	if err != nil {
		return "", err
	}
	s = strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("|!?~_—-=:;'\"`‘’“”.,<>^", r)
	})
	s = strings.Join(strings.Fields(s), " ")
	if strings.Count(s, "(") > strings.Count(s, ")") {
		s += ")"
	}
	return s, nil
}
