package main

import (
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

func TestBundledModel(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	tests := []struct {
		name  string
		files []string
		want  bool
	}{
		{"no models folder", nil, false},
		{"tokenizer only", []string{"tokenizer.json"}, false},
		{"onnx without tokenizer", []string{"model.onnx"}, false},
		{"fp32 model", []string{"tokenizer.json", "model.onnx"}, true},
		{"int8 model", []string{"tokenizer.json", "model_quantized.onnx"}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			exe := filepath.Join(root, "bin", "policyqa")
			if err := os.MkdirAll(filepath.Dir(exe), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(exe, nil, 0o755); err != nil {
				t.Fatal(err)
			}
			dir := filepath.Join(root, bundledModelDir)
			for _, f := range tc.files {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			got := bundledModel(exe, log)
			if (got != "") != tc.want {
				t.Fatalf("bundledModel = %q, want found=%v", got, tc.want)
			}
			if tc.want {
				if want, _ := filepath.EvalSymlinks(dir); got != want && got != dir {
					t.Fatalf("bundledModel = %q, want %q", got, dir)
				}
			}
		})
	}
}

func TestResolveModelFlag(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, tc := range []struct{ flag, want string }{
		{"none", ""},
		{"off", ""},
		{"/some/model", "/some/model"},
	} {
		if got := resolveModel(tc.flag, log); got != tc.want {
			t.Errorf("resolveModel(%q) = %q, want %q", tc.flag, got, tc.want)
		}
	}
}
