// Package testkit holds helpers that several packages' tests share:
// copying a dataset to change it, and a log buffer that concurrent
// writers may share.
package testkit

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// CopyDir copies the tree at src (a dataset) into dst, so that a test can
// add or break files without touching the original. Links are copied as
// the files they lead to.
func CopyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// SyncBuffer is a bytes.Buffer that concurrent writers (a logger used by
// several goroutines, a child process's output) may share.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// Write implements io.Writer.
func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// EditProblems rewrites root/problemsheet.json with what edit returns for
// its entries (as JSON objects), and returns how many entries it had
// before.
func EditProblems(t testing.TB, root string, edit func(sheet []map[string]any) []map[string]any) int {
	t.Helper()
	path := filepath.Join(root, "problemsheet.json")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var sheet []map[string]any
	if err := json.Unmarshal(data, &sheet); err != nil {
		t.Fatal(err)
	}
	n := len(sheet)
	if data, err = json.Marshal(edit(sheet)); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}
