package charts

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/policyqa/policyqa/ocr"
)

// Truth is the table a spec draws, in the form Extract returns: pie values
// are percentages of the whole.
func (s Spec) Truth() *Table {
	t := &Table{Title: s.Title, Type: s.Type, Categories: s.Categories}
	for _, se := range s.Series {
		t.Series = append(t.Series, Series{Name: se.Name, Values: append([]float64(nil), se.Values...)})
	}
	if s.Type == TypePie {
		sum := 0.0
		for _, v := range s.Series[0].Values {
			sum += v
		}
		t.Series = t.Series[:1]
		for i, v := range t.Series[0].Values {
			t.Series[0].Values[i] = 100 * v / sum
		}
	}
	return t
}

// Score compares an extracted table with the truth. Series are matched by
// name (ignoring spaces), else by position; categories by position.
type Score struct {
	Values  int // values in the truth
	Correct int // extracted within 5% of the truth
	// TypeOK, TitleOK and CategoriesOK say whether the type, title and
	// all category labels were read exactly (ignoring spaces).
	TypeOK, TitleOK, CategoriesOK bool
}

func squash(s string) string { return strings.Join(strings.Fields(s), "") }

// Compare scores got against want.
func Compare(want, got *Table) Score {
	sc := Score{}
	for _, s := range want.Series {
		sc.Values += len(s.Values)
	}
	if got == nil {
		return sc
	}
	sc.TypeOK = got.Type == want.Type
	sc.TitleOK = squash(got.Title) == squash(want.Title)
	sc.CategoriesOK = len(got.Categories) == len(want.Categories)
	for i := range want.Categories {
		if i >= len(got.Categories) || squash(got.Categories[i]) != squash(want.Categories[i]) {
			sc.CategoriesOK = false
		}
	}
	taken := map[int]bool{}
	for j, ws := range want.Series {
		gi := -1
		for k, gs := range got.Series {
			if !taken[k] && ws.Name != "" && squash(gs.Name) == squash(ws.Name) {
				gi = k
				break
			}
		}
		if gi < 0 && j < len(got.Series) && !taken[j] {
			gi = j
		}
		if gi < 0 {
			continue
		}
		taken[gi] = true
		for i, v := range ws.Values {
			if i < len(got.Series[gi].Values) && within(got.Series[gi].Values[i], v, 0.05) {
				sc.Correct++
			}
		}
	}
	return sc
}

func within(got, want, rel float64) bool {
	if math.IsNaN(got) {
		return false
	}
	return math.Abs(got-want) <= rel*math.Abs(want)+1e-9
}

// BenchOptions configures Bench.
type BenchOptions struct {
	N    int    // charts; default 60
	Seed uint64 // default 1
	// Workers extracts this many charts at once; default the engine's
	// Workers() or 1.
	Workers int
	// Plain draws every chart in the default style, as PNG; otherwise
	// the style varies (RandomStyle) and every third chart goes through
	// JPEG compression.
	Plain bool
	// Renderer draws the charts; nil loads the default fonts.
	Renderer *Renderer
	// Failures, when not nil, receives one line per chart with a wrong
	// value.
	Failures func(line string)
}

// BenchReport is what Bench prints, as JSON.
type BenchReport struct {
	N    int    `json:"n"`
	Seed uint64 `json:"seed"`
	// Accuracy is the share of values within 5% of the truth, over all
	// charts, by type, and by data labels on ("labels") or off
	// ("no_labels"), and both ("bar/labels").
	Accuracy        float64            `json:"relaxed_accuracy"`
	ByType          map[string]float64 `json:"by_type"`
	ByLabels        map[string]float64 `json:"by_labels"`
	ByTypeLabels    map[string]float64 `json:"by_type_labels"`
	ByImage         map[string]float64 `json:"by_image"`
	TypeAccuracy    float64            `json:"type_accuracy"`
	TitleAccuracy   float64            `json:"title_accuracy"`
	CategoryAcc     float64            `json:"category_accuracy"`
	SecondsPerChart float64            `json:"seconds_per_chart"`
}

// Bench draws N random charts (all types, half with data labels), extracts
// them with eng and scores the result.
func Bench(ctx context.Context, eng ocr.Engine, opts BenchOptions) (*BenchReport, error) {
	if opts.N <= 0 {
		opts.N = 60
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	if opts.Workers <= 0 {
		opts.Workers = 1
		if w, ok := eng.(interface{ Workers() int }); ok && w.Workers() > 0 {
			opts.Workers = w.Workers()
		}
	}
	r := opts.Renderer
	if r == nil {
		var err error
		if r, err = NewRenderer("", ""); err != nil {
			return nil, err
		}
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x63686172))
	specs := make([]Spec, opts.N)
	jpegs := make([]bool, opts.N)
	for i := range specs {
		specs[i] = RandomSpec(rng, Types[i%len(Types)], (i/len(Types))%2 == 0)
		if !opts.Plain {
			RandomStyle(rng, &specs[i])
			jpegs[i] = i%3 == 2
		}
	}
	scores := make([]Score, opts.N)
	errs := make([]error, opts.N)
	start := time.Now()
	var wg sync.WaitGroup
	next := make(chan int)
	for range opts.Workers {
		wg.Go(func() {
			for i := range next {
				rgba, err := r.Render(specs[i])
				if err != nil {
					errs[i] = err
					continue
				}
				var img image.Image = rgba
				if jpegs[i] {
					if img, err = jpegRoundTrip(rgba); err != nil {
						errs[i] = err
						continue
					}
				}
				got, err := Extract(ctx, img, eng)
				if err != nil {
					errs[i] = err
					continue
				}
				want := specs[i].Truth()
				scores[i] = Compare(want, got)
				if opts.Failures != nil && !scores[i].CategoriesOK {
					opts.Failures(fmt.Sprintf("chart %d %s: categories %q, want %q", i, specs[i].Type, got.Categories, want.Categories))
				}
				if opts.Failures != nil && !scores[i].TitleOK {
					opts.Failures(fmt.Sprintf("chart %d %s: title %q, want %q", i, specs[i].Type, got.Title, want.Title))
				}
				if opts.Failures != nil && scores[i].Correct < scores[i].Values {
					opts.Failures(fmt.Sprintf("chart %d %s labels=%v: %d/%d\n  want %v %q %v\n  got  %v %q %v", i, specs[i].Type, specs[i].Labels,
						scores[i].Correct, scores[i].Values, want.Type, want.Title, want.Series, got.Type, got.Title, got.Series))
				}
			}
		})
	}
	for i := range specs {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("charts bench: %w", err)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("charts bench: %w", err)
	}
	rep := &BenchReport{N: opts.N, Seed: opts.Seed, SecondsPerChart: time.Since(start).Seconds() / float64(opts.N)}
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
	var types, titles, cats int
	for i, s := range scores {
		lab := "no_labels"
		if specs[i].Labels {
			lab = "labels"
		}
		add("", s)
		if jpegs[i] {
			add("i:jpeg", s)
		} else {
			add("i:png", s)
		}
		add("t:"+specs[i].Type, s)
		add("l:"+lab, s)
		add("tl:"+specs[i].Type+"/"+lab, s)
		if specs[i].Type == TypeBar || specs[i].Type == TypeHBar || specs[i].Type == TypeGrouped || specs[i].Type == TypeStacked {
			add("l:bars/"+lab, s)
		}
		types += b2i(s.TypeOK)
		titles += b2i(s.TitleOK)
		cats += b2i(s.CategoriesOK)
	}
	ratio := func(a *acc) float64 { return math.Round(1000*float64(a.c)/float64(max(a.n, 1))) / 1000 }
	rep.ByType, rep.ByLabels, rep.ByTypeLabels, rep.ByImage = map[string]float64{}, map[string]float64{}, map[string]float64{}, map[string]float64{}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch {
		case k == "":
			rep.Accuracy = ratio(by[k])
		case strings.HasPrefix(k, "t:"):
			rep.ByType[k[2:]] = ratio(by[k])
		case strings.HasPrefix(k, "l:"):
			rep.ByLabels[k[2:]] = ratio(by[k])
		case strings.HasPrefix(k, "i:"):
			rep.ByImage[k[2:]] = ratio(by[k])
		case strings.HasPrefix(k, "tl:"):
			rep.ByTypeLabels[k[3:]] = ratio(by[k])
		}
	}
	n := float64(opts.N)
	rep.TypeAccuracy = math.Round(1000*float64(types)/n) / 1000
	rep.TitleAccuracy = math.Round(1000*float64(titles)/n) / 1000
	rep.CategoryAcc = math.Round(1000*float64(cats)/n) / 1000
	rep.SecondsPerChart = math.Round(100*rep.SecondsPerChart) / 100
	return rep, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// jpegRoundTrip compresses an image as JPEG at quality 80 and decodes it:
// the artefacts of charts pasted into documents as JPEG.
func jpegRoundTrip(img image.Image) (image.Image, error) {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	out, err := jpeg.Decode(&b)
	if err != nil {
		return nil, fmt.Errorf("charts: %w", err)
	}
	return out, nil
}
