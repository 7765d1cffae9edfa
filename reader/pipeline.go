package reader

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// runner runs the model on one batch and returns per-row logits and the
// time spent inside the model call itself (0 when not measured).
type runner interface {
	run(ctx context.Context, b *batch) ([]logits, time.Duration, error)
}

// Stats are cumulative counters of a pipeline.
type Stats struct {
	Questions int64
	Windows   int64
	Batches   int64
	// Tokens counts window tokens; PaddedTokens the tokens run, padding
	// included (rows x columns of every batch).
	Tokens, PaddedTokens int64
	// Wall is the time spent inside Answer; Run the part spent inside the
	// model's session runs (summed over workers; tensor set-up and copies
	// are outside it).
	Wall, Run time.Duration
}

// pipeline is the model-independent QA logic: tokenise, window, batch, run,
// postprocess.
type pipeline struct {
	opts Options
	tok  tokenizer
	tpl  pairTemplate
	run  runner

	questions, windows, batches atomic.Int64
	tokens, padded              atomic.Int64
	wallNS, runNS               atomic.Int64
}

func (p *pipeline) stats() Stats {
	return Stats{
		Questions: p.questions.Load(), Windows: p.windows.Load(), Batches: p.batches.Load(),
		Tokens: p.tokens.Load(), PaddedTokens: p.padded.Load(),
		Wall: time.Duration(p.wallNS.Load()), Run: time.Duration(p.runNS.Load()),
	}
}

// encodeClean tokenises text with NUL bytes blanked (the native tokenizer
// takes C strings) and offsets checked against the text.
func (p *pipeline) encodeClean(text string) (encoding, error) {
	clean := strings.ReplaceAll(text, "\x00", " ")
	enc, err := p.tok.encode(clean)
	if err != nil {
		return encoding{}, err
	}
	if len(enc.Offsets) != len(enc.IDs) {
		return encoding{}, fmt.Errorf("tokenizer returned %d offsets for %d tokens", len(enc.Offsets), len(enc.IDs))
	}
	for i, o := range enc.Offsets {
		if o[0] < 0 || o[1] < o[0] || o[1] > len(text) {
			enc.Offsets[i] = [2]int{0, 0} // unusable: never starts or ends a span
		}
	}
	return enc, nil
}

// prepare builds the windows of every passage.
func (p *pipeline) prepare(question string, passages []string) ([]window, error) {
	q, err := p.encodeClean(question)
	if err != nil {
		return nil, fmt.Errorf("tokenize question: %w", err)
	}
	if len(q.IDs) > p.opts.MaxQuestionTokens {
		q.IDs, q.Offsets = q.IDs[:p.opts.MaxQuestionTokens], q.Offsets[:p.opts.MaxQuestionTokens]
	}
	room := p.opts.MaxLength - len(q.IDs) - p.tpl.specials()
	var ws []window
	for i, text := range passages {
		c, err := p.encodeClean(text)
		if err != nil {
			return nil, fmt.Errorf("tokenize passage %d: %w", i, err)
		}
		ws = append(ws, makeWindows(p.tpl, i, q, c, room, p.opts.Stride)...)
	}
	return ws, nil
}

// answer implements Reader.Answer.
func (p *pipeline) answer(ctx context.Context, question string, passages []string, k int) ([]Span, error) {
	began := time.Now()
	defer func() { p.wallNS.Add(int64(time.Since(began))) }()
	if k <= 0 || len(passages) == 0 || strings.TrimSpace(question) == "" {
		return nil, nil
	}
	ws, err := p.prepare(question, passages)
	if err != nil {
		return nil, err
	}
	p.questions.Add(1)
	p.windows.Add(int64(len(ws)))
	if len(ws) == 0 {
		return nil, nil
	}
	batches := makeBatches(ws, p.opts.BatchSize, p.tpl.padID)
	p.batches.Add(int64(len(batches)))
	for _, b := range batches {
		p.padded.Add(int64(b.rows * b.cols))
		for _, w := range b.windows {
			p.tokens.Add(int64(len(w.ids)))
		}
	}
	results := make([][]logits, len(batches))

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for range min(p.opts.Workers, len(batches)) {
		wg.Go(func() {
			for i := range next {
				lg, d, err := p.run.run(ctx, &batches[i])
				p.runNS.Add(int64(d))
				if err == nil && len(lg) != batches[i].rows {
					err = fmt.Errorf("model returned %d rows for a batch of %d", len(lg), batches[i].rows)
				}
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
					cancel()
					continue
				}
				results[i] = lg
			}
		})
	}
feed:
	for i := range batches {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	if len(errs) > 0 {
		return nil, fmt.Errorf("reader: run model: %w", errors.Join(errs...))
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("reader: %w", err)
	}

	col := newCollector(k, p.opts.MaxAnswerTokens)
	for i, b := range batches {
		for r, w := range b.windows {
			col.add(w, results[i][r])
		}
	}
	spans := col.top(passages)
	p.opts.Logger.Debug("reader: answered", "passages", len(passages), "windows", len(ws),
		"batches", len(batches), "spans", len(spans), "took", time.Since(began))
	return spans, nil
}
