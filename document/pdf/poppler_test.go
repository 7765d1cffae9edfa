package pdf

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/policyqa/policyqa/document"
)

// hangulDigits keeps Hangul syllables and digits, the characters the
// text-layer recall is measured on.
func hangulDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if (r >= 0xAC00 && r <= 0xD7A3) || (r >= '0' && r <= '9') {
			return r
		}
		if unicode.IsSpace(r) {
			return -1
		}
		return '|' // a boundary: no bigram across it
	}, s)
}

// bigramCounts counts the bigrams of Hangul and digits in each line of
// text, whitespace ignored and never across other characters.
func bigramCounts(text string) map[string]int {
	out := map[string]int{}
	for _, line := range strings.Split(text, "\n") {
		for _, piece := range strings.Split(hangulDigits(line), "|") {
			rs := []rune(piece)
			for i := 0; i+1 < len(rs); i++ {
				out[string(rs[i:i+2])]++
			}
		}
	}
	return out
}

// docText is the parse's text as a user reads it: blocks in order, a
// table row by row, its cells left to right separated by spaces (as
// pdftotext sets the cells of a table line; `policyqa parse --format text`
// separates them with " | ").
func docText(d *document.Document) string {
	var sb strings.Builder
	for _, b := range d.Blocks {
		sb.WriteString(b.Text)
		sb.WriteByte('\n')
		if b.Table != nil {
			for _, row := range b.Table.Grid() {
				sb.WriteString(strings.Join(row, " "))
				sb.WriteByte('\n')
			}
		}
	}
	return sb.String()
}

// TestFieldDevAgainstPoppler parses every PDF of the field-dev set and
// compares it with poppler's `pdftotext -raw` of the same file: recall of
// poppler's Hangul and digit bigrams (whitespace ignored) must be at
// least 0.95, and the pages sent to OCR must be exactly the pages on which
// poppler finds no text. It prints the table (file, pages, OCR pages,
// poppler's empty pages, recall). Skipped when the data, pdftotext or
// poppler-data's Adobe-Korea1 files are missing.
func TestFieldDevAgainstPoppler(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realData, "field-dev", "doc", "*", "*.pdf"))
	if len(files) == 0 {
		t.Skipf("no field-dev PDFs under %s", realData)
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	if _, err := os.Stat("/usr/share/poppler/cMap/Adobe-Korea1"); err != nil {
		t.Skip("poppler-data not installed: pdftotext cannot read Adobe-Korea1 fonts")
	}
	sort.Strings(files)
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-32s %5s %9s %13s %8s\n", "file", "pages", "OCR pages", "poppler empty", "recall")
	for _, f := range files {
		out, err := exec.Command("pdftotext", "-raw", "-enc", "UTF-8", f, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext %s: %v", f, err)
		}
		popPages := strings.Split(string(out), "\f")
		d, info, err := ParseFileInfo(context.Background(), f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		var ours, theirs []int
		for _, pi := range info {
			if pi.NeedsOCR() {
				ours = append(ours, pi.Page)
			}
			if pi.Page <= len(popPages) && strings.TrimSpace(popPages[pi.Page-1]) == "" {
				theirs = append(theirs, pi.Page)
			}
		}
		want := bigramCounts(string(out))
		have := bigramCounts(docText(d))
		total, found := 0, 0
		for b, n := range want {
			total += n
			found += min(n, have[b])
		}
		if testing.Verbose() {
			t.Logf("%s: most missed bigrams: %s", filepath.Base(f), mostMissed(want, have, 20))
		}
		recall := 1.0
		if total > 0 {
			recall = float64(found) / float64(total)
		}
		fmt.Fprintf(&table, "%-32s %5d %9s %13s %8.4f\n", filepath.Base(f), d.Pages, pageList(ours), pageList(theirs), recall)
		if recall < 0.95 {
			t.Errorf("%s: bigram recall %.4f < 0.95", filepath.Base(f), recall)
		}
		if pageList(ours) != pageList(theirs) {
			t.Errorf("%s: OCR pages %s, pages without text in poppler %s", filepath.Base(f), pageList(ours), pageList(theirs))
		}
	}
	t.Log(table.String())
}

func pageList(ps []int) string {
	if len(ps) == 0 {
		return "-"
	}
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, ",")
}

// mostMissed lists the bigrams of want most often missing from have.
func mostMissed(want, have map[string]int, n int) string {
	type miss struct {
		b string
		n int
	}
	var ms []miss
	for b, c := range want {
		if d := c - have[b]; d > 0 {
			ms = append(ms, miss{b, d})
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].n > ms[j].n || (ms[i].n == ms[j].n && ms[i].b < ms[j].b) })
	var parts []string
	for i := 0; i < len(ms) && i < n; i++ {
		parts = append(parts, fmt.Sprintf("%s×%d", ms[i].b, ms[i].n))
	}
	return strings.Join(parts, " ")
}

// TestFieldDevSectionPaths: no section path of a field-dev PDF holds
// characters outside Hangul, CJK, ASCII and common punctuation (the
// Hancom files once gave "ÆÇ ) 6 N Èf" from glyphs it could not decode).
func TestFieldDevSectionPaths(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realData, "field-dev", "doc", "*", "*.pdf"))
	if len(files) == 0 {
		t.Skipf("no field-dev PDFs under %s", realData)
	}
	for _, f := range files {
		d, err := ParseFile(context.Background(), f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		paths := 0
		for _, b := range d.Blocks {
			for _, s := range b.Section {
				paths++
				if strings.IndexFunc(s, func(r rune) bool { return !sectionRune(r) }) >= 0 {
					t.Errorf("%s p%d: section %q", d.ID, b.Page, s)
				}
			}
		}
		t.Logf("%s: %d section path elements checked", d.ID, paths)
	}
}

// TestFieldDevPatentText: the ezPDF file whose ToUnicode ranges cross a
// low byte reads right: page 1 holds the office, the classification and
// the applicant, and none of the characters the low-byte wrap produced.
func TestFieldDevPatentText(t *testing.T) {
	f := filepath.Join(realData, "field-dev", "doc", "12", "field_12_patent.pdf")
	if _, err := os.Stat(f); err != nil {
		t.Skipf("no %s", f)
	}
	d, err := ParseFile(context.Background(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var page1 strings.Builder
	for _, b := range d.Blocks {
		if b.Page == 1 {
			page1.WriteString(docText(&document.Document{Blocks: []document.Block{b}}))
		}
	}
	for _, want := range []string{"대한민국특허청", "국제특허분류", "주식회사 한글과컴퓨터"} {
		if !strings.Contains(page1.String(), want) {
			t.Errorf("page 1 lacks %q", want)
		}
	}
	all := docText(d)
	for _, bad := range []string{"눀", "걭", "햌"} {
		if strings.Contains(all, bad) {
			t.Errorf("the parse holds %q", bad)
		}
	}
}
