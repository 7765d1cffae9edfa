package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
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

// TestHelp: -h and --help print the usage to stdout and exit 0, with
// nothing on stderr, for the program and every command.
func TestHelp(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string // in stdout
	}{
		{[]string{"-h"}, "Commands:"},
		{[]string{"--help"}, "Commands:"},
		{[]string{"help"}, "Commands:"},
		{[]string{"run", "-h"}, "-dataset"},
		{[]string{"run", "--help"}, "-work"},
		{[]string{"serve", "-h"}, "-addr"},
		{[]string{"grade", "-h"}, "-gold"},
		{[]string{"parse", "-h"}, "usage: policyqa parse"},
		{[]string{"parse", "x.odt", "--help"}, "usage: policyqa parse"},
		{[]string{"eval", "korquad", "-h"}, "-file"},
		{[]string{"bench", "retrieval", "-h"}, "-"},
		{[]string{"bench", "serve", "-h"}, "-dataset"},
	} {
		var out, errb bytes.Buffer
		code := runMain(tt.args, &out, &errb)
		if code != 0 || !strings.Contains(out.String(), tt.want) || errb.Len() != 0 {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 0, usage with %q on stdout, nothing on stderr", tt.args, code, trim(out.String()), errb.String(), tt.want)
		}
	}
	// A flag mistake still prints the usage on stderr and exits 2.
	var out, errb bytes.Buffer
	if code := runMain([]string{"run", "--no-such-flag"}, &out, &errb); code != exitUsage || out.Len() != 0 || !strings.Contains(errb.String(), "-dataset") {
		t.Errorf("run --no-such-flag: exit %d, stdout %q, stderr %q", code, out.String(), trim(errb.String()))
	}
}

func trim(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
