// Command testsummary reads `go test -json` events on stdin and prints
// what plain `go test` prints (a line per package; the output of failing
// tests and of packages that fail to build), then every skipped test with
// its reason. `make unit` pipes the unit tests through it so that a test
// skipped for want of a tool or data set is seen, not mistaken for a pass.
//
//	go test -json ./... | go run ./scripts/testsummary
//
// Its exit status is 1 when a test or package failed (the pipeline's
// status is go test's too, with set -o pipefail), else 0.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := summarize(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "testsummary:", err)
		os.Exit(1)
	}
}

// errFailed is returned when a test or package failed.
var errFailed = fmt.Errorf("tests failed")

func summarize(r io.Reader, w io.Writer) error {
	s := newSummary()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		s.add(sc.Bytes(), w)
	}
	if err := sc.Err(); err != nil {
		return err
	}
	s.report(w)
	if s.failed {
		return errFailed
	}
	return nil
}
