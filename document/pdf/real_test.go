package pdf

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/document"
)

// realData is the shared development set, read at run time only.
const realData = "../../../shared/data"

type goldEntry struct {
	TaskNo  string `json:"task_no"`
	Para    string `json:"para"`
	DocFile string `json:"doc_file"`
}

func stripSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// suspiciousBreak: a block that begins or ends with a lone Hangul syllable
// that is a typical unit or particle cut from its word ("년", "월", "개").
var suspiciousRE = regexp.MustCompile(`(?:^|\s)[년월일개명원건호조억만]$|^[년월일개명원건호조억만](?:\s|$)`)

func TestRealPDFs(t *testing.T) {
	root := filepath.Join(realData, "agc-dev-pdf")
	files, _ := filepath.Glob(filepath.Join(root, "doc", "*", "*.pdf"))
	if len(files) == 0 {
		t.Skipf("no real PDFs under %s", root)
	}
	sort.Strings(files)
	docs := map[string]*document.Document{}
	ctx := context.Background()
	for _, f := range files {
		start := time.Now()
		d, info, err := ParseFileInfo(ctx, f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		el := time.Since(start)
		docs[d.ID] = d
		chars, kinds, suspicious, unusable := 0, map[document.Kind]int{}, 0, 0
		for _, b := range d.Blocks {
			chars += utf8.RuneCountInString(b.Text)
			kinds[b.Kind]++
			if b.Kind != document.KindTable && suspiciousRE.MatchString(b.Text) {
				suspicious++
				if testing.Verbose() {
					t.Logf("  suspicious p%d: %.60q", b.Page, b.Text)
				}
			}
			if b.Page < 1 || b.Page > d.Pages {
				t.Errorf("%s: block page %d out of 1..%d", d.ID, b.Page, d.Pages)
			}
		}
		for _, pi := range info {
			if pi.NeedsOCR() {
				unusable++
			}
		}
		t.Logf("%s: pages=%d blocks=%d (para=%d heading=%d table=%d footnote=%d) chars=%d suspicious=%d unusable-pages=%d warnings=%d time=%v",
			d.ID, d.Pages, len(d.Blocks), kinds[document.KindParagraph], kinds[document.KindHeading],
			kinds[document.KindTable], kinds[document.KindFootnote], chars, suspicious, unusable, len(d.Warnings), el.Round(time.Millisecond))
		if unusable > 0 {
			t.Errorf("%s: %d pages reported without usable text; this PDF has a text layer", d.ID, unusable)
		}
	}

	raw, err := os.ReadFile(filepath.Join(root, "gold.json"))
	if err != nil {
		t.Skipf("no gold.json: %v", err)
	}
	var gold map[string]goldEntry
	if err := json.Unmarshal(raw, &gold); err != nil {
		t.Fatal(err)
	}
	keys := make([]string, 0, len(gold))
	for k := range gold {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	total, exact, loose := 0, 0, 0
	for _, k := range keys {
		g := gold[k]
		if g.Para == "" {
			continue
		}
		var cands []*document.Document
		if d := docs[g.DocFile]; d != nil {
			cands = []*document.Document{d}
		} else {
			for _, d := range docs { // task 4: the whole collection
				cands = append(cands, d)
			}
		}
		total++
		want, wantLoose := document.NormalizeSpace(g.Para), stripSpace(g.Para)
		foundExact, foundLoose := false, false
		for _, d := range cands {
			for _, b := range d.Blocks {
				text := b.Text
				if b.Table != nil {
					text = document.LinearizeTable(b.Table, b.Text)
				}
				if strings.Contains(document.NormalizeSpace(text), want) {
					foundExact = true
				}
				if strings.Contains(stripSpace(text), wantLoose) {
					foundLoose = true
				}
			}
		}
		if foundExact {
			exact++
		}
		if foundLoose {
			loose++
		} else {
			t.Errorf("gold %s (task %s): para not found whole in one block: %q", k, g.TaskNo, g.Para)
		}
	}
	if total > 0 {
		t.Logf("gold paragraphs: %d; found in one block: whitespace-normalised %d/%d (%.0f%%), whitespace-free %d/%d (%.0f%%)",
			total, exact, total, 100*float64(exact)/float64(total), loose, total, 100*float64(loose)/float64(total))
	}
}

func TestScannedPDFs(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(realData, "agc-dev-scan", "doc", "*", "*.pdf"))
	if len(files) == 0 {
		t.Skip("no scanned PDFs")
	}
	for _, f := range files {
		d, info, err := ParseFileInfo(context.Background(), f, Options{})
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(info) != d.Pages || d.Pages == 0 {
			t.Fatalf("%s: %d infos for %d pages", f, len(info), d.Pages)
		}
		for _, pi := range info {
			if pi.Usable || !pi.NeedsOCR() {
				t.Errorf("%s: page %d reported usable: %+v", f, pi.Page, pi)
			}
		}
		t.Logf("%s: pages=%d blocks=%d warnings=%q", d.ID, d.Pages, len(d.Blocks), d.Warnings)
	}
}
