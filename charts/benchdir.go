package charts

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/policyqa/policyqa/ocr"
)

// TruthRecord is one line of a chart benchmark folder's truth.jsonl, as
// scripts/charts/gen_office.py writes it: the chart image is
// <ID>.<Format> beside the file. Kind is the generator's chart kind (col,
// col_stacked, bar, bar_stacked, col3d, pie, pie3d, doughnut, line); pie
// values are percentages of the whole.
type TruthRecord struct {
	ID         string   `json:"id"`
	Kind       string   `json:"kind"`
	Labels     bool     `json:"labels"`
	Format     string   `json:"format"`
	Title      string   `json:"title"`
	Categories []string `json:"categories"`
	Series     []Series `json:"series"`
}

// UnmarshalJSON reads a series as {"name", "values"}.
func (s *Series) UnmarshalJSON(b []byte) error {
	var v struct {
		Name   string    `json:"name"`
		Values []float64 `json:"values"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	s.Name, s.Values = v.Name, v.Values
	return nil
}

// Table is the record's truth as Extract would return it. Office
// programs draw a horizontal bar chart's first category lowest; Extract
// lists categories as they are read, top to bottom, so the truth of the
// bar kinds is reversed.
func (r TruthRecord) Table() *Table {
	t := &Table{Title: r.Title, Type: kindType(r.Kind, len(r.Series)), Categories: r.Categories, Series: r.Series}
	if t.Type == TypeHBar {
		t.Categories = reversed(t.Categories)
		t.Series = nil
		for _, s := range r.Series {
			t.Series = append(t.Series, Series{Name: s.Name, Values: reversed(s.Values)})
		}
	}
	return t
}

func reversed[T any](s []T) []T {
	out := make([]T, len(s))
	for i, v := range s {
		out[len(s)-1-i] = v
	}
	return out
}

// kindType maps a generator kind to the Table type Extract should give.
func kindType(kind string, nSeries int) string {
	switch kind {
	case "col", "col3d":
		if nSeries > 1 {
			return TypeGrouped
		}
		return TypeBar
	case "col_stacked":
		return TypeStacked
	case "bar", "bar_stacked":
		return TypeHBar
	case "pie", "pie3d", "doughnut":
		return TypePie
	case "line":
		return TypeLine
	}
	return TypeOther
}

// ReadTruth reads a benchmark folder's truth.jsonl.
func ReadTruth(dir string) ([]TruthRecord, error) {
	f, err := os.Open(filepath.Join(dir, "truth.jsonl"))
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	defer f.Close()
	var out []TruthRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r TruthRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("charts: truth.jsonl line %d: %w", n, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	return out, nil
}

// DirReport is what BenchDir measures: relaxed accuracy (values within 5%
// of the truth, ChartQA's rule) over all charts, per generator kind, per
// kind with and without value labels ("pie3d/labels"), and the wall time
// per chart (image decoding, OCR and extraction, one chart at a time).
type DirReport struct {
	Dir             string             `json:"dir"`
	N               int                `json:"n"`
	Accuracy        float64            `json:"relaxed_accuracy"`
	ByKind          map[string]float64 `json:"by_kind"`
	ByKindLabels    map[string]float64 `json:"by_kind_labels"`
	ByLabels        map[string]float64 `json:"by_labels"`
	Charts          map[string]int     `json:"charts"` // kind/labels -> number of charts
	TypeAccuracy    float64            `json:"type_accuracy"`
	TitleAccuracy   float64            `json:"title_accuracy"`
	CategoryAcc     float64            `json:"category_accuracy"`
	SecondsPerChart float64            `json:"seconds_per_chart"`
	MaxSeconds      float64            `json:"max_seconds_per_chart"`
}

// BenchDir extracts every chart of a benchmark folder (truth.jsonl and
// images, as scripts/charts/bench-office.sh makes them) one at a time and
// scores it. failures, when not nil, receives a line per chart with a
// wrong value, type, title or category.
func BenchDir(ctx context.Context, eng ocr.Engine, dir string, failures func(string)) (*DirReport, error) {
	recs, err := ReadTruth(dir)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("charts: %s: no charts in truth.jsonl", dir)
	}
	type acc struct{ c, n int }
	by := map[string]*acc{}
	add := func(k string, s Score) {
		a := by[k]
		if a == nil {
			a = &acc{}
			by[k] = a
		}
		a.c += s.Correct
		a.n += s.Values
	}
	rep := &DirReport{Dir: dir, N: len(recs), Charts: map[string]int{}}
	var types, titles, cats int
	var total time.Duration
	for _, r := range recs {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("charts bench: %w", err)
		}
		start := time.Now()
		data, err := os.ReadFile(filepath.Join(dir, r.ID+"."+r.Format))
		if err != nil {
			return nil, fmt.Errorf("charts bench: %w", err)
		}
		img, _, err := ocr.DecodeImage(data, 0)
		if err != nil {
			return nil, fmt.Errorf("charts bench: chart %s: %w", r.ID, err)
		}
		got, err := Extract(ctx, img, eng)
		if err != nil {
			return nil, fmt.Errorf("charts bench: chart %s: %w", r.ID, err)
		}
		el := time.Since(start)
		total += el
		rep.MaxSeconds = max(rep.MaxSeconds, el.Seconds())
		want := r.Table()
		s := Compare(want, got)
		lab := "no_labels"
		if r.Labels {
			lab = "labels"
		}
		add("", s)
		add("k:"+r.Kind, s)
		add("kl:"+r.Kind+"/"+lab, s)
		add("l:"+lab, s)
		rep.Charts[r.Kind+"/"+lab]++
		types += b2i(s.TypeOK)
		titles += b2i(s.TitleOK)
		cats += b2i(s.CategoriesOK)
		if failures != nil && (s.Correct < s.Values || !s.TypeOK || !s.CategoriesOK) {
			failures(fmt.Sprintf("chart %s %s/%s: %d/%d values, type %s (want %s), %.2fs\n  want %q %q %v\n  got  %q %q %v",
				r.ID, r.Kind, lab, s.Correct, s.Values, got.Type, want.Type, el.Seconds(),
				want.Title, want.Categories, want.Series, got.Title, got.Categories, got.Series))
		}
	}
	ratio := func(a *acc) float64 { return math.Round(1000*float64(a.c)/float64(max(a.n, 1))) / 1000 }
	rep.ByKind, rep.ByKindLabels, rep.ByLabels = map[string]float64{}, map[string]float64{}, map[string]float64{}
	for k, a := range by {
		switch {
		case k == "":
			rep.Accuracy = ratio(a)
		case strings.HasPrefix(k, "k:"):
			rep.ByKind[k[2:]] = ratio(a)
		case strings.HasPrefix(k, "kl:"):
			rep.ByKindLabels[k[3:]] = ratio(a)
		case strings.HasPrefix(k, "l:"):
			rep.ByLabels[k[2:]] = ratio(a)
		}
	}
	n := float64(len(recs))
	rep.TypeAccuracy = math.Round(1000*float64(types)/n) / 1000
	rep.TitleAccuracy = math.Round(1000*float64(titles)/n) / 1000
	rep.CategoryAcc = math.Round(1000*float64(cats)/n) / 1000
	rep.SecondsPerChart = math.Round(100*total.Seconds()/n) / 100
	rep.MaxSeconds = math.Round(100*rep.MaxSeconds) / 100
	return rep, nil
}

// WriteTable prints the report as a table: one row per kind, relaxed
// accuracy with value labels, without, and both, with the number of
// charts in each cell.
func (r *DirReport) WriteTable(w io.Writer) error {
	kinds := make([]string, 0, len(r.ByKind))
	for k := range r.ByKind {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	var b strings.Builder
	fmt.Fprintf(&b, "%-12s %14s %14s %8s\n", "kind", "labels", "no labels", "all")
	cell := func(k, lab string) string {
		v, ok := r.ByKindLabels[k+"/"+lab]
		if !ok {
			return "-"
		}
		return fmt.Sprintf("%.3f (%d)", v, r.Charts[k+"/"+lab])
	}
	for _, k := range kinds {
		fmt.Fprintf(&b, "%-12s %14s %14s %8.3f\n", k, cell(k, "labels"), cell(k, "no_labels"), r.ByKind[k])
	}
	fmt.Fprintf(&b, "%-12s %14.3f %14.3f %8.3f\n", "all", r.ByLabels["labels"], r.ByLabels["no_labels"], r.Accuracy)
	fmt.Fprintf(&b, "type %.3f, title %.3f, categories %.3f; %.2f s per chart (max %.2f), %d charts\n",
		r.TypeAccuracy, r.TitleAccuracy, r.CategoryAcc, r.SecondsPerChart, r.MaxSeconds, r.N)
	_, err := io.WriteString(w, b.String())
	return err
}
