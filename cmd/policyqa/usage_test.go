package main

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

// TestUsageErrors: a flag mistake or a stray argument is a usage error
// (exit 2) for every command, before anything runs; "run DIR" does not
// run on the default --dataset.
func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"run", "some/dataset"},
		{"run", "--no-such-flag"},
		{"grade", "answers.jsonl"},
		{"serve", "extra"},
		{"eval"},
		{"eval", "squad"},
		{"eval", "korquad"},
		{"eval", "korquad", "--no-such-flag"},
		{"eval", "korquad", "--file", "x.json", "extra"},
		{"bench", "charts", "--no-such-flag"},
		{"bench", "charts", "extra"},
		{"bench", "retrieval", "--no-such-flag"},
		{"bench", "retrieval", "extra"},
		{"bench", "reader", "extra"},
		{"bench", "ocr", "extra"},
		{"bench", "serve", "extra"},
		{"bench", "nothing"},
	} {
		var out, errb bytes.Buffer
		err := run(context.Background(), args, &out, &errb)
		if !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want a usage error", args, err)
		}
	}
}
