package hwp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/odt"
)

// fieldDevDir finds the shared field-dev set of real public documents
// (never copied into the repository): $POLICYQA_FIELD_DEV, or
// shared/data/field-dev above the working directory. Tests skip when it is
// absent.
func fieldDevDir(tb testing.TB) string {
	tb.Helper()
	if d := os.Getenv("POLICYQA_FIELD_DEV"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		tb.Skip(err)
	}
	for d := wd; ; d = filepath.Dir(d) {
		cand := filepath.Join(d, "shared", "data", "field-dev")
		if fi, err := os.Stat(cand); err == nil && fi.IsDir() {
			return cand
		}
		if filepath.Dir(d) == d {
			break
		}
	}
	tb.Skip("field-dev reference data not found (set POLICYQA_FIELD_DEV)")
	return ""
}

func fieldDevHWP(tb testing.TB) []string {
	tb.Helper()
	dir := fieldDevDir(tb)
	var files []string
	for _, pat := range []string{"*.hwp", "*.hwpx"} {
		m, _ := filepath.Glob(filepath.Join(dir, "doc", "*", pat))
		files = append(files, m...)
	}
	if len(files) == 0 {
		tb.Skip("no HWP/HWPX files in field-dev")
	}
	slices.Sort(files)
	return files
}

// TestFieldDevParses: every HWP/HWPX file of field-dev parses, except the
// password-protected one, which fails with ErrEncrypted and the message
// the run logs.
func TestFieldDevParses(t *testing.T) {
	for _, f := range fieldDevHWP(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			doc, err := ParseFile(context.Background(), f, Options{LoadImages: true})
			if strings.Contains(filepath.Base(f), "encrypted") {
				if !errors.Is(err, ErrEncrypted) || !strings.HasSuffix(err.Error(), "password-protected HWPX; cannot be read") {
					t.Fatalf("want the password-protected error, got %v", err)
				}
				if doc != nil {
					t.Fatal("a document came back with the error")
				}
				t.Logf("%v", err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var paras, tables, figures, loaded int
			for _, b := range doc.Blocks {
				switch b.Kind {
				case document.KindTable:
					tables++
				case document.KindFigure:
					figures++
					if b.Image != nil && len(b.Image.Data) > 0 {
						loaded++
					}
				default:
					paras++
				}
			}
			if paras == 0 {
				t.Fatal("no text blocks")
			}
			if figures != loaded {
				t.Errorf("%d figures, %d with image bytes", figures, loaded)
			}
			fmt.Printf("%-32s %-4s text blocks %3d  tables %2d  figures %2d  warnings %d\n", filepath.Base(f), doc.Format, paras, tables, figures, len(doc.Warnings))
			for _, w := range doc.Warnings {
				t.Logf("warning: %s", w)
			}
		})
	}
}

// bigrams counts the character bigrams of s with white space removed.
func bigrams(s string) map[string]int {
	r := []rune(strings.Join(strings.Fields(s), ""))
	m := map[string]int{}
	for i := 0; i+1 < len(r); i++ {
		m[string(r[i:i+2])]++
	}
	return m
}

// overlap returns the bigrams shared (multiset intersection) and the
// totals of a and b.
func overlap(a, b map[string]int) (shared, na, nb int) {
	for k, v := range a {
		na += v
		shared += min(v, b[k])
	}
	for _, v := range b {
		nb += v
	}
	return
}

// docText is the text of a document's paragraph-like blocks, and of its
// tables' cells, kept apart.
func docText(d *document.Document) (paras string, cells string) {
	var ps, cs []string
	var walk func(t *document.Table)
	walk = func(t *document.Table) {
		for _, row := range t.Rows {
			for _, c := range row {
				cs = append(cs, c.Text)
				for _, n := range c.Nested {
					walk(n)
				}
			}
		}
	}
	for _, b := range d.Blocks {
		switch b.Kind {
		case document.KindTable:
			walk(b.Table)
		case document.KindFigure:
		default:
			if len(b.Section) == 1 && (b.Section[0] == "머리말" || b.Section[0] == "꼬리말") {
				continue // page headers and footers: the ODT keeps them in styles.xml
			}
			ps = append(ps, b.Text)
		}
	}
	return strings.Join(ps, "\n"), strings.Join(cs, "\n")
}

// gridShape describes a table's cell grid: rows, columns and each cell's
// spans in order.
func gridShape(t *document.Table) string {
	g := t.Grid()
	cols := 0
	if len(g) > 0 {
		cols = len(g[0])
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "%d×%d", len(g), cols)
	for _, row := range t.Rows {
		sb.WriteString(" |")
		for _, c := range row {
			fmt.Fprintf(&sb, " %d,%d", c.RowSpan, c.ColSpan)
		}
	}
	return sb.String()
}

func allTables(d *document.Document) []*document.Table {
	var out []*document.Table
	var walk func(t *document.Table)
	walk = func(t *document.Table) {
		out = append(out, t)
		for _, row := range t.Rows {
			for _, c := range row {
				for _, n := range c.Nested {
					walk(n)
				}
			}
		}
	}
	for _, b := range d.Blocks {
		if b.Kind == document.KindTable && b.Table != nil {
			walk(b.Table)
		}
	}
	return out
}

// TestFieldDevODTTwin compares the HWP reader with LibreOffice's own
// reading of the same file: field_10_mfds_guide.odt was converted from
// field_10_mfds_guide_src.hwp. Paragraph text must agree on at least 95%
// of its character bigrams (both ways), and every table's cell grid
// (rows, columns, spans) must be the same.
func TestFieldDevODTTwin(t *testing.T) {
	dir := filepath.Join(fieldDevDir(t), "doc", "10")
	hwpPath := filepath.Join(dir, "field_10_mfds_guide_src.hwp")
	odtPath := filepath.Join(dir, "field_10_mfds_guide.odt")
	if _, err := os.Stat(hwpPath); err != nil {
		t.Skip("field_10 HWP not present")
	}
	ctx := context.Background()
	hd, err := ParseFile(ctx, hwpPath, Options{})
	if err != nil {
		t.Fatal(err)
	}
	od, err := odt.ParseFile(ctx, odtPath, odt.Options{})
	if err != nil {
		t.Fatal(err)
	}
	hp, hc := docText(hd)
	op, oc := docText(od)
	shared, nh, no := overlap(bigrams(hp), bigrams(op))
	precision, recall := float64(shared)/float64(max(nh, 1)), float64(shared)/float64(max(no, 1))
	fmt.Printf("paragraph text bigrams: HWP %d, ODT %d, shared %d: %.3f of HWP's, %.3f of ODT's\n", nh, no, shared, precision, recall)
	cshared, nch, nco := overlap(bigrams(hc), bigrams(oc))
	fmt.Printf("table cell bigrams:     HWP %d, ODT %d, shared %d: %.3f of HWP's, %.3f of ODT's\n", nch, nco, cshared, float64(cshared)/float64(max(nch, 1)), float64(cshared)/float64(max(nco, 1)))
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("paragraph text agrees on %.3f / %.3f of bigrams, want >= 0.95", precision, recall)
	}
	ht, ot := allTables(hd), allTables(od)
	fmt.Printf("tables: HWP %d, ODT %d\n", len(ht), len(ot))
	same := 0
	for i := range max(len(ht), len(ot)) {
		var hs, os string
		if i < len(ht) {
			hs = gridShape(ht[i])
		}
		if i < len(ot) {
			os = gridShape(ot[i])
		}
		if hs == os {
			same++
			fmt.Printf("  table %d: same grid %s\n", i+1, strings.SplitN(hs, " ", 2)[0])
			continue
		}
		t.Errorf("table %d grids differ:\n  HWP %s\n  ODT %s", i+1, hs, os)
	}
	fmt.Printf("tables with the same grid: %d of %d\n", same, max(len(ht), len(ot)))
}
