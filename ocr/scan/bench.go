package scan

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/policyqa/policyqa/document/pdfrender"
	"github.com/policyqa/policyqa/ocr"
)

// BenchOptions configure Bench.
type BenchOptions struct {
	// Dataset is a folder in the challenge layout with scanned PDFs
	// (doc/*/*.pdf) and, where known, the text of each page in
	// truth/<doc>/page-NN.txt and the gold paragraphs in gold.json.
	Dataset string
	// Only, when not nil, keeps the pages it returns true for.
	Only func(doc string, page int) bool
	// Read reads one rendered page (the variant measured).
	Read func(ctx context.Context, page *PageImage) (string, error)
	// CPU, when set, is the clock of CPU time spent (this process and
	// the engine's workers).
	CPU func() time.Duration
	// Progress, when set, gets one line per page.
	Progress io.Writer
	// TextDir, when set, receives each page's text as DOC-pNN.txt.
	TextDir string
}

// PageImage is a rendered page handed to BenchOptions.Read.
type PageImage struct {
	Doc  string
	Page int
	PNG  []byte
	DPI  int
}

// PageScore is one page's figures.
type PageScore struct {
	Doc  string `json:"doc"`
	Page int    `json:"page"`
	// Chars counts the truth's Hangul syllables and digits; Errors is
	// the edit distance between them and the OCR text's, in reading
	// order; CER = Errors / Chars.
	Chars  int     `json:"chars"`
	Errors int     `json:"errors"`
	CER    float64 `json:"cer"`
	// Words counts the truth's words (white-space separated, reduced to
	// their Hangul, digits and Latin letters); Found those the OCR text
	// holds too, each matched once (order ignored).
	Words   int     `json:"words"`
	Found   int     `json:"found"`
	WordAcc float64 `json:"word_acc"`
	// CPU is the CPU time spent on the page (rendering excluded).
	CPU  float64 `json:"cpu_s"`
	Wall float64 `json:"wall_s"`
	Text string  `json:"-"`
}

// GoldScore says how well a gold paragraph appears in its document's OCR
// text (Similarity).
type GoldScore struct {
	Problem    string  `json:"problem"`
	Doc        string  `json:"doc"`
	Similarity float64 `json:"similarity"`
}

// BenchReport is what Bench measured.
type BenchReport struct {
	Dataset string      `json:"dataset"`
	Pages   []PageScore `json:"pages"`
	// CER, WordAcc: over all pages with truth (errors over chars).
	CER     float64 `json:"cer"`
	WordAcc float64 `json:"word_acc"`
	// CPUPerPage, WallPerPage: seconds per page.
	CPUPerPage  float64     `json:"cpu_s_per_page"`
	WallPerPage float64     `json:"wall_s_per_page"`
	Gold        []GoldScore `json:"gold,omitempty"`
	// GoldMean is the mean gold-paragraph similarity.
	GoldMean float64 `json:"gold_mean,omitempty"`
}

// Bench renders every page of the dataset's PDFs at DefaultDPI, reads it
// with opts.Read one page at a time, and scores the text against the
// truth pages (CER and word accuracy, see PageScore) and the gold
// paragraphs (see GoldScore).
func Bench(ctx context.Context, opts BenchOptions) (*BenchReport, error) {
	files, err := filepath.Glob(filepath.Join(opts.Dataset, "doc", "*", "*.pdf"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("bench ocr: no PDF under %s/doc", opts.Dataset)
	}
	sort.Slice(files, func(i, j int) bool { return filepath.Base(files[i]) < filepath.Base(files[j]) })
	r, err := pdfrender.NewEngine(ctx, pdfrender.Options{Workers: 1})
	if err != nil {
		return nil, err
	}
	defer r.Close()
	cpu := opts.CPU
	if cpu == nil {
		cpu = func() time.Duration { return 0 }
	}
	rep := &BenchReport{Dataset: opts.Dataset}
	docText := map[string]*strings.Builder{}
	var errs, chars, words, found int
	var cpuSum, wallSum float64
	for _, f := range files {
		doc := strings.TrimSuffix(filepath.Base(f), ".pdf")
		d, err := r.Open(ctx, f)
		if err != nil {
			return nil, err
		}
		for pg := 1; pg <= d.PageCount(); pg++ {
			if opts.Only != nil && !opts.Only(doc, pg) {
				continue
			}
			img, err := d.RenderPageGray(ctx, pg, DefaultDPI)
			if err != nil {
				d.Close()
				return nil, err
			}
			pi := &PageImage{Doc: doc, Page: pg, DPI: DefaultDPI, PNG: encodePNG(img)}
			c0, t0 := cpu(), time.Now()
			text, err := opts.Read(ctx, pi)
			if err != nil {
				d.Close()
				return nil, fmt.Errorf("%s page %d: %w", doc, pg, err)
			}
			if opts.TextDir != "" {
				if err := os.WriteFile(filepath.Join(opts.TextDir, fmt.Sprintf("%s-p%02d.txt", doc, pg)), []byte(text), 0o644); err != nil {
					d.Close()
					return nil, err
				}
			}
			ps := PageScore{Doc: doc, Page: pg, CPU: (cpu() - c0).Seconds(), Wall: time.Since(t0).Seconds(), Text: text}
			if docText[doc] == nil {
				docText[doc] = &strings.Builder{}
			}
			docText[doc].WriteString(text + "\n")
			if truth, err := os.ReadFile(filepath.Join(opts.Dataset, "truth", doc, fmt.Sprintf("page-%02d.txt", pg))); err == nil {
				ps.Errors, ps.Chars = CharErrors(string(truth), text)
				ps.Found, ps.Words = WordsFound(string(truth), text)
				if ps.Chars > 0 {
					ps.CER = float64(ps.Errors) / float64(ps.Chars)
				}
				if ps.Words > 0 {
					ps.WordAcc = float64(ps.Found) / float64(ps.Words)
				}
				errs += ps.Errors
				chars += ps.Chars
				words += ps.Words
				found += ps.Found
			}
			cpuSum += ps.CPU
			wallSum += ps.Wall
			rep.Pages = append(rep.Pages, ps)
			if opts.Progress != nil {
				if ps.Chars > 0 {
					fmt.Fprintf(opts.Progress, "%-28s p%02d  CER %6.2f%% (%4d/%4d)  words %5.1f%%  %5.2f s CPU  %5.2f s wall\n",
						doc, pg, 100*ps.CER, ps.Errors, ps.Chars, 100*ps.WordAcc, ps.CPU, ps.Wall)
				} else {
					fmt.Fprintf(opts.Progress, "%-28s p%02d  %5.2f s CPU  %5.2f s wall\n", doc, pg, ps.CPU, ps.Wall)
				}
			}
		}
		d.Close()
	}
	if n := len(rep.Pages); n > 0 {
		rep.CPUPerPage, rep.WallPerPage = cpuSum/float64(n), wallSum/float64(n)
	}
	if chars > 0 {
		rep.CER = float64(errs) / float64(chars)
	}
	if words > 0 {
		rep.WordAcc = float64(found) / float64(words)
	}
	rep.Gold = goldScores(opts.Dataset, docText)
	if len(rep.Gold) > 0 {
		var s float64
		for _, g := range rep.Gold {
			s += g.Similarity
		}
		rep.GoldMean = s / float64(len(rep.Gold))
	}
	return rep, nil
}

// goldScores measures each gold paragraph of a read document.
func goldScores(dataset string, docText map[string]*strings.Builder) []GoldScore {
	data, err := os.ReadFile(filepath.Join(dataset, "gold.json"))
	if err != nil {
		return nil
	}
	var gold map[string]struct {
		Para    string `json:"para"`
		DocFile string `json:"doc_file"`
	}
	if json.Unmarshal(data, &gold) != nil {
		return nil
	}
	var out []GoldScore
	for no, g := range gold {
		t, ok := docText[g.DocFile]
		if !ok || g.Para == "" {
			continue
		}
		out = append(out, GoldScore{Problem: no, Doc: g.DocFile, Similarity: Similarity(g.Para, t.String())})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Problem < out[j].Problem })
	return out
}

// WriteSummary prints the report's totals.
func (r *BenchReport) WriteSummary(w io.Writer) {
	chars := 0
	for _, p := range r.Pages {
		chars += p.Chars
	}
	if chars == 0 {
		fmt.Fprintf(w, "%s: %d pages, no truth pages (truth/<doc>/page-NN.txt), %.2f s CPU per page (one worker), %.2f s wall per page\n",
			r.Dataset, len(r.Pages), r.CPUPerPage, r.WallPerPage)
	} else {
		fmt.Fprintf(w, "%s: %d pages, CER %.2f%% (Hangul and digits, reading order), word accuracy %.1f%%, %.2f s CPU per page (one worker), %.2f s wall per page\n",
			r.Dataset, len(r.Pages), 100*r.CER, 100*r.WordAcc, r.CPUPerPage, r.WallPerPage)
	}
	for _, g := range r.Gold {
		fmt.Fprintf(w, "  problem %s (%s): gold paragraph similarity %.3f\n", g.Problem, g.Doc, g.Similarity)
	}
	if len(r.Gold) > 0 {
		fmt.Fprintf(w, "  gold paragraph similarity mean %.3f\n", r.GoldMean)
	}
}

// Variants are the page readers Bench can compare, by name.
var Variants = map[string]func(eng ocr.Engine) func(ctx context.Context, p *PageImage) (string, error){
	// page: the whole page in one call, psm 4, the engine's languages
	// (kor+eng): the reader before layout analysis.
	"page": func(eng ocr.Engine) func(context.Context, *PageImage) (string, error) {
		return func(ctx context.Context, p *PageImage) (string, error) {
			r, err := eng.Recognize(ctx, p.PNG, ocr.ModePage)
			return r.Text, err
		}
	},
	// page-kor: the same with the Korean model alone.
	"page-kor": func(eng ocr.Engine) func(context.Context, *PageImage) (string, error) {
		return func(ctx context.Context, p *PageImage) (string, error) {
			r, err := ocr.RecognizeWith(ctx, eng, p.PNG, ocr.ModePage, ocr.Params{Languages: []string{"kor"}})
			return r.Text, err
		}
	},
	// layout: Reader (ruled tables read cell by cell, rules erased).
	"layout":         layoutVariant(Reader{}),
	"layout-cell1.5": layoutVariant(Reader{CellScale: 1.5}),
	"layout-cell2":   layoutVariant(Reader{CellScale: 2}),
	"layout-text1.5": layoutVariant(Reader{TextScale: 1.5}),
}

func layoutVariant(rd Reader) func(eng ocr.Engine) func(context.Context, *PageImage) (string, error) {
	return func(eng ocr.Engine) func(context.Context, *PageImage) (string, error) {
		rd := rd
		rd.Engine = eng
		return func(ctx context.Context, p *PageImage) (string, error) {
			img, _, err := ocr.DecodeImageLimits(p.PNG, ocr.Limits{FitPixels: -1})
			if err != nil {
				return "", err
			}
			pg, err := rd.ReadPage(ctx, ocr.Gray(img))
			if err != nil {
				return "", err
			}
			return pg.Text(), nil
		}
	}
}
