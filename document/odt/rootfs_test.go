package odt

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestUnpackedPackageStaysInside: in an unpacked ODT folder, a link that
// leads out of the folder is not followed and a named pipe is refused
// without blocking; a link inside the folder is read.
func TestUnpackedPackageStaysInside(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.png"), []byte("outside"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "content.xml"), []byte(`<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`), 0o644))
	must(os.MkdirAll(filepath.Join(dir, "Pictures"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "Pictures", "in.png"), []byte("inside"), 0o644))
	must(os.Symlink("in.png", filepath.Join(dir, "Pictures", "alias.png")))
	must(os.Symlink(filepath.Join(outside, "secret.png"), filepath.Join(dir, "Pictures", "leak.png")))
	must(os.Symlink("../../"+filepath.Base(outside)+"/secret.png", filepath.Join(dir, "Pictures", "up.png")))
	if err := syscall.Mkfifo(filepath.Join(dir, "Pictures", "pipe.png"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	p, err := OpenPackage(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	for _, name := range []string{"Pictures/in.png", "Pictures/alias.png"} {
		if b, err := p.ReadImage(name); err != nil || string(b) != "inside" {
			t.Errorf("%s: %q, %v", name, b, err)
		}
	}
	for _, name := range []string{"Pictures/leak.png", "Pictures/up.png"} {
		if b, err := p.ReadImage(name); err == nil {
			t.Errorf("%s read through a link out of the package: %q", name, b)
		}
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.ReadImage("Pictures/pipe.png")
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrNotRegular) {
			t.Errorf("named pipe: err = %v, want ErrNotRegular", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("reading a named pipe blocked")
	}
}
