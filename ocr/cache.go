package ocr

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// cacheVersion changes when preprocessing or text assembly changes, so
// that old entries are not reused.
const cacheVersion = "v3"

// Cache stores results on disk as JSON files named by the image's SHA-256,
// the mode and the engine's configuration. A zero Cache (empty Dir) stores
// nothing.
type Cache struct {
	Dir string
}

// Key names the entry for an image read in a mode by an engine described
// by config (e.g. the languages).
func (c Cache) Key(img []byte, mode Mode, config string) string {
	sum := sha256.Sum256(img)
	cfg := sha256.Sum256([]byte(cacheVersion + "|" + config))
	return hex.EncodeToString(sum[:]) + "-" + mode.String() + "-" + hex.EncodeToString(cfg[:4])
}

func (c Cache) path(key string) string {
	return filepath.Join(c.Dir, key[:2], key+".json")
}

// Get loads an entry; ok is false when absent or unreadable.
func (c Cache) Get(key string) (Result, bool) {
	if c.Dir == "" {
		return Result{}, false
	}
	data, err := os.ReadFile(c.path(key))
	if err != nil {
		return Result{}, false
	}
	var r Result
	if err := json.Unmarshal(data, &r); err != nil {
		return Result{}, false
	}
	return r, true
}

// Put stores an entry atomically (temporary file and rename).
func (c Cache) Put(key string, r Result) error {
	if c.Dir == "" {
		return nil
	}
	p := c.path(key)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("ocr cache: %w", err)
	}
	data, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("ocr cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return fmt.Errorf("ocr cache: %w", err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("ocr cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("ocr cache: %w", err)
	}
	return nil
}

// Len counts the entries (for tests and reports).
func (c Cache) Len() int {
	if c.Dir == "" {
		return 0
	}
	n := 0
	_ = filepath.WalkDir(c.Dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			n++
		}
		return nil
	})
	return n
}
