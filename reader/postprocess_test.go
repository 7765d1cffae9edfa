package reader

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// bruteTop is the obvious implementation the pruned collector must match.
func bruteTop(ws []window, lgs []logits, k, maxAnswer int) []candidate {
	best := map[spanKey]float64{}
	for wi, w := range ws {
		lg := lgs[wi]
		for i, oi := range w.ctxOffsets {
			for j := i; j < min(len(w.ctxOffsets), i+maxAnswer); j++ {
				oj := w.ctxOffsets[j]
				if oi[1] <= oi[0] || oj[1] <= oj[0] {
					continue
				}
				key := spanKey{w.passage, oi[0], oj[1]}
				s := float64(lg.start[w.ctxStart+i]) + float64(lg.end[w.ctxStart+j])
				if old, ok := best[key]; !ok || s > old {
					best[key] = s
				}
			}
		}
	}
	var out []candidate
	for key, s := range best {
		out = append(out, candidate{key, s})
	}
	slices.SortFunc(out, byScore)
	return out[:min(k, len(out))]
}

func TestCollectorMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		k := 1 + rng.IntN(40)
		maxAnswer := 1 + rng.IntN(8)
		// Overlapping windows over two passages, coarse logits so ties occur.
		q := encoding{IDs: []int64{5}}
		var ws []window
		passages := make([]string, 2)
		for p := range passages {
			n := 1 + rng.IntN(60)
			passages[p] = strings.Repeat("ab ", n)
			var c encoding
			for i := range n {
				c.IDs = append(c.IDs, int64(i))
				if rng.IntN(10) == 0 {
					c.Offsets = append(c.Offsets, [2]int{0, 0}) // unusable token
				} else {
					c.Offsets = append(c.Offsets, [2]int{3 * i, 3*i + 2})
				}
			}
			room := 4 + rng.IntN(20)
			ws = append(ws, makeWindows(bertTpl, p, q, c, room, rng.IntN(room))...)
		}
		lgs := make([]logits, len(ws))
		for i, w := range ws {
			lgs[i] = logits{start: make([]float32, len(w.ids)), end: make([]float32, len(w.ids))}
			for j := range w.ids {
				lgs[i].start[j] = float32(rng.IntN(7))
				lgs[i].end[j] = float32(rng.IntN(7))
			}
		}
		col := newCollector(k, maxAnswer)
		col.compactAt = k + rng.IntN(2*k) // compact often to exercise pruning
		for i := range ws {
			col.add(&ws[i], lgs[i])
		}
		got := col.top(passages)
		want := bruteTop(ws, lgs, k, maxAnswer)
		if len(got) != len(want) {
			t.Fatalf("trial %d: %d spans, want %d", trial, len(got), len(want))
		}
		for i := range got {
			g := candidate{spanKey{got[i].Passage, got[i].Start, got[i].End}, got[i].Score}
			if g != want[i] {
				t.Fatalf("trial %d span %d: %+v, want %+v", trial, i, g, want[i])
			}
		}
	}
}
