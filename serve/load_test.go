package serve

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/internal/worklock"
)

// TestLoadLocksWorkFolder: a serve holds its work folder's lock while it
// runs, as `policyqa run` does, so that a run (or a second serve) on the
// same folder fails at once naming it instead of waiting for ever on the
// index's file lock; the lock goes with the close function.
func TestLoadLocksWorkFolder(t *testing.T) {
	work := t.TempDir()
	ctx := context.Background()
	_, closeFirst, err := Load(ctx, corpus.Options{Dataset: demoDataset, WorkDir: work})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := worklock.Acquire(work); !errors.Is(err, worklock.ErrHeld) {
		t.Fatalf("a run on the served work folder: %v, want ErrHeld", err)
	}
	_, closeSecond, err := Load(ctx, corpus.Options{Dataset: demoDataset, WorkDir: work})
	if !errors.Is(err, worklock.ErrHeld) || !strings.Contains(err.Error(), "in use by another policyqa process") {
		closeSecond()
		t.Fatalf("second Load: %v, want ErrHeld", err)
	}
	if err := closeFirst(); err != nil {
		t.Fatal(err)
	}
	l, err := worklock.Acquire(work)
	if err != nil {
		t.Fatalf("after close: %v", err)
	}
	l.Release()
}

// TestFailedDocumentListedAnd422: a document of the dataset that failed
// to parse is listed with its error (not left out), and every request
// about it answers 422 with that error, never 500; the listing's page
// counts are document.PageCount for every format.
func TestFailedDocumentListedAnd422(t *testing.T) {
	root := t.TempDir()
	testkit.CopyDir(t, demoDataset, root)
	if err := os.MkdirAll(filepath.Join(root, "doc", "99"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "doc", "99", "broken.odt"), []byte("not a zip"), 0o644); err != nil {
		t.Fatal(err)
	}
	b, closeIndex, err := Load(context.Background(), corpus.Options{Dataset: root, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer closeIndex()
	s := New(Options{})
	s.SetBackend(b)

	rec := do(t, s, httptest.NewRequest("GET", "/api/v1/documents", nil))
	docs := decode[DocumentsResponse](t, rec)
	byID := map[string]DocumentJSON{}
	for _, d := range docs.Documents {
		byID[d.ID] = d
	}
	broken, ok := byID["broken"]
	if rec.Code != 200 || !ok || broken.Error == "" || broken.Format != "odt" || broken.Passages != 0 {
		t.Fatalf("documents: %d, broken listed as %+v (ok %v)", rec.Code, broken, ok)
	}
	if strings.Contains(broken.Error, root) {
		t.Errorf("error %q shows the dataset's path", broken.Error)
	}
	for _, d := range b.Corpus.Documents() {
		if got := byID[d.ID]; got.Pages != d.PageCount() || got.Error != "" {
			t.Errorf("%s (%s): listed pages %d, error %q; want %d, none", d.ID, d.Format, got.Pages, got.Error, d.PageCount())
		}
	}
	if len(docs.Documents) != len(b.Corpus.Documents())+1 {
		t.Errorf("%d documents listed, want the %d parsed and the broken one", len(docs.Documents), len(b.Corpus.Documents()))
	}

	for _, req := range []*http.Request{
		httptest.NewRequest("GET", "/api/v1/documents/broken/passages/0", nil),
		jsonReq("POST", "/api/v1/ask", `{"question":"도시숲은 몇 개소인가?","doc":"broken"}`),
		jsonReq("POST", "/api/v1/solve", `{"problem_no":"1","task_no":"1","doc_file":"broken","question":"무엇인가?"}`),
	} {
		rec := do(t, s, req)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), "document_unreadable") || !strings.Contains(rec.Body.String(), "not a readable ODT package") {
			t.Errorf("%s %s: %d %s, want 422 with the parse error", req.Method, req.URL.Path, rec.Code, rec.Body)
		}
	}
}
