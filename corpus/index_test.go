package corpus

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/retrieval"
)

// openDemo opens the demo dataset with its index under work, returning
// the log; the corpus must answer a search over its documents.
func openDemo(t *testing.T, work string, analyzer string) string {
	t.Helper()
	var log testkit.SyncBuffer
	c, err := Open(context.Background(), Options{Dataset: "../examples/demo/dataset", WorkDir: work, Workers: 1,
		Index: retrieval.Options{Analyzer: analyzer}, Logger: slog.New(slog.NewTextHandler(&log, nil))})
	if err != nil {
		t.Fatalf("Open: %v\n%s", err, log.String())
	}
	defer c.Close()
	r := c.Retriever()
	if r == nil {
		t.Fatalf("no retriever\n%s", log.String())
	}
	hits, err := r.Search(context.Background(), retrieval.Query{Text: "도시숲 조성", K: 3})
	if err != nil || len(hits) == 0 {
		t.Fatalf("search: %v, %d hits", err, len(hits))
	}
	return log.String()
}

// TestIndexThatCannotBeOpened: an index on disk that is corrupt, or was
// made with another analyzer, is rebuilt; where none can be made on disk
// the run goes on with an index in memory.
func TestIndexThatCannotBeOpened(t *testing.T) {
	tests := []struct {
		name  string
		spoil func(t *testing.T, work string) // after a first good open
		want  string                          // in the log of the second open
	}{
		{"corrupt", func(t *testing.T, work string) {
			err := filepath.WalkDir(filepath.Join(work, "index"), func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					err = os.WriteFile(p, []byte("\x00garbage\xff"), 0o644)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}, "index cannot be opened; rebuilding it"},
		{"foreign", func(t *testing.T, work string) {
			if err := os.RemoveAll(filepath.Join(work, "index")); err != nil {
				t.Fatal(err)
			}
			ix, err := retrieval.Open(filepath.Join(work, "index"), retrieval.Options{Analyzer: retrieval.AnalyzerWord})
			if err != nil {
				t.Fatal(err)
			}
			ix.Close()
		}, "index cannot be opened; rebuilding it"},
		{"not a folder", func(t *testing.T, work string) {
			if err := os.RemoveAll(filepath.Join(work, "index")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work, "index"), []byte("a file"), 0o644); err != nil {
				t.Fatal(err)
			}
		}, "index cannot be opened; rebuilding it"},
		{"cannot be made on disk", func(t *testing.T, work string) {
			// The work folder's index path lies under a file: nothing can
			// be created there, even by root.
			if err := os.RemoveAll(filepath.Join(work, "index")); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work, "blocker"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "building it in memory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work := t.TempDir()
			if log := openDemo(t, work, retrieval.AnalyzerBigram); !strings.Contains(log, "index built") {
				t.Fatalf("first open:\n%s", log)
			}
			tt.spoil(t, work)
			if tt.name == "cannot be made on disk" {
				work = filepath.Join(work, "blocker")
			}
			if log := openDemo(t, work, retrieval.AnalyzerBigram); !strings.Contains(log, tt.want) || !strings.Contains(log, "index built") {
				t.Errorf("second open: want %q:\n%s", tt.want, log)
			}
		})
	}
}

// TestIndexInUseIsLeftAlone: an index another process holds open (bleve's
// file lock) is neither waited on for ever nor rebuilt under it: the run
// builds its own in memory within retrieval.OpenLockTimeout, and the
// holder's index is intact.
func TestIndexInUseIsLeftAlone(t *testing.T) {
	work := t.TempDir()
	openDemo(t, work, retrieval.AnalyzerBigram)
	held, err := retrieval.Open(filepath.Join(work, "index"), retrieval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	before, _ := held.Count()
	log := openDemo(t, work, retrieval.AnalyzerBigram)
	if !strings.Contains(log, "index is in use by another process; building this run's index in memory") {
		t.Errorf("log does not say the index is in use:\n%s", log)
	}
	if strings.Contains(log, "rebuilding it") {
		t.Errorf("the index in use was rebuilt:\n%s", log)
	}
	if after, err := held.Count(); err != nil || after != before || before == 0 {
		t.Errorf("the holder's index: %d passages before, %d after (%v)", before, after, err)
	}
}

// TestIndexRebuiltWhenOCRBecomesAvailable: an index built while OCR was
// unavailable (a scanned PDF's page unread) is rebuilt once OCR reads it,
// and reused while nothing changes.
func TestIndexRebuiltWhenOCRBecomesAvailable(t *testing.T) {
	root := t.TempDir()
	scan, err := os.ReadFile("../document/pdf/testdata/scan.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "doc", "01"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "doc", "01", "scanned.pdf"), scan, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "problemsheet.json"), []byte(`[]`), 0o644); err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	engine := &ocr.Fake{Func: func([]byte, ocr.Mode) (ocr.Result, error) {
		return ocr.Result{Text: "스캔한 쪽에서 읽은 탄소중립 추진 계획"}, nil
	}}
	open := func(eng ocr.Engine) (string, int) {
		t.Helper()
		var log testkit.SyncBuffer
		opts := Options{Dataset: root, WorkDir: work, Workers: 1, Index: retrieval.Options{Analyzer: retrieval.AnalyzerBigram},
			Logger: slog.New(slog.NewTextHandler(&log, nil))}
		if eng != nil {
			opts.OCR = eng
		}
		c, err := Open(context.Background(), opts)
		if err != nil {
			t.Fatalf("Open: %v\n%s", err, log.String())
		}
		defer c.Close()
		hits, err := c.Retriever().Search(context.Background(), retrieval.Query{Text: "탄소중립 추진 계획", K: 3})
		if err != nil {
			t.Fatal(err)
		}
		return log.String(), len(hits)
	}
	log, n := open(nil)
	if !strings.Contains(log, "index built") || n != 0 {
		t.Fatalf("without OCR: %d hits\n%s", n, log)
	}
	log, n = open(engine)
	if !strings.Contains(log, "index inputs changed; rebuilding") || n == 0 {
		t.Errorf("with OCR: %d hits\n%s", n, log)
	}
	if log, _ = open(engine); !strings.Contains(log, "index is up to date") {
		t.Errorf("again with OCR:\n%s", log)
	}
}
