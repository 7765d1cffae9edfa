package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestSummarize: package lines as go test prints them, a failing test's
// output, a build failure, and every skipped test with its reason at the
// end; the exit error says whether anything failed.
func TestSummarize(t *testing.T) {
	for _, tt := range []struct {
		name    string
		in      string
		want    []string // in order
		notWant []string
		failed  bool
	}{
		{"pass and skips", `{"Action":"run","Package":"p/a","Test":"TestX"}
{"Action":"output","Package":"p/a","Test":"TestX","Output":"=== RUN   TestX\n"}
{"Action":"output","Package":"p/a","Test":"TestX","Output":"    x_test.go:12: tesseract not installed\n"}
{"Action":"output","Package":"p/a","Test":"TestX","Output":"--- SKIP: TestX (0.00s)\n"}
{"Action":"skip","Package":"p/a","Test":"TestX","Elapsed":0}
{"Action":"output","Package":"p/a","Test":"TestY","Output":"=== RUN   TestY\n"}
{"Action":"pass","Package":"p/a","Test":"TestY","Elapsed":0.1}
{"Action":"skip","Package":"p/b","Test":"TestZ/sub","Elapsed":0}
{"Action":"pass","Package":"p/a","Elapsed":1.5}
{"Action":"skip","Package":"p/c","Elapsed":0}
`, []string{"ok  \tp/a\t1.500s", "skipped tests: 2", "--- SKIP: p/a TestX: tesseract not installed", "--- SKIP: p/b TestZ/sub: (no reason given)"}, []string{"RUN", "p/c"}, false},
		{"failure", `{"Action":"output","Package":"p/a","Test":"TestF","Output":"    f_test.go:3: got 1, want 2\n"}
{"Action":"fail","Package":"p/a","Test":"TestF","Elapsed":0}
{"Action":"output","Package":"p/a","Output":"FAIL\n"}
{"Action":"output","Package":"p/a","Output":"FAIL\tp/a\t0.199s\n"}
{"Action":"fail","Package":"p/a","Elapsed":0.2}
`, []string{"f_test.go:3: got 1, want 2", "FAIL\tp/a\t0.200s", "skipped tests: none"}, []string{"0.199s"}, true},
		{"build failure", `{"ImportPath":"p/a [p/a.test]","Action":"build-output","Output":"a.go:1: undefined: x\n"}
{"Action":"fail","Package":"p/a","Elapsed":0}
`, []string{"a.go:1: undefined: x", "FAIL\tp/a"}, nil, true},
	} {
		var out bytes.Buffer
		err := summarize(strings.NewReader(tt.in), &out)
		if (err != nil) != tt.failed || (err != nil && !errors.Is(err, errFailed)) {
			t.Errorf("%s: err %v, want failed %v", tt.name, err, tt.failed)
		}
		rest := out.String()
		for _, w := range tt.want {
			i := strings.Index(rest, w)
			if i < 0 {
				t.Errorf("%s: output lacks %q (in order):\n%s", tt.name, w, out.String())
				break
			}
			rest = rest[i+len(w):]
		}
		for _, w := range tt.notWant {
			if strings.Contains(out.String(), w) {
				t.Errorf("%s: output has %q:\n%s", tt.name, w, out.String())
			}
		}
	}
}

// TestRealGoTest runs go test -json on a throwaway package with a pass,
// a skip and a subtest skip, so that the event shapes are go's own.
func TestRealGoTest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go test")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	dir := t.TempDir()
	write(t, dir+"/go.mod", "module tmp\n\ngo 1.22\n")
	write(t, dir+"/x_test.go", `package tmp
import "testing"
func TestPass(t *testing.T) {}
func TestSkip(t *testing.T) { t.Skip("needs a tool that is absent") }
func TestSub(t *testing.T) { t.Run("inner", func(t *testing.T) { t.Skipf("data set %s missing", "x") }) }
`)
	cmd := exec.Command(goBin, "test", "-json", "./...")
	cmd.Dir = dir
	js, err := cmd.Output()
	if err != nil {
		t.Fatalf("go test: %v\n%s", err, js)
	}
	var out bytes.Buffer
	if err := summarize(bytes.NewReader(js), &out); err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"ok  \ttmp\t", "skipped tests: 2", "--- SKIP: tmp TestSkip: needs a tool that is absent", "--- SKIP: tmp TestSub/inner: data set x missing"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("output lacks %q:\n%s", w, out.String())
		}
	}
}

func write(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
