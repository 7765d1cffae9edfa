package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunEvalBaseline(t *testing.T) {
	file := filepath.Join("..", "..", "eval", "testdata", "mini_korquad.json")
	tests := []struct {
		name      string
		args      []string
		questions int
		predictor string
	}{
		{"heldout span", []string{"korquad", "--file", file}, 2, "baseline-span"},
		{"all sentence", []string{"korquad", "--file", file, "--split", "all", "--baseline", "sentence"}, 7, "baseline-sentence"},
		{"train limited", []string{"korquad", "--file", file, "--split", "train", "--limit", "3"}, 3, "baseline-span"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if err := runEval(context.Background(), tt.args, &out, &errb); err != nil {
				t.Fatalf("runEval: %v (%s)", err, errb.String())
			}
			if strings.Count(out.String(), "\n") != 1 {
				t.Fatalf("want one JSON line, got %q", out.String())
			}
			var res map[string]any
			if err := json.Unmarshal(out.Bytes(), &res); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"em", "f1", "questions"} {
				if _, ok := res[k]; !ok {
					t.Errorf("no %q in %s", k, out.String())
				}
			}
			if int(res["questions"].(float64)) != tt.questions || res["predictor"] != tt.predictor {
				t.Errorf("got %s", out.String())
			}
		})
	}
}

func TestRunEvalErrors(t *testing.T) {
	file := filepath.Join("..", "..", "eval", "testdata", "mini_korquad.json")
	for _, args := range [][]string{
		nil,
		{"squad"},
		{"korquad"},
		{"korquad", "--file", file, "--split", "test"},
		{"korquad", "--file", file, "--baseline", "oracle"},
		{"korquad", "--file", filepath.Join(t.TempDir(), "none.json")},
		{"korquad", "--file", file, "--model", t.TempDir()},
	} {
		var out, errb bytes.Buffer
		if err := runEval(context.Background(), args, &out, &errb); err == nil {
			t.Errorf("runEval(%q): no error", args)
		}
		if out.Len() != 0 {
			t.Errorf("runEval(%q) printed %q", args, out.String())
		}
	}
}
