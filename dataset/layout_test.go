package dataset

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// write creates a file with its folders.
func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func link(t *testing.T, target, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, path); err != nil {
		t.Fatal(err)
	}
}

func fifo(t *testing.T, path string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
}

// openQuickly opens a dataset, failing the test if that blocks (a named
// pipe opened for reading waits for a writer forever).
func openQuickly(t *testing.T, root string) (*Dataset, error) {
	t.Helper()
	type result struct {
		ds  *Dataset
		err error
	}
	done := make(chan result, 1)
	go func() {
		ds, err := Open(root)
		done <- result{ds, err}
	}()
	select {
	case r := <-done:
		return r.ds, r.err
	case <-time.After(10 * time.Second):
		t.Fatal("Open blocked")
		return nil, nil
	}
}

// TestOpenReadsOnlyRegularFilesInside builds a dataset with links inside
// and outside it, a dangling link and named pipes, and checks that only
// regular files inside it are located and everything else is reported.
func TestOpenReadsOnlyRegularFilesInside(t *testing.T) {
	outside := t.TempDir()
	write(t, filepath.Join(outside, "secret.odt"), "outside")
	write(t, filepath.Join(outside, "odtdir", "content.xml"), "<x/>")
	root := t.TempDir()
	write(t, filepath.Join(root, "problemsheet.json"), `[{"problem_no":"1","task_no":"1","doc_file":"a","question":"q"}]`)
	write(t, filepath.Join(root, "doc", "01", "a.odt"), "zip")
	link(t, "a.odt", filepath.Join(root, "doc", "01", "same.odt"))                                // inside: followed
	link(t, filepath.Join(outside, "secret.odt"), filepath.Join(root, "doc", "01", "secret.odt")) // outside: not followed
	link(t, "../../../"+filepath.Base(outside), filepath.Join(root, "doc", "01", "up.odt"))       // outside by ..: not followed
	link(t, filepath.Join(root, "nowhere.pdf"), filepath.Join(root, "doc", "01", "dangling.pdf")) // leads nowhere
	link(t, filepath.Join(outside, "odtdir"), filepath.Join(root, "doc", "02", "outdir"))         // folder outside
	write(t, filepath.Join(root, "extra", "unpacked", "content.xml"), "<x/>")
	link(t, filepath.Join(root, "extra", "unpacked"), filepath.Join(root, "doc", "03", "unpacked")) // folder inside: an unpacked ODT
	fifo(t, filepath.Join(root, "doc", "04", "pipe.odt"))                                           // a named pipe
	write(t, filepath.Join(root, "ref", "t1.xml"), "<table/>")
	link(t, filepath.Join(outside, "secret.odt"), filepath.Join(root, "ref", "leak.png"))
	fifo(t, filepath.Join(root, "ref", "pipe.xml"))

	ds, err := openQuickly(t, root)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range ds.Docs() {
		ids = append(ids, f.ID)
	}
	if got, want := strings.Join(ids, ","), "a,same,unpacked"; got != want {
		t.Errorf("documents %s, want %s", got, want)
	}
	if _, err := ds.Ref("t1"); err != nil {
		t.Errorf("ref t1: %v", err)
	}
	for _, id := range []string{"leak", "pipe"} {
		if _, err := ds.Ref(id); err == nil {
			t.Errorf("ref %s located", id)
		}
	}
	warnings := strings.Join(ds.Warnings, "\n")
	for _, want := range []string{"secret.odt: a link to", "up.odt: a link to", "dangling.pdf: a link that leads nowhere", "outdir: a link to", "pipe.odt: a named pipe", "leak.png: a link to", "pipe.xml: a named pipe"} {
		if !strings.Contains(warnings, want) {
			t.Errorf("warnings lack %q:\n%s", want, warnings)
		}
	}
	if strings.Contains(warnings, "same.odt") || strings.Contains(warnings, "unpacked") {
		t.Errorf("a link inside the dataset was reported:\n%s", warnings)
	}
}

// TestOpenRefusesASpecialProblemSheet: a problem sheet that is a named
// pipe or a link outside the dataset is an error, not a hang or a leak.
func TestOpenRefusesASpecialProblemSheet(t *testing.T) {
	t.Run("named pipe", func(t *testing.T) {
		root := t.TempDir()
		fifo(t, filepath.Join(root, "problemsheet.json"))
		if _, err := openQuickly(t, root); err == nil || !strings.Contains(err.Error(), "named pipe") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("link outside", func(t *testing.T) {
		outside, root := t.TempDir(), t.TempDir()
		write(t, filepath.Join(outside, "sheet.json"), `[]`)
		link(t, filepath.Join(outside, "sheet.json"), filepath.Join(root, "problemsheet.json"))
		if _, err := openQuickly(t, root); err == nil || !strings.Contains(err.Error(), "outside the dataset") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("dataset root behind a link", func(t *testing.T) {
		real := t.TempDir()
		write(t, filepath.Join(real, "problemsheet.json"), `[]`)
		write(t, filepath.Join(real, "doc", "01", "a.pdf"), "%PDF")
		root := filepath.Join(t.TempDir(), "mount")
		link(t, real, root)
		ds, err := openQuickly(t, root)
		if err != nil || len(ds.Docs()) != 1 {
			t.Fatalf("ds %v, err %v", ds, err)
		}
	})
}
