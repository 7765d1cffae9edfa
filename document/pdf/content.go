package pdf

import (
	"errors"
	"fmt"
	"math"

	lpdf "github.com/ledongthuc/pdf"
)

// Run is a piece of text drawn at one position on a page, usually one glyph.
// Coordinates are PDF user-space points with the origin at the bottom left
// of the page.
type Run struct {
	Text string
	// X, Y are the left end of the run's baseline.
	X, Y float64
	// W is the advance width in points (0 when unknown).
	W float64
	// Size is the effective font size in points.
	Size float64
	// Font is the font's base name without subset prefix.
	Font string
	// Vertical is true for a glyph that advances down or up the page:
	// vertical writing mode (CMaps ending in -V) or a baseline turned by
	// more than 45°. Such runs never join horizontal lines.
	Vertical bool
}

// PageText is the positioned text of one page, the input of Rebuild.
type PageText struct {
	// Number is the 1-based page number.
	Number int
	// Box is the page's media box: left, bottom, right, top.
	Box [4]float64
	// Runs are the page's text pieces in content-stream order.
	Runs []Run
	// ImageArea is the share (0..1) of the page covered by painted images.
	ImageArea float64
	// Undecoded counts the glyphs drawn whose codes no mapping of their
	// font turns into text (see fontInfo); they are not in Runs.
	Undecoded int
	// Rules are the page's horizontal ruling lines (table borders), in
	// drawing order; tables use them to find their rows.
	Rules []Rule
	// VRules are the vertical ruling lines: X0 == X1 is the x, Y is
	// unused; see VRule.
	VRules []VRule
}

// VRule is a vertical ruling line from Y0 (bottom) to Y1 (top) at X, in
// PDF user-space points.
type VRule struct {
	X, Y0, Y1 float64
}

// errAbort is raised (as a panic) inside the content-stream callback to stop
// interpreting a page early: operation or glyph budget spent, or context
// cancelled.
var errAbort = errors.New("pdf: content stream budget exhausted")

type matrix [6]float64 // a b c d e f

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m×n (apply m first, then n), as PDF composes matrices.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func translate(x, y float64) matrix { return matrix{1, 0, 0, 1, x, y} }

// limits bounds the work done for one page.
type limits struct {
	maxOps    int
	maxGlyphs int
	maxDepth  int
	cancelled func() bool
	fonts     fontCache
}

type textState struct {
	ctm                    matrix
	tc, tw, th, tl, tfs, t float64 // t is text rise
	font                   *fontInfo
}

// interp walks one page's content stream (and the form XObjects it paints)
// and collects positioned glyphs.
type interp struct {
	lim       limits
	ops       int
	runs      []Run
	undecoded int
	imageArea float64
	pageArea  float64
	rules     []Rule
	vrules    []VRule
	path      []pathSeg // the path under construction, device space
	pathPt    [2]float64
	pathStart [2]float64
}

// pageText extracts the positioned text of one page. Panics from the pdf
// library are turned into an error; the runs gathered before the failure
// are returned with it.
func pageText(p lpdf.Page, number int, lim limits) (pt PageText, err error) {
	pt.Number = number
	pt.Box = mediaBox(p)
	it := &interp{lim: lim}
	it.pageArea = math.Abs((pt.Box[2] - pt.Box[0]) * (pt.Box[3] - pt.Box[1]))
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok && errors.Is(e, errAbort) {
				err = e
			} else {
				err = fmt.Errorf("pdf: page %d: %v", number, r)
			}
		}
		pt.Runs = it.runs
		pt.Undecoded = it.undecoded
		pt.Rules = it.rules
		pt.VRules = it.vrules
		if it.pageArea > 0 {
			pt.ImageArea = math.Min(1, it.imageArea/it.pageArea)
		}
	}()
	contents := p.V.Key("Contents")
	if contents.Kind() == lpdf.Null {
		return pt, nil
	}
	st := textState{ctm: identity, th: 1}
	it.run(contents, p.V.Key("Resources"), st, 0)
	return pt, nil
}

func mediaBox(p lpdf.Page) [4]float64 {
	box := [4]float64{0, 0, 612, 792}
	v := p.V
	for range 32 { // MediaBox is inheritable; bound the walk up the tree
		if v.Kind() == lpdf.Null {
			break
		}
		if mb := v.Key("MediaBox"); mb.Len() == 4 {
			for i := range 4 {
				box[i] = mb.Index(i).Float64()
			}
			if box[0] > box[2] {
				box[0], box[2] = box[2], box[0]
			}
			if box[1] > box[3] {
				box[1], box[3] = box[3], box[1]
			}
			return box
		}
		v = v.Key("Parent")
	}
	return box
}

func num(v lpdf.Value) float64 {
	f := v.Float64()
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0
	}
	return f
}

// run interprets one content stream with the given resources.
func (it *interp) run(strm, res lpdf.Value, st textState, depth int) {
	var (
		stack   []textState
		tm, tlm = identity, identity
	)
	localFonts := map[string]*fontInfo{}
	lookupFont := func(name string) *fontInfo {
		if f, ok := localFonts[name]; ok {
			return f
		}
		fv := res.Key("Font").Key(name)
		var f *fontInfo
		if fv.Kind() == lpdf.Dict {
			f = it.lim.fonts.load(fv)
		} else {
			f = &fontInfo{name: name, simple: latin1Encoding{}, defWidth: 500, scale: 0.001}
		}
		localFonts[name] = f
		return f
	}
	show := func(s string) {
		f := st.font
		if f == nil {
			f = &fontInfo{simple: latin1Encoding{}, defWidth: 500, scale: 0.001}
			st.font = f
		}
		for len(s) > 0 {
			c, n := f.next(s)
			raw := s[:n]
			s = s[n:]
			trm := matrix{st.tfs * st.th, 0, 0, st.tfs, 0, st.t}.mul(tm).mul(st.ctm)
			// Effective size: vertical scale of the rendering matrix.
			size := math.Hypot(trm[2], trm[3])
			var tx, ty float64
			x0, y0 := trm[4], trm[5]
			if f.vertical {
				// PDF 32000 §9.7.4.3: the glyph origin sits w0/2 left of
				// and 880/1000 em above... approximated by DW2's defaults;
				// the advance is vertical (negative: down the page).
				w0 := f.width(c) * f.scale
				ty = f.vAdv*0.001*st.tfs + st.tc
				org := matrix{1, 0, 0, 1, -w0 / 2 * st.tfs, -0.88 * st.tfs}.mul(tm).mul(st.ctm)
				x0, y0 = org[4], org[5]
			} else {
				tx = f.width(c)*f.scale*st.tfs + st.tc
				if n == 1 && raw[0] == ' ' {
					tx += st.tw
				}
				tx *= st.th
			}
			adv := matrix{1, 0, 0, 1, tx, ty}.mul(tm).mul(st.ctm)
			dx, dy := adv[4]-trm[4], adv[5]-trm[5]
			if dx == 0 && dy == 0 { // zero advance: the text direction
				dx, dy = trm[0], trm[1]
				if f.vertical {
					dx, dy = -trm[2], -trm[3]
				}
			}
			vertical := math.Abs(dy) > math.Abs(dx)
			w := math.Hypot(adv[4]-trm[4], adv[5]-trm[5])
			if f.vertical {
				w = f.width(c) * f.scale * size
			}
			text, ok := f.decode(c, raw)
			if !ok {
				it.undecoded++
			}
			if text != "" {
				if len(it.runs) >= it.lim.maxGlyphs {
					panic(errAbort)
				}
				it.runs = append(it.runs, Run{Text: text, X: x0, Y: y0, W: w, Size: size, Font: f.name, Vertical: vertical})
			}
			tm = translate(tx, ty).mul(tm)
		}
	}
	nextLine := func() {
		tlm = translate(0, -st.tl).mul(tlm)
		tm = tlm
	}
	lpdf.Interpret(strm, func(stk *lpdf.Stack, op string) {
		it.ops++
		if it.ops > it.lim.maxOps || (it.ops%1024 == 0 && it.lim.cancelled != nil && it.lim.cancelled()) {
			panic(errAbort)
		}
		n := stk.Len()
		args := make([]lpdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, st)
			}
		case "Q":
			if len(stack) > 0 {
				st = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				var m matrix
				for i := range 6 {
					m[i] = num(args[i])
				}
				st.ctm = m.mul(st.ctm)
			}
		case "BT":
			tm, tlm = identity, identity
		case "Tc":
			if len(args) == 1 {
				st.tc = num(args[0])
			}
		case "Tw":
			if len(args) == 1 {
				st.tw = num(args[0])
			}
		case "Tz":
			if len(args) == 1 {
				st.th = num(args[0]) / 100
			}
		case "TL":
			if len(args) == 1 {
				st.tl = num(args[0])
			}
		case "Ts":
			if len(args) == 1 {
				st.t = num(args[0])
			}
		case "Tf":
			if len(args) == 2 {
				st.font = lookupFont(args[0].Name())
				st.tfs = num(args[1])
			}
		case "Td", "TD":
			if len(args) == 2 {
				tx, ty := num(args[0]), num(args[1])
				if op == "TD" {
					st.tl = -ty
				}
				tlm = translate(tx, ty).mul(tlm)
				tm = tlm
			}
		case "Tm":
			if len(args) == 6 {
				for i := range 6 {
					tm[i] = num(args[i])
				}
				tlm = tm
			}
		case "T*":
			nextLine()
		case "Tj":
			if len(args) == 1 {
				show(args[0].RawString())
			}
		case "'":
			if len(args) == 1 {
				nextLine()
				show(args[0].RawString())
			}
		case "\"":
			if len(args) == 3 {
				st.tw, st.tc = num(args[0]), num(args[1])
				nextLine()
				show(args[2].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				v := args[0]
				for i := 0; i < v.Len(); i++ {
					x := v.Index(i)
					if x.Kind() == lpdf.String {
						show(x.RawString())
					} else {
						tx := -num(x) / 1000 * st.tfs * st.th
						tm = translate(tx, 0).mul(tm)
					}
				}
			}
		case "Do":
			if len(args) == 1 {
				it.paint(res.Key("XObject").Key(args[0].Name()), res, st, depth)
			}
		case "m", "l", "re", "h", "c", "v", "y":
			it.pathOp(op, args, st.ctm)
		case "S", "s", "f", "F", "f*", "B", "B*", "b", "b*":
			it.paintPath()
		case "n":
			it.path = it.path[:0]
		}
	})
}

// Rule is a horizontal ruling line drawn on a page (a table border, an
// underline): from X0 to X1 at height Y, in PDF user-space points.
type Rule struct {
	X0, X1, Y float64
}

// Bounds on ruling lines: at most maxRules per page; a rule is at least
// minRuleLen points long and at most ruleThick thick (a stroked segment
// or a filled thin rectangle).
const (
	maxRules   = 20_000
	minRuleLen = 8.0
	ruleThick  = 2.5
)

// pathSeg is a straight piece of a path in device space; rect marks the
// four edges of an re rectangle.
type pathSeg struct {
	x0, y0, x1, y1 float64
	rect           bool
}

// pathOp records the path construction operators (curves only move the
// current point).
func (it *interp) pathOp(op string, args []lpdf.Value, ctm matrix) {
	pt := func(x, y float64) [2]float64 {
		return [2]float64{x*ctm[0] + y*ctm[2] + ctm[4], x*ctm[1] + y*ctm[3] + ctm[5]}
	}
	add := func(a, b [2]float64, rect bool) {
		if len(it.path) < 4096 {
			it.path = append(it.path, pathSeg{a[0], a[1], b[0], b[1], rect})
		}
	}
	switch {
	case op == "m" && len(args) == 2:
		it.pathPt = pt(num(args[0]), num(args[1]))
		it.pathStart = it.pathPt
	case op == "l" && len(args) == 2:
		p := pt(num(args[0]), num(args[1]))
		add(it.pathPt, p, false)
		it.pathPt = p
	case op == "re" && len(args) == 4:
		x, y, w, h := num(args[0]), num(args[1]), num(args[2]), num(args[3])
		a, b, c, d := pt(x, y), pt(x+w, y), pt(x+w, y+h), pt(x, y+h)
		add(a, b, true)
		add(b, c, true)
		add(c, d, true)
		add(d, a, true)
		it.pathPt, it.pathStart = a, a
	case op == "h":
		add(it.pathPt, it.pathStart, false)
		it.pathPt = it.pathStart
	case (op == "c" && len(args) == 6) || ((op == "v" || op == "y") && len(args) == 4):
		n := len(args)
		it.pathPt = pt(num(args[n-2]), num(args[n-1]))
	}
}

// paintPath keeps the painted path's horizontal and vertical pieces as
// rules: straight segments, and thin rectangles (a filled 0.5 pt high box
// is a rule too). The edges of a larger rectangle count as well: cell
// borders and shading are often drawn as boxes.
func (it *interp) paintPath() {
	defer func() { it.path = it.path[:0] }()
	for i := 0; i < len(it.path) && len(it.rules)+len(it.vrules) < maxRules; i++ {
		sg := it.path[i]
		if sg.rect && i+3 < len(it.path) {
			// The rectangle's four edges: a thin one is a single rule.
			xs := []float64{sg.x0, sg.x1, it.path[i+1].x1, it.path[i+2].x1}
			ys := []float64{sg.y0, sg.y1, it.path[i+1].y1, it.path[i+2].y1}
			x0, x1 := math.Min(math.Min(xs[0], xs[1]), math.Min(xs[2], xs[3])), math.Max(math.Max(xs[0], xs[1]), math.Max(xs[2], xs[3]))
			y0, y1 := math.Min(math.Min(ys[0], ys[1]), math.Min(ys[2], ys[3])), math.Max(math.Max(ys[0], ys[1]), math.Max(ys[2], ys[3]))
			i += 3
			if !finite(x0 + x1 + y0 + y1) {
				continue
			}
			w, h := x1-x0, y1-y0
			switch {
			case w >= minRuleLen && h <= ruleThick:
				it.rules = append(it.rules, Rule{x0, x1, (y0 + y1) / 2})
			case h >= minRuleLen && w <= ruleThick:
				it.vrules = append(it.vrules, VRule{(x0 + x1) / 2, y0, y1})
			case w >= minRuleLen && h >= minRuleLen:
				it.rules = append(it.rules, Rule{x0, x1, y0}, Rule{x0, x1, y1})
				it.vrules = append(it.vrules, VRule{x0, y0, y1}, VRule{x1, y0, y1})
			}
			continue
		}
		if !finite(sg.x0 + sg.x1 + sg.y0 + sg.y1) {
			continue
		}
		if math.Abs(sg.y1-sg.y0) <= 0.5 && math.Abs(sg.x1-sg.x0) >= minRuleLen {
			it.rules = append(it.rules, Rule{math.Min(sg.x0, sg.x1), math.Max(sg.x0, sg.x1), (sg.y0 + sg.y1) / 2})
		} else if math.Abs(sg.x1-sg.x0) <= 0.5 && math.Abs(sg.y1-sg.y0) >= minRuleLen {
			it.vrules = append(it.vrules, VRule{(sg.x0 + sg.x1) / 2, math.Min(sg.y0, sg.y1), math.Max(sg.y0, sg.y1)})
		}
	}
}

// paint handles the Do operator: images add to the covered area, forms are
// interpreted recursively.
func (it *interp) paint(x, res lpdf.Value, st textState, depth int) {
	switch x.Key("Subtype").Name() {
	case "Image":
		// The image occupies the unit square mapped by the CTM.
		m := st.ctm
		area := math.Abs(m[0]*m[3] - m[1]*m[2])
		if !math.IsNaN(area) && !math.IsInf(area, 0) {
			it.imageArea += area
		}
	case "Form":
		if depth >= it.lim.maxDepth {
			return
		}
		if fm := x.Key("Matrix"); fm.Len() == 6 {
			var m matrix
			for i := range 6 {
				m[i] = num(fm.Index(i))
			}
			st.ctm = m.mul(st.ctm)
		}
		fres := x.Key("Resources")
		if fres.Kind() == lpdf.Null {
			fres = res
		}
		it.run(x, fres, st, depth+1)
	}
}
