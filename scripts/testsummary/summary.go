package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// event is one line of `go test -json` (cmd/test2json).
type event struct {
	Action     string
	Package    string
	Test       string
	Output     string
	Elapsed    float64
	ImportPath string // build-output events
}

// Skip is a skipped test and why (its t.Skip message).
type Skip struct {
	Package, Test, Reason string
}

type summary struct {
	output map[string][]string // package + "\x00" + test -> output lines
	skips  []Skip
	failed bool
}

func newSummary() *summary { return &summary{output: map[string][]string{}} }

// add takes one JSON line; lines that are no event are echoed.
func (s *summary) add(line []byte, w io.Writer) {
	var e event
	if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
		fmt.Fprintln(w, string(line))
		return
	}
	key := e.Package + "\x00" + e.Test
	switch e.Action {
	case "build-output":
		fmt.Fprint(w, e.Output)
	case "output":
		s.output[key] = append(s.output[key], e.Output)
	case "skip":
		if e.Test != "" {
			s.skips = append(s.skips, Skip{Package: e.Package, Test: e.Test, Reason: reason(s.output[key])})
		}
		delete(s.output, key)
	case "pass":
		if e.Test == "" {
			fmt.Fprintf(w, "ok  \t%s\t%.3fs\n", e.Package, e.Elapsed)
		}
		delete(s.output, key)
	case "fail":
		s.failed = true
		for _, l := range s.output[key] {
			if e.Test == "" && strings.HasPrefix(l, "FAIL\t"+e.Package) {
				continue // go test's own line; ours follows
			}
			fmt.Fprint(w, l)
		}
		delete(s.output, key)
		if e.Test == "" {
			fmt.Fprintf(w, "FAIL\t%s\t%.3fs\n", e.Package, e.Elapsed)
		}
	}
}

// reason is the t.Skip message in a skipped test's output: the lines
// between its "=== RUN" and "--- SKIP" lines, file:line prefix removed.
func reason(lines []string) string {
	var parts []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- SKIP") {
			continue
		}
		if i := strings.Index(t, ": "); i > 0 && strings.Contains(t[:i], ".go:") {
			t = t[i+2:]
		}
		parts = append(parts, t)
	}
	if len(parts) == 0 {
		return "(no reason given)"
	}
	return strings.Join(parts, " ")
}

// report lists the skipped tests, by package and name.
func (s *summary) report(w io.Writer) {
	if len(s.skips) == 0 {
		fmt.Fprintln(w, "skipped tests: none")
		return
	}
	sort.Slice(s.skips, func(i, j int) bool {
		if s.skips[i].Package != s.skips[j].Package {
			return s.skips[i].Package < s.skips[j].Package
		}
		return s.skips[i].Test < s.skips[j].Test
	})
	fmt.Fprintf(w, "\nskipped tests: %d (each needs something this machine lacks, or is not meant for -short):\n", len(s.skips))
	for _, k := range s.skips {
		fmt.Fprintf(w, "--- SKIP: %s %s: %s\n", k.Package, k.Test, k.Reason)
	}
}
