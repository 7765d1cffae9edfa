package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

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

// fontInfo is what the interpreter needs of a font: how to split a string
// into codes, decode a code, and measure it.
type fontInfo struct {
	name     string
	twoByte  bool
	enc      lpdf.TextEncoding
	first    int
	widths   []float64       // simple fonts, 1/1000 em
	cidW     map[int]float64 // composite fonts, 1/1000 em
	defWidth float64
	scale    float64 // glyph-space to text-space (1/1000 except Type3)
	decoded  map[int]string
}

// decode maps one character code to text, memoised.
func (f *fontInfo) decode(code string, c int) string {
	if s, ok := f.decoded[c]; ok {
		return s
	}
	s := f.enc.Decode(code)
	if !utf8.ValidString(s) {
		s = ""
	}
	if f.decoded == nil {
		f.decoded = map[int]string{}
	}
	f.decoded[c] = s
	return s
}

// fontCache shares parsed fonts between the pages of one document. Fonts
// are keyed by what identifies a subset: base name (with subset tag), type,
// first code, widths count and ToUnicode length.
type fontCache map[string]*fontInfo

func (fc fontCache) load(v lpdf.Value) *fontInfo {
	if fc == nil {
		return loadFont(v)
	}
	tu := v.Key("ToUnicode")
	k := fmt.Sprintf("%s|%s|%d|%d|%d|%d|%s", v.Key("BaseFont").Name(), v.Key("Subtype").Name(),
		v.Key("FirstChar").Int64(), v.Key("Widths").Len(), tu.Key("Length").Int64(),
		v.Key("DescendantFonts").Index(0).Key("W").Len(), v.Key("Encoding").String())
	if f, ok := fc[k]; ok {
		return f
	}
	f := loadFont(v)
	if len(fc) < 4096 {
		fc[k] = f
	}
	return f
}

func (f *fontInfo) width(code int) float64 {
	if f.twoByte {
		if w, ok := f.cidW[code]; ok {
			return w
		}
		return f.defWidth
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		if w := f.widths[i]; w > 0 {
			return w
		}
	}
	return f.defWidth
}

// limits bounds the work done for one page.
type limits struct {
	maxOps    int
	maxGlyphs int
	maxDepth  int
	cancelled func() bool
	fonts     fontCache
}

const maxWidthEntries = 1 << 16

func loadFont(v lpdf.Value) *fontInfo {
	base := v.Key("BaseFont").Name()
	if i := strings.IndexByte(base, '+'); i >= 0 {
		base = base[i+1:]
	}
	fi := &fontInfo{name: base, scale: 0.001}
	f := lpdf.Font{V: v}
	if tu := v.Key("ToUnicode"); tu.Kind() == lpdf.Stream && !saneCMap(tu) {
		// The library would loop for as long as the CMap's counts claim.
		fi.enc = identityEncoding{}
	} else if tu.Kind() == lpdf.Stream && v.Key("Subtype").Name() == "Type0" && identityUCS(tu) {
		// "<0000> <FFFF> <0000>": codes are UTF-16 code units. The library
		// increments only the last byte across a range, which garbles
		// every code past the first 256 (fpdf and others write this map).
		fi.enc = utf16Encoding{}
	} else {
		fi.enc = f.Encoder()
	}
	if fi.enc == nil {
		fi.enc = identityEncoding{}
	}
	if v.Key("Subtype").Name() == "Type0" {
		fi.twoByte = true
		d := v.Key("DescendantFonts").Index(0)
		fi.defWidth = 1000
		if dw := d.Key("DW"); dw.Kind() == lpdf.Integer || dw.Kind() == lpdf.Real {
			fi.defWidth = dw.Float64()
		}
		fi.cidW = map[int]float64{}
		w := d.Key("W")
		n := min(w.Len(), maxWidthEntries)
		for i := 0; i < n; {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == lpdf.Array {
				for j := 0; j < next.Len() && len(fi.cidW) < maxWidthEntries; j++ {
					fi.cidW[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			last := int(next.Int64())
			wv := w.Index(i + 2).Float64()
			for c2 := c; c2 <= last && c2-c < maxWidthEntries && len(fi.cidW) < maxWidthEntries; c2++ {
				fi.cidW[c2] = wv
			}
			i += 3
		}
		return fi
	}
	fi.first = int(v.Key("FirstChar").Int64())
	ws := v.Key("Widths")
	n := min(ws.Len(), 256)
	fi.widths = make([]float64, n)
	sum, cnt := 0.0, 0
	for i := range n {
		fi.widths[i] = ws.Index(i).Float64()
		if fi.widths[i] > 0 {
			sum += fi.widths[i]
			cnt++
		}
	}
	fi.defWidth = 500
	if cnt > 0 {
		fi.defWidth = sum / float64(cnt)
	}
	if v.Key("Subtype").Name() == "Type3" {
		if fm := v.Key("FontMatrix"); fm.Len() == 6 && fm.Index(0).Float64() != 0 {
			fi.scale = fm.Index(0).Float64()
			// Widths are in glyph space; convert the default to match.
			fi.defWidth = 0.5 / fi.scale
		}
	}
	return fi
}

// utf16Encoding decodes two-byte codes as UTF-16BE.
type utf16Encoding struct{}

func (utf16Encoding) Decode(raw string) string {
	units := make([]uint16, 0, len(raw)/2)
	for i := 0; i+1 < len(raw); i += 2 {
		units = append(units, uint16(raw[i])<<8|uint16(raw[i+1]))
	}
	return string(utf16.Decode(units))
}

var identityUCSRE = regexp.MustCompile(`(?is)^\s*1\s+beginbfrange\s*<0000>\s*<FFFF>\s*<0000>\s*endbfrange`)

// identityUCS reports whether a ToUnicode CMap maps every two-byte code to
// the same UTF-16 value with one range.
func identityUCS(v lpdf.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, 64<<10))
	if err != nil {
		return false
	}
	i := bytes.Index(data, []byte("endcodespacerange"))
	if i < 0 || bytes.Count(data, []byte("beginbfrange")) != 1 || bytes.Contains(data, []byte("beginbfchar")) {
		return false
	}
	return identityUCSRE.Match(data[i+len("endcodespacerange"):])
}

// identityEncoding decodes bytes as Latin-1; the fallback when a font has
// no usable encoding.
type identityEncoding struct{}

func (identityEncoding) Decode(raw string) string {
	var sb strings.Builder
	for i := 0; i < len(raw); i++ {
		sb.WriteRune(rune(raw[i]))
	}
	return sb.String()
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
	imageArea float64
	pageArea  float64
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
			f = &fontInfo{name: name, enc: identityEncoding{}, defWidth: 500, scale: 0.001}
		}
		localFonts[name] = f
		return f
	}
	show := func(s string) {
		f := st.font
		if f == nil {
			f = &fontInfo{enc: identityEncoding{}, defWidth: 500, scale: 0.001}
			st.font = f
		}
		step := 1
		if f.twoByte {
			step = 2
		}
		for i := 0; i+step <= len(s); i += step {
			code := s[i : i+step]
			c := int(code[0])
			if step == 2 {
				c = c<<8 | int(code[1])
			}
			w0 := f.width(c) * f.scale
			trm := matrix{st.tfs * st.th, 0, 0, st.tfs, 0, st.t}.mul(tm).mul(st.ctm)
			tx := w0*st.tfs + st.tc
			if step == 1 && code[0] == ' ' {
				tx += st.tw
			}
			tx *= st.th
			// Effective size: vertical scale of the rendering matrix.
			size := math.Hypot(trm[2], trm[3])
			adv := matrix{1, 0, 0, 1, tx, 0}.mul(tm).mul(st.ctm)
			x0, y0 := trm[4], trm[5]
			x1, y1 := adv[4], adv[5]
			w := math.Hypot(x1-x0, y1-y0)
			text := f.decode(code, c)
			if text != "" {
				if len(it.runs) >= it.lim.maxGlyphs {
					panic(errAbort)
				}
				it.runs = append(it.runs, Run{Text: text, X: x0, Y: y0, W: w, Size: size, Font: f.name})
			}
			tm = translate(tx, 0).mul(tm)
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
		}
	})
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

var cmapCountRE = regexp.MustCompile(`(\d+)\s+begin(?:bfchar|bfrange|codespacerange|cidchar|cidrange|notdefchar|notdefrange)`)

// maxCMapBytes bounds the ToUnicode data read to vet it.
const maxCMapBytes = 8 << 20

// saneCMap reports whether a ToUnicode CMap's section counts are
// plausible: readCmap in the pdf library pops that many entries, so a
// count of 10^11 would keep it busy for hours.
func saneCMap(v lpdf.Value) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxCMapBytes+1))
	if err != nil || len(data) > maxCMapBytes {
		return false
	}
	for _, m := range cmapCountRE.FindAllSubmatch(data, -1) {
		n, err := strconv.Atoi(string(m[1]))
		if err != nil || n > len(data)/2+1 {
			return false
		}
	}
	return true
}
