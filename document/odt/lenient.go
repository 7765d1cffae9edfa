package odt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/korean"
)

// The recovering reader for ODF fragments. The challenge's reference
// tables are cut out of HWP→ODT conversions by byte range, so they are
// often not well formed: the cut starts inside a paragraph or cell (end
// tags with no start), ends inside a tag, and the converter left "<" in
// text unescaped ("<그림 3-2> 지역별 지원 현황", "<표 2-1>"). repairFragment
// reads such input the way a browser reads tag soup, but with ODF's rules,
// and writes well-formed XML that the ordinary parser then reads:
//
//   - A "<" opens markup only when a whole tag follows: an element name
//     with a namespace prefix (every ODF element has one: "text:p") and
//     attributes of the form name="value", closed by ">" or "/>". An
//     unprefixed name counts only when its end tag appears later in the
//     fragment, or in scope of a default namespace. Anything else ("<표",
//     "<그림 3-2>", "<Table 1>", "< 2", "<=") is text.
//   - Comments, processing instructions, the XML declaration and DOCTYPE
//     are dropped (no entity is ever declared or expanded), CDATA is text.
//   - Entity and character references are decoded (XML's five, HTML's
//     named entities, numeric ones); a bare "&" is text.
//   - An end tag closes the nearest open element of its name, closing the
//     elements opened inside it. An end tag of an element never opened,
//     met at the top level, means the cut started inside that element: all
//     content read so far is wrapped in it (so "…</text:span></text:p>"
//     rebuilds the paragraph, and "…</table:table-cell></table:table-row>"
//     rebuilds a row). Inside an open element such a tag is dropped.
//   - Elements open at the end are closed; a tag cut off by the end of
//     input is dropped.
//   - Text and inline elements (text:span, text:s, …) left at the top level
//     become a paragraph, so a caption cut from its text:p still reads as
//     one.
//   - Namespace prefixes are resolved through the fragment's own
//     declarations to ODF's customary prefixes; undeclared prefixes stay as
//     written; the output declares the customary ones at its root.
//   - Invalid UTF-8 is read as CP949 (the Korean Windows code page) when
//     the declaration names a Korean encoding or the bytes decode cleanly
//     as CP949; otherwise bad bytes become U+FFFD. Characters XML forbids
//     are dropped.
//
// The output is bounded: at most maxFragmentEvents tags and text runs, and
// at most maxWraps wraps for a cut start.

const (
	// maxFragmentEvents bounds tags plus text runs read from one
	// fragment (a real one has a few thousand).
	maxFragmentEvents = 1 << 20
	// maxWraps bounds the elements rebuilt around a cut start: the
	// ancestors of a cell in a full document are fewer than 10.
	maxWraps = 32
	// maxUnprefixedNames bounds the distinct unprefixed names looked up.
	maxUnprefixedNames = 64
	maxEntityName      = 32
)

type evKind uint8

const (
	evStart evKind = iota
	evEnd
	evText
)

type fragAttr struct{ name, value string }

// fragEvent is one token of the repaired stream.
type fragEvent struct {
	kind  evKind
	name  string // canonical qualified name (start, end)
	attrs []fragAttr
	empty bool   // start of an element written <x/>
	text  string // evText
}

// repairStats counts what the reader had to repair, for warnings.
type repairStats struct {
	wrapped       []string // elements rebuilt around a cut start, innermost first
	strayDropped  int      // end tags of elements never opened, dropped
	implicitClose int      // elements closed by an outer end tag
	closedAtEnd   int      // elements open at the end of input
	cutTag        bool     // the input ended inside a tag
	textLT        int      // "<" read as text
	truncated     bool     // over maxFragmentEvents
	cp949         bool     // decoded from CP949
	paraWrapped   int      // top-level text runs made paragraphs
}

func (s repairStats) warnings() []string {
	var out []string
	if s.cp949 {
		out = append(out, "fragment decoded as CP949 (EUC-KR)")
	}
	if len(s.wrapped) > 0 {
		out = append(out, fmt.Sprintf("fragment starts inside %s: content before their end tags wrapped in them", strings.Join(s.wrapped, " < ")))
	}
	if s.paraWrapped > 0 {
		out = append(out, fmt.Sprintf("%d runs of text outside any paragraph read as paragraphs", s.paraWrapped))
	}
	if s.strayDropped > 0 {
		out = append(out, fmt.Sprintf("%d stray end tags dropped", s.strayDropped))
	}
	if s.implicitClose > 0 {
		out = append(out, fmt.Sprintf("%d elements without end tags closed by an outer end tag", s.implicitClose))
	}
	if s.closedAtEnd > 0 || s.cutTag {
		out = append(out, fmt.Sprintf("fragment cut short: %d open elements closed", s.closedAtEnd))
	}
	if s.textLT > 0 {
		out = append(out, fmt.Sprintf("%d unescaped '<' read as text", s.textLT))
	}
	if s.truncated {
		out = append(out, fmt.Sprintf("fragment over %d tags and text runs: the rest dropped", maxFragmentEvents))
	}
	return out
}

// nsDecl is one namespace declaration in scope.
type nsDecl struct{ prefix, uri string }

type openElem struct {
	name  string
	decls int // namespace declarations it pushed
}

type fragReader struct {
	data  []byte
	pos   int
	ev    []fragEvent
	open  []openElem
	decls []nsDecl
	stats repairStats
	// unprefixed caches whether an unprefixed name's end tag occurs.
	unprefixed map[string]bool
}

// repairFragment turns a fragment into well-formed XML: the customary
// namespace declarations on a synthetic root around the repaired content.
func repairFragment(data []byte) ([]byte, repairStats) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	r := &fragReader{unprefixed: map[string]bool{}}
	r.data, r.stats.cp949 = toUTF8(data)
	r.read()
	return r.serialize(), r.stats
}

// koreanLabels are encoding labels of EUC-KR and its CP949 superset.
var koreanLabels = []string{"euc-kr", "euckr", "cp949", "ms949", "uhc", "ks_c_5601", "ksc5601", "x-windows-949", "windows-949"}

// toUTF8 returns data as UTF-8. Input that is not valid UTF-8 is decoded
// as CP949 when its declaration names a Korean encoding, or when it
// decodes as CP949 without a replacement character; otherwise invalid
// bytes become U+FFFD.
func toUTF8(data []byte) ([]byte, bool) {
	if utf8.Valid(data) {
		return data, false
	}
	declared := false
	if head := bytes.ToLower(data[:min(len(data), 200)]); bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("<?xml")) {
		if end := bytes.Index(head, []byte("?>")); end > 0 {
			for _, l := range koreanLabels {
				if bytes.Contains(head[:end], []byte(l)) {
					declared = true
				}
			}
		}
	}
	if dec, err := korean.EUCKR.NewDecoder().Bytes(data); err == nil && (declared || !bytes.ContainsRune(dec, utf8.RuneError)) {
		return dec, true
	}
	return bytes.ToValidUTF8(data, []byte("\uFFFD")), false
}

func (r *fragReader) add(e fragEvent) {
	if e.kind == evText {
		if n := len(r.ev); n > 0 && r.ev[n-1].kind == evText {
			r.ev[n-1].text += e.text
			return
		}
	}
	r.ev = append(r.ev, e)
}

func (r *fragReader) read() {
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			r.add(fragEvent{kind: evText, text: text.String()})
			text.Reset()
		}
	}
	for r.pos < len(r.data) {
		if len(r.ev) >= maxFragmentEvents {
			r.stats.truncated = true
			break
		}
		c := r.data[r.pos]
		switch c {
		case '<':
			if r.markup(&text, flush) {
				continue
			}
			r.stats.textLT++
			text.WriteByte('<')
			r.pos++
		case '&':
			s, n := decodeRef(r.data[r.pos:])
			text.WriteString(s)
			r.pos += n
		default:
			end := r.pos + 1
			for end < len(r.data) && r.data[end] != '<' && r.data[end] != '&' {
				end++
			}
			text.Write(r.data[r.pos:end])
			r.pos = end
		}
	}
	flush()
	for i := len(r.open) - 1; i >= 0; i-- {
		r.add(fragEvent{kind: evEnd, name: r.open[i].name})
		r.stats.closedAtEnd++
	}
	r.open = nil
}

// markup reads the markup at r.pos if it is markup (CDATA goes to text;
// flush is called before a tag's event); false means the "<" is text.
func (r *fragReader) markup(text *strings.Builder, flush func()) bool {
	rest := r.data[r.pos:]
	switch {
	case bytes.HasPrefix(rest, []byte("<!--")):
		r.pos = skipPast(r.data, r.pos+4, "-->")
		return true
	case bytes.HasPrefix(rest, []byte("<![CDATA[")):
		start := r.pos + 9
		end := bytes.Index(r.data[start:], []byte("]]>"))
		var s []byte
		if end < 0 {
			s, r.pos = r.data[start:], len(r.data)
		} else {
			s, r.pos = r.data[start:start+end], start+end+3
		}
		text.Write(s)
		return true
	case bytes.HasPrefix(rest, []byte("<?")):
		r.pos = skipPast(r.data, r.pos+2, "?>")
		return true
	case len(rest) >= 9 && strings.EqualFold(string(rest[:9]), "<!DOCTYPE"):
		r.pos = skipDoctype(r.data, r.pos+9)
		return true
	case len(rest) >= 2 && rest[1] == '/':
		name, n, ok, cut := scanEndTag(rest)
		if cut {
			r.stats.cutTag = true
			r.pos = len(r.data)
			return true
		}
		if !ok || !r.isElementName(name, true, false) {
			return false
		}
		flush()
		r.pos += n
		r.end(name)
		return true
	default:
		st, n, ok, cut := scanStartTag(rest)
		if cut {
			r.stats.cutTag = true
			r.pos = len(r.data)
			return true
		}
		if !ok || !(st.empty || r.isElementName(st.name, false, st.hasDefaultNS())) {
			return false
		}
		flush()
		r.pos += n
		r.start(st)
		return true
	}
}

// isElementName says whether a syntactically valid tag name is markup:
// a prefixed name, or an unprefixed one in scope of a default namespace;
// an unprefixed start tag also when its end tag follows in the fragment,
// an unprefixed end tag when its element is open.
func (r *fragReader) isElementName(name string, isEnd, declaresDefault bool) bool {
	if strings.Contains(name, ":") || declaresDefault {
		return true
	}
	if _, ok := r.lookup(""); ok {
		return true
	}
	if isEnd {
		return slices.ContainsFunc(r.open, func(o openElem) bool { return o.name == name })
	}
	if known, ok := r.unprefixed[name]; ok {
		return known
	}
	if len(r.unprefixed) >= maxUnprefixedNames {
		return false
	}
	endTag := []byte("</" + name)
	found := false
	for i := r.pos; ; {
		j := bytes.Index(r.data[i:], endTag)
		if j < 0 {
			break
		}
		k := i + j + len(endTag)
		if k < len(r.data) && (r.data[k] == '>' || isSpace(r.data[k])) {
			found = true
			break
		}
		i = k
	}
	r.unprefixed[name] = found
	return found
}

func (r *fragReader) lookup(prefix string) (string, bool) {
	for i := len(r.decls) - 1; i >= 0; i-- {
		if r.decls[i].prefix == prefix {
			return r.decls[i].uri, r.decls[i].uri != ""
		}
	}
	return "", false
}

// canonical resolves a raw qualified name through the declarations in
// scope to ODF's customary prefix; undeclared prefixes stay as written.
func (r *fragReader) canonical(raw string, element bool) string {
	prefix, local, ok := strings.Cut(raw, ":")
	if !ok {
		if !element {
			return raw // unprefixed attributes have no namespace
		}
		prefix, local = "", raw
	}
	if prefix == "xml" {
		return raw
	}
	uri, found := r.lookup(prefix)
	if !found {
		return raw
	}
	if p, ok := nsPrefix[uri]; ok {
		return p + ":" + local
	}
	if prefix == "" {
		return local
	}
	return raw
}

func (r *fragReader) start(st rawStart) {
	pushed := 0
	for _, a := range st.attrs {
		switch {
		case a.name == "xmlns":
			r.decls = append(r.decls, nsDecl{"", a.value})
			pushed++
		case strings.HasPrefix(a.name, "xmlns:"):
			r.decls = append(r.decls, nsDecl{a.name[6:], a.value})
			pushed++
		}
	}
	e := fragEvent{kind: evStart, name: r.canonical(st.name, true), empty: st.empty}
	for _, a := range st.attrs {
		if a.name == "xmlns" || strings.HasPrefix(a.name, "xmlns:") {
			continue
		}
		name := r.canonical(a.name, false)
		if !slices.ContainsFunc(e.attrs, func(x fragAttr) bool { return x.name == name }) {
			e.attrs = append(e.attrs, fragAttr{name, a.value})
		}
	}
	r.add(e)
	if st.empty {
		r.decls = r.decls[:len(r.decls)-pushed]
		return
	}
	r.open = append(r.open, openElem{name: e.name, decls: pushed})
}

func (r *fragReader) end(raw string) {
	name := r.canonical(raw, true)
	for i := len(r.open) - 1; i >= 0; i-- {
		if r.open[i].name != name {
			continue
		}
		for j := len(r.open) - 1; j >= i; j-- {
			r.add(fragEvent{kind: evEnd, name: r.open[j].name})
			r.decls = r.decls[:len(r.decls)-r.open[j].decls]
			if j > i {
				r.stats.implicitClose++
			}
		}
		r.open = r.open[:i]
		return
	}
	if len(r.open) > 0 || len(r.stats.wrapped) >= maxWraps {
		r.stats.strayDropped++
		return
	}
	// The cut started inside this element: everything so far was in it.
	r.ev = slices.Insert(r.ev, 0, fragEvent{kind: evStart, name: name})
	r.add(fragEvent{kind: evEnd, name: name})
	r.stats.wrapped = append(r.stats.wrapped, name)
}

// blockText are the text: elements that are block content, not inline.
var blockText = map[string]bool{
	"text:p": true, "text:h": true, "text:list": true, "text:list-item": true,
	"text:list-header": true, "text:section": true, "text:soft-page-break": true,
	"text:numbered-paragraph": true, "text:index-body": true, "text:table-of-content": true,
	"text:sequence-decls": true, "text:variable-decls": true, "text:user-field-decls": true,
	"text:tracked-changes": true,
}

func isInline(name string) bool {
	return strings.HasPrefix(name, "text:") && !blockText[name]
}

// serialize writes the events as XML under the synthetic root, making
// paragraphs of top-level text and inline elements.
func (r *fragReader) serialize() []byte {
	var b bytes.Buffer
	b.Grow(len(r.data) + len(fragmentRoot) + 64)
	b.WriteString(fragmentRoot)
	depth := 0
	inPara := false
	openPara := func() {
		if !inPara {
			b.WriteString("<text:p>")
			inPara = true
			r.stats.paraWrapped++
		}
	}
	for _, e := range r.ev {
		if depth == 0 {
			switch {
			case e.kind == evText && strings.TrimSpace(e.text) != "":
				openPara()
			case e.kind == evStart && isInline(e.name):
				openPara()
			case e.kind == evStart && inPara:
				b.WriteString("</text:p>")
				inPara = false
			}
		}
		switch e.kind {
		case evText:
			writeEscaped(&b, e.text)
		case evStart:
			b.WriteByte('<')
			b.WriteString(e.name)
			for _, a := range e.attrs {
				b.WriteByte(' ')
				b.WriteString(a.name)
				b.WriteString(`="`)
				writeEscaped(&b, a.value)
				b.WriteByte('"')
			}
			if e.empty {
				b.WriteString("/>")
			} else {
				b.WriteByte('>')
				depth++
			}
		case evEnd:
			b.WriteString("</")
			b.WriteString(e.name)
			b.WriteByte('>')
			depth--
		}
	}
	if inPara {
		b.WriteString("</text:p>")
	}
	b.WriteString(fragmentEnd)
	return b.Bytes()
}

// writeEscaped writes s escaped for text or a double-quoted attribute,
// dropping characters XML 1.0 does not allow.
func writeEscaped(b *bytes.Buffer, s string) {
	for _, c := range s {
		switch {
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '&':
			b.WriteString("&amp;")
		case c == '"':
			b.WriteString("&quot;")
		case c == '\t' || c == '\n':
			b.WriteRune(c)
		case c == '\r':
			b.WriteString("&#13;")
		case c < 0x20 || c == 0xFFFE || c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF):
			// not an XML character
		default:
			b.WriteRune(c)
		}
	}
}

// rawStart is a start tag as written.
type rawStart struct {
	name  string
	attrs []fragAttr
	empty bool
}

func (s rawStart) hasDefaultNS() bool {
	return slices.ContainsFunc(s.attrs, func(a fragAttr) bool { return a.name == "xmlns" && a.value != "" })
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isNameByte(c byte) bool {
	return isNameStart(c) || c >= '0' && c <= '9' || c == '-' || c == '.'
}

// scanName reads an ASCII name with at most one ':' at s[i:]; n is 0 when
// there is none.
func scanName(s []byte, i int) (string, int) {
	if i >= len(s) || !isNameStart(s[i]) {
		return "", 0
	}
	j := i + 1
	colon := false
	for j < len(s) {
		c := s[j]
		if c == ':' && !colon && j+1 < len(s) && isNameStart(s[j+1]) {
			colon = true
			j++
			continue
		}
		if !isNameByte(c) {
			break
		}
		j++
	}
	return string(s[i:j]), j - i
}

// scanEndTag reads "</name>" at the start of s. cut reports input that
// ends inside what would be an end tag.
func scanEndTag(s []byte) (name string, n int, ok, cut bool) {
	name, k := scanName(s, 2)
	if k == 0 {
		return "", 0, false, len(s) == 2
	}
	i := 2 + k
	for i < len(s) && isSpace(s[i]) {
		i++
	}
	if i == len(s) {
		return "", 0, false, true
	}
	if s[i] != '>' {
		return "", 0, false, false
	}
	return name, i + 1, true, false
}

// scanStartTag reads "<name a="v" …>" or "…/>" at the start of s. cut
// reports input that ends inside what would be a start tag.
func scanStartTag(s []byte) (st rawStart, n int, ok, cut bool) {
	name, k := scanName(s, 1)
	if k == 0 {
		return st, 0, false, false
	}
	st.name = name
	i := 1 + k
	for {
		sp := i
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return st, 0, false, true
		}
		switch s[i] {
		case '>':
			return st, i + 1, true, false
		case '/':
			if i+1 == len(s) {
				return st, 0, false, true
			}
			if s[i+1] == '>' {
				st.empty = true
				return st, i + 2, true, false
			}
			return st, 0, false, false
		}
		if i == sp {
			return st, 0, false, false // attributes need white space before them
		}
		aname, ak := scanName(s, i)
		if ak == 0 {
			return st, 0, false, false
		}
		i += ak
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return st, 0, false, true
		}
		if s[i] != '=' {
			return st, 0, false, false
		}
		i++
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i == len(s) {
			return st, 0, false, true
		}
		var raw []byte
		if q := s[i]; q == '"' || q == '\'' {
			end := bytes.IndexByte(s[i+1:], q)
			if end < 0 {
				// No closing quote: the input was cut here, unless more
				// markup follows (then this was never a tag).
				return st, 0, false, bytes.IndexByte(s[i+1:], '<') < 0
			}
			raw = s[i+1 : i+1+end]
			if bytes.IndexByte(raw, '<') >= 0 {
				return st, 0, false, false // XML forbids '<' in values
			}
			i += end + 2
		} else {
			j := i
			for j < len(s) && !isSpace(s[j]) && s[j] != '>' && s[j] != '<' && s[j] != '"' && s[j] != '\'' {
				if s[j] == '/' && j+1 < len(s) && s[j+1] == '>' {
					break
				}
				j++
			}
			if j == i {
				return st, 0, false, false
			}
			raw = s[i:j]
			i = j
		}
		st.attrs = append(st.attrs, fragAttr{aname, decodeText(raw)})
	}
}

// decodeText decodes the references in raw text.
func decodeText(raw []byte) string {
	if bytes.IndexByte(raw, '&') < 0 {
		return string(raw)
	}
	var sb strings.Builder
	for i := 0; i < len(raw); {
		if raw[i] != '&' {
			j := bytes.IndexByte(raw[i:], '&')
			if j < 0 {
				j = len(raw) - i
			}
			sb.Write(raw[i : i+j])
			i += j
			continue
		}
		s, n := decodeRef(raw[i:])
		sb.WriteString(s)
		i += n
	}
	return sb.String()
}

// decodeRef decodes the reference at the start of s ("&amp;", "&#44032;",
// "&#xAC00;", "&nbsp;") and returns it with the bytes read; a "&" that
// starts no valid reference is itself.
func decodeRef(s []byte) (string, int) {
	end := bytes.IndexByte(s[:min(len(s), maxEntityName+3)], ';')
	if end < 2 {
		return "&", 1
	}
	body := string(s[1:end])
	if body[0] == '#' {
		var v uint64
		var err error
		if len(body) > 1 && (body[1] == 'x' || body[1] == 'X') {
			v, err = strconv.ParseUint(body[2:], 16, 32)
		} else {
			v, err = strconv.ParseUint(body[1:], 10, 32)
		}
		if err != nil || !isXMLChar(rune(v)) {
			return "&", 1
		}
		return string(rune(v)), end + 1
	}
	switch body {
	case "lt":
		return "<", end + 1
	case "gt":
		return ">", end + 1
	case "amp":
		return "&", end + 1
	case "quot":
		return `"`, end + 1
	case "apos":
		return "'", end + 1
	}
	if v, ok := xml.HTMLEntity[body]; ok {
		return v, end + 1
	}
	return "&", 1
}

func isXMLChar(c rune) bool {
	return c == 0x09 || c == 0x0A || c == 0x0D ||
		c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF
}

// skipPast returns the index just after the first sep at or after i, or
// len(data).
func skipPast(data []byte, i int, sep string) int {
	if j := bytes.Index(data[i:], []byte(sep)); j >= 0 {
		return i + j + len(sep)
	}
	return len(data)
}

// skipDoctype skips a DOCTYPE declaration, its internal subset included.
func skipDoctype(data []byte, i int) int {
	depth := 0
	for ; i < len(data); i++ {
		switch data[i] {
		case '[':
			depth++
		case ']':
			depth = max(depth-1, 0)
		case '>':
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(data)
}
