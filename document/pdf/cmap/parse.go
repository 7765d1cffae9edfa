package cmap

import (
	"bytes"
	"strconv"
)

// Limits of Parse. A CMap holds at most a few tens of thousands of
// entries (Adobe-Korea1-UCS2 has about 9,000 lines); the bounds stop
// hostile data from allocating without end.
const (
	// MaxEntries bounds the codespace, bf and cid entries kept.
	MaxEntries = 1 << 20
	// MaxArray bounds the elements of one bfrange destination array.
	MaxArray = 1 << 16
)

// tokKind is the kind of a PostScript token.
type tokKind int

const (
	tokEOF       tokKind = iota
	tokHex               // <...>: val holds the bytes
	tokStr               // (...): val holds the bytes
	tokName              // /Name: val holds the name without the slash
	tokNum               // integer or real: val holds the digits
	tokWord              // operator or keyword
	tokOpenArr           // [
	tokCloseArr          // ]
	tokOpenDict          // <<
	tokCloseDict         // >>
)

type token struct {
	kind tokKind
	val  []byte
}

// lexer splits CMap data into tokens; it never fails: bytes it does not
// understand are skipped.
type lexer struct {
	s []byte
	i int
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return bytes.IndexByte([]byte("()<>[]{}/%"), c) >= 0
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func (l *lexer) next() token {
	for l.i < len(l.s) {
		c := l.s[l.i]
		switch {
		case isSpace(c):
			l.i++
		case c == '%':
			for l.i < len(l.s) && l.s[l.i] != '\n' && l.s[l.i] != '\r' {
				l.i++
			}
		case c == '<':
			if l.i+1 < len(l.s) && l.s[l.i+1] == '<' {
				l.i += 2
				return token{kind: tokOpenDict}
			}
			l.i++
			var out []byte
			var hi byte
			odd := false
			for l.i < len(l.s) && l.s[l.i] != '>' {
				if v, ok := unhex(l.s[l.i]); ok {
					if odd {
						out = append(out, hi<<4|v)
					} else {
						hi = v
					}
					odd = !odd
				}
				l.i++
			}
			if odd {
				out = append(out, hi<<4)
			}
			l.i++ // '>'
			return token{kind: tokHex, val: out}
		case c == '>':
			l.i++
			if l.i < len(l.s) && l.s[l.i] == '>' {
				l.i++
				return token{kind: tokCloseDict}
			}
		case c == '(':
			l.i++
			depth := 1
			var out []byte
			for l.i < len(l.s) && depth > 0 {
				b := l.s[l.i]
				switch b {
				case '\\':
					l.i++
					if l.i < len(l.s) {
						out = append(out, l.s[l.i])
					}
				case '(':
					depth++
					out = append(out, b)
				case ')':
					depth--
					if depth > 0 {
						out = append(out, b)
					}
				default:
					out = append(out, b)
				}
				l.i++
			}
			return token{kind: tokStr, val: out}
		case c == '[':
			l.i++
			return token{kind: tokOpenArr}
		case c == ']':
			l.i++
			return token{kind: tokCloseArr}
		case c == '/':
			l.i++
			start := l.i
			for l.i < len(l.s) && !isSpace(l.s[l.i]) && !isDelim(l.s[l.i]) {
				l.i++
			}
			return token{kind: tokName, val: l.s[start:l.i]}
		case c == '{' || c == '}' || c == ')':
			l.i++
		default:
			start := l.i
			for l.i < len(l.s) && !isSpace(l.s[l.i]) && !isDelim(l.s[l.i]) {
				l.i++
			}
			w := l.s[start:l.i]
			if (w[0] >= '0' && w[0] <= '9') || w[0] == '-' || w[0] == '+' || w[0] == '.' {
				return token{kind: tokNum, val: w}
			}
			return token{kind: tokWord, val: w}
		}
	}
	return token{kind: tokEOF}
}

// Parse reads a CMap from its PostScript text: an embedded ToUnicode or
// encoding CMap stream, or a predefined CMap file. The usecmap operator
// is recorded in UseCMap, not followed (see Resolve). The error is
// ErrEmpty when nothing usable was found; otherwise Parse keeps whatever
// entries it could read.
func Parse(data []byte) (*CMap, error) {
	m := &CMap{}
	l := &lexer{s: data}
	var prev []token // the last two tokens before the current one
	push := func(t token) {
		if len(prev) == 2 {
			prev[0] = prev[1]
			prev = prev[:1]
		}
		prev = append(prev, t)
	}
	entries := 0
	full := func() bool { return entries >= MaxEntries }
	for {
		t := l.next()
		if t.kind == tokEOF {
			break
		}
		if t.kind != tokWord {
			push(t)
			continue
		}
		switch string(t.val) {
		case "begincodespacerange":
			for !full() {
				a, b, ok := l.pair()
				if !ok {
					break
				}
				lo, n, ok1 := code(a.val)
				hi, n2, ok2 := code(b.val)
				if ok1 && ok2 && n == n2 && a.kind == tokHex && b.kind == tokHex {
					m.space = append(m.space, span{lo, hi, n})
					entries++
				}
			}
		case "beginbfchar":
			for !full() {
				a, b, ok := l.pair()
				if !ok {
					break
				}
				c, n, ok1 := code(a.val)
				if !ok1 || a.kind != tokHex {
					continue
				}
				r := textRange{span: span{c, c, n}}
				switch b.kind {
				case tokHex:
					r.dst = decodeUTF16(b.val)
				case tokName: // a glyph name, as some writers put there
					r.dst = glyphNameRunes(string(b.val))
				default:
					continue
				}
				m.chars = append(m.chars, r)
				entries++
			}
		case "beginbfrange":
		bfrange:
			for !full() {
				a, b := l.next(), l.next()
				if a.kind != tokHex || b.kind != tokHex {
					break
				}
				lo, n, ok1 := code(a.val)
				hi, n2, ok2 := code(b.val)
				r := textRange{span: span{lo, hi, n}}
				switch dst := l.next(); dst.kind {
				case tokHex:
					r.dst = decodeUTF16(dst.val)
				case tokName:
					r.dst = glyphNameRunes(string(dst.val))
				case tokOpenArr:
					r.arr = []string{}
					for {
						e := l.next()
						if e.kind == tokCloseArr || e.kind == tokEOF || e.kind == tokWord || len(r.arr) >= MaxArray {
							break
						}
						switch e.kind {
						case tokHex:
							r.arr = append(r.arr, string(decodeUTF16(e.val)))
						case tokName:
							r.arr = append(r.arr, string(glyphNameRunes(string(e.val))))
						}
					}
				default:
					break bfrange
				}
				if ok1 && ok2 && n == n2 && lo <= hi {
					m.ranges = append(m.ranges, r)
					entries++
				}
			}
		case "begincidchar", "beginnotdefchar":
			for !full() {
				a, b, ok := l.pair()
				if !ok {
					break
				}
				c, n, ok1 := code(a.val)
				cid, ok2 := number(b)
				if ok1 && ok2 && a.kind == tokHex {
					m.cids = append(m.cids, cidRange{span{c, c, n}, cid, false})
					entries++
				}
			}
		case "begincidrange", "beginnotdefrange":
			for !full() {
				a, b, ok := l.pair()
				if !ok {
					break
				}
				c := l.next()
				lo, n, ok1 := code(a.val)
				hi, n2, ok2 := code(b.val)
				cid, ok3 := number(c)
				if ok1 && ok2 && ok3 && n == n2 && lo <= hi && a.kind == tokHex && b.kind == tokHex {
					m.cids = append(m.cids, cidRange{span{lo, hi, n}, cid, string(t.val) == "beginnotdefrange"})
					entries++
				}
			}
		case "usecmap":
			if len(prev) > 0 && prev[len(prev)-1].kind == tokName {
				m.UseCMap = string(prev[len(prev)-1].val)
			}
		case "def":
			if len(prev) == 2 && prev[0].kind == tokName {
				m.define(string(prev[0].val), prev[1])
			}
		}
		push(t)
	}
	m.finish()
	if len(m.space)+len(m.chars)+len(m.ranges)+len(m.cids) == 0 && m.UseCMap == "" {
		return m, ErrEmpty
	}
	return m, nil
}

// define records the "/Key value def" entries Parse uses.
func (m *CMap) define(key string, v token) {
	switch key {
	case "CMapName":
		if v.kind == tokName {
			m.Name = string(v.val)
		}
	case "WMode":
		if n, ok := number(v); ok && n <= 1 {
			m.WMode = int(n)
		}
	case "Registry":
		if v.kind == tokStr {
			m.Registry = string(v.val)
		}
	case "Ordering":
		if v.kind == tokStr {
			m.Ordering = string(v.val)
		}
	case "Supplement":
		if n, ok := number(v); ok && n < 1000 {
			m.Supplement = int(n)
		}
	}
}

// number reads a non-negative integer token.
func number(t token) (uint32, bool) {
	if t.kind != tokNum {
		return 0, false
	}
	n, err := strconv.ParseUint(string(t.val), 10, 32)
	return uint32(n), err == nil
}

// pair reads the two tokens that start a section entry (hex strings,
// names, numbers); ok is false at the section's end keyword, at any
// other keyword, or at the end of the data.
func (l *lexer) pair() (a, b token, ok bool) {
	a = l.next()
	if !entry(a) {
		return a, b, false
	}
	b = l.next()
	if !entry(b) {
		return a, b, false
	}
	return a, b, true
}

func entry(t token) bool {
	return t.kind == tokHex || t.kind == tokName || t.kind == tokNum || t.kind == tokStr
}
