package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

const demo = "../../examples/demo/dataset"

// TestRunParseGolden parses each kind of input the demo dataset holds
// (zipped ODT, unpacked ODT folder, PDF with a text layer, HWPX, ref
// table fragment) in every format and compares with testdata/parse/*.golden.
func TestRunParseGolden(t *testing.T) {
	inputs := []struct{ name, path string }{
		{"odt", demo + "/doc/01/demo_r01_forest.odt"},
		{"odtdir", demo + "/doc/03/demo_r03_market"},
		{"pdf", demo + "/doc/02/demo_r02_startup.pdf"},
		{"fragment", demo + "/ref/demo_r01_forest_table001.xml"},
		{"hwpx", demo + "/doc/04/demo_r04_library.hwpx"},
	}
	for _, in := range inputs {
		for _, format := range []string{"json", "md", "text"} {
			t.Run(in.name+"."+format, func(t *testing.T) {
				var out, errb bytes.Buffer
				// Flags after the path work too.
				if err := runParse(context.Background(), []string{in.path, "--ocr=false", "--format", format}, &out, &errb); err != nil {
					t.Fatalf("runParse: %v\n%s", err, errb.String())
				}
				path := filepath.Join("testdata", "parse", in.name+"."+format+".golden")
				if *update {
					if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (go test -update creates it)", err)
				}
				if !bytes.Equal(out.Bytes(), want) {
					t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, out.String())
				}
			})
		}
	}
}

func TestRunParseDirIsJSONArray(t *testing.T) {
	var out, errb bytes.Buffer
	err := runParse(context.Background(), []string{"--ocr=false", "--format", "json", demo + "/doc"}, &out, &errb)
	if err != nil {
		t.Fatalf("runParse: %v\n%s", err, errb.String())
	}
	var docs []struct {
		ID     string `json:"id"`
		Format string `json:"format"`
	}
	if err := json.Unmarshal(out.Bytes(), &docs); err != nil {
		t.Fatalf("not a JSON array: %v", err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.ID+":"+d.Format)
	}
	if got := strings.Join(ids, " "); got != "demo_r01_forest:odt demo_r02_startup:pdf demo_r03_market:odt demo_r04_library:hwpx" {
		t.Errorf("documents = %s", got)
	}
}

func TestRunParseErrors(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		usage bool
	}{
		{"no path", []string{"--ocr=false"}, true},
		{"bad format", []string{"--format", "html", demo + "/doc/02/demo_r02_startup.pdf"}, true},
		{"missing file", []string{"--ocr=false", "no/such/file.pdf"}, false},
		{"unsupported file", []string{"--ocr=false", demo + "/problemsheet.json"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			err := runParse(context.Background(), tt.args, &out, &errb)
			if err == nil {
				t.Fatal("no error")
			}
			if got := strings.HasPrefix(err.Error(), errUsage.Error()); got != tt.usage {
				t.Errorf("err = %v, usage error %v, want %v", err, got, tt.usage)
			}
		})
	}
}

// TestRunParseBrokenItemGoesOn: one unreadable document among good ones
// is reported on stderr; the others are still printed.
func TestRunParseBrokenItemGoesOn(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a_broken.odt"), []byte("PK\x03\x04 not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(demo + "/ref/demo_r01_forest_table001.xml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b_table.xml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	err = runParse(context.Background(), []string{"--ocr=false", dir}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), "1 failed") {
		t.Errorf("err = %v, want 1 failed", err)
	}
	if !strings.Contains(errb.String(), "a_broken.odt") {
		t.Errorf("stderr does not name the broken file: %s", errb.String())
	}
	if !strings.Contains(out.String(), "=== b_table (odf-fragment)") {
		t.Errorf("good file not printed:\n%s", out.String())
	}
}
