package reader

// encoding is a tokenised text without special tokens.
type encoding struct {
	IDs []int64
	// Offsets are byte offsets [start, end) of each token in the text.
	Offsets [][2]int
}

// tokenizer tokenises one text without special tokens, keeping offsets.
type tokenizer interface {
	encode(text string) (encoding, error)
}

// window is one model input: the question and a slice of one passage laid
// out by the pair template.
type window struct {
	passage int
	ids     []int64
	typeIDs []int64
	// ctxStart is the index in ids of the first passage token; ctxOffsets
	// are the byte offsets of the passage tokens ids[ctxStart:].
	ctxStart   int
	ctxOffsets [][2]int
	// cls is the index of the token whose logits give the null score, or -1.
	cls int
}

// makeWindows cuts a passage encoding into windows. question must already be
// cut to the question budget. room is the number of passage tokens a window
// holds; neighbouring windows overlap by stride tokens (room > stride).
// Windows start at multiples of room-stride until one reaches the end, as Hugging Face's
// truncation="only_second" with return_overflowing_tokens does.
func makeWindows(tpl pairTemplate, passage int, question, ctx encoding, room, stride int) []window {
	n := len(ctx.IDs)
	if n == 0 || room <= 0 {
		return nil
	}
	step := max(room-stride, 1)
	var out []window
	for start := 0; ; start += step {
		stop := min(start+room, n)
		out = append(out, layout(tpl, passage, question.IDs, ctx.IDs[start:stop], ctx.Offsets[start:stop]))
		if stop == n {
			break
		}
	}
	return out
}

// layout places question ids and passage ids in the template.
func layout(tpl pairTemplate, passage int, q, c []int64, cOff [][2]int) window {
	size := len(q) + len(c) + tpl.specials()
	w := window{
		passage:    passage,
		ids:        make([]int64, 0, size),
		typeIDs:    make([]int64, 0, size),
		ctxOffsets: cOff,
		cls:        tpl.clsIndex(),
	}
	for _, p := range tpl.pieces {
		switch {
		case p.special:
			w.ids = append(w.ids, p.id)
			w.typeIDs = append(w.typeIDs, p.typeID)
		case p.seq == 0:
			w.ids = append(w.ids, q...)
			for range q {
				w.typeIDs = append(w.typeIDs, p.typeID)
			}
		default:
			w.ctxStart = len(w.ids)
			w.ids = append(w.ids, c...)
			for range c {
				w.typeIDs = append(w.typeIDs, p.typeID)
			}
		}
	}
	return w
}

// batch is a padded block of windows ready for the model.
type batch struct {
	windows []*window
	rows    int
	cols    int
	// inputIDs, attention and typeIDs are rows x cols, row-major.
	inputIDs, attention, typeIDs []int64
}

// makeBatches groups windows into batches of at most size, longest first so
// that windows of similar length share a batch, each padded to its longest
// window with padID. A window shorter than 3/4 of its batch's longest starts
// a new batch, so padding never wastes more than a quarter of a batch.
func makeBatches(ws []window, size int, padID int64) []batch {
	order := make([]*window, len(ws))
	for i := range ws {
		order[i] = &ws[i]
	}
	// Stable sort by length, longest first; ties keep input order.
	sortStableBy(order, func(a, b *window) bool { return len(a.ids) > len(b.ids) })
	var out []batch
	for i := 0; i < len(order); {
		cols := len(order[i].ids)
		j := i + 1
		for j < len(order) && j-i < size && 4*len(order[j].ids) >= 3*cols {
			j++
		}
		out = append(out, padBatch(order[i:j], cols, padID))
		i = j
	}
	return out
}

// padBatch lays out windows (the first the longest) as a rows x cols block.
func padBatch(group []*window, cols int, padID int64) batch {
	b := batch{windows: group, rows: len(group), cols: cols,
		inputIDs:  make([]int64, len(group)*cols),
		attention: make([]int64, len(group)*cols),
		typeIDs:   make([]int64, len(group)*cols),
	}
	for r, w := range group {
		row := r * cols
		copy(b.inputIDs[row:], w.ids)
		copy(b.typeIDs[row:], w.typeIDs)
		for c := range cols {
			if c < len(w.ids) {
				b.attention[row+c] = 1
			} else {
				b.inputIDs[row+c] = padID
			}
		}
	}
	return b
}
