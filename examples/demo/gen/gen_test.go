package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// The committed demo dataset is exactly what the generator writes.
func TestDatasetUpToDate(t *testing.T) {
	const font = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
	if _, err := os.Stat(font); err != nil {
		t.Skipf("Korean font missing (%v): scripts/install-ocr.sh installs fonts-nanum", err)
	}
	out := t.TempDir()
	if err := generate(out, font); err != nil {
		t.Fatal(err)
	}
	committed := "../dataset"
	n := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		want, err := os.ReadFile(filepath.Join(committed, rel))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			return nil
		}
		got, _ := os.ReadFile(p)
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output: run `make demo-data`", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 9 {
		t.Errorf("generator wrote %d files", n)
	}
}
