package corpus

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// TestParsePathErrorsNameFileOnce: whatever the parser, the error for a
// file that cannot be read names the file once, then the format and what
// went wrong, with no word chain repeated ("parse: parse:", "pdf: x: pdf:").
func TestParsePathErrorsNameFileOnce(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tt := range []struct {
		path string
		want string // after "PATH: "
	}{
		{filepath.Join(dir, "missing.odt"), "no such file or directory"},
		{write("notzip.odt", "garbage"), "odt: not a readable ODT package: zip: not a valid zip file"},
		{write("bad.pdf", "%PDF-1.4 junk"), "pdf: malformed file"},
		{write("notpdf.pdf", "hello"), "pdf: malformed file"},
		{write("bad.hwp", "junk"), "hwp: not an HWP 5.0 or HWPX file"},
		{write("bad.hwpx", "PK\x03\x04junk"), "hwp: "},
		{write("notes.txt", "x"), "unsupported file type"},
	} {
		var got string
		err := ParsePath(context.Background(), tt.path, LoadOptions{}, func(_ string, _ *document.Document, err error) error {
			if err != nil {
				got = err.Error()
			}
			return nil
		})
		if err != nil {
			got = err.Error()
		}
		if !strings.HasPrefix(got, tt.path+": "+tt.want) {
			t.Errorf("%s: %q, want %q", filepath.Base(tt.path), got, tt.path+": "+tt.want)
		}
		if n := strings.Count(got, filepath.Base(tt.path)); n != 1 {
			t.Errorf("%s: %q names the file %d times", filepath.Base(tt.path), got, n)
		}
		for _, w := range []string{"parse", "pdf", "odt", "hwp", "ocr"} {
			if strings.Count(strings.TrimPrefix(got, tt.path), " "+w+": ") > 1 {
				t.Errorf("%s: %q repeats %q", filepath.Base(tt.path), got, w+": ")
			}
		}
	}
}
