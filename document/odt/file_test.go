package odt

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

type entry struct {
	name string
	data []byte
}

// writeZip writes entries, in order, to a zip archive at path.
func writeZip(t *testing.T, path string, entries []entry) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		method := zip.Deflate
		if e.name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	odtMime = []byte("application/vnd.oasis.opendocument.text")
	png1    = []byte("\x89PNG\r\n\x1a\nfirst image")
	jpg2    = []byte("\xff\xd8\xff second image, a little longer")
)

func TestParseFile(t *testing.T) {
	content := readFixture(t, "images.xml")
	dir := t.TempDir()
	pictures := []entry{{"bindata/BIN0001.png", png1}, {"Pictures/b.jpg", jpg2}}

	unpacked := filepath.Join(dir, "unpacked_doc")
	for _, e := range append([]entry{{"mimetype", odtMime}, {"content.xml", content}}, pictures...) {
		p := filepath.Join(unpacked, filepath.FromSlash(e.name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, e.data, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	zips := map[string][]entry{
		"ordinary.odt":       append([]entry{{"mimetype", odtMime}, {"content.xml", content}}, pictures...),
		"mime_last.odt":      append([]entry{{"content.xml", content}}, append(pictures, entry{"mimetype", odtMime})...),
		"mime_missing.odt":   append([]entry{{"content.xml", content}}, pictures...),
		"mime_wrong.odt":     append([]entry{{"mimetype", []byte("application/zip")}, {"content.xml", content}}, pictures...),
		"no_content.odt":     {{"mimetype", odtMime}, {"styles.xml", []byte("<a/>")}},
		"bad_content.odt":    {{"mimetype", odtMime}, {"content.xml", []byte("<a><b></a>")}},
		"agc2099_n01c00.odt": append([]entry{{"mimetype", odtMime}, {"content.xml", content}}, pictures...),
	}
	for name, entries := range zips {
		writeZip(t, filepath.Join(dir, name), entries)
	}
	if err := os.WriteFile(filepath.Join(dir, "garbage.odt"), []byte("this is not a zip file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(dir, "ordinary.odt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "truncated.odt"), good[:len(good)/2], 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name     string
		path     string
		opts     Options
		wantErr  error
		wantID   string
		wantData [][]byte // per figure, nil = not loaded
		warn     string
	}{
		{name: "zip", path: "ordinary.odt", wantID: "ordinary", wantData: [][]byte{nil, nil, nil}},
		{name: "zip with images", path: "ordinary.odt", opts: Options{LoadImages: true}, wantID: "ordinary",
			wantData: [][]byte{png1, jpg2, nil}, warn: "Pictures/missing.png"},
		{name: "image cap", path: "ordinary.odt", opts: Options{LoadImages: true, Limits: Limits{MaxImageBytes: int64(len(png1))}},
			wantID: "ordinary", wantData: [][]byte{png1, nil, nil}, warn: "larger than"},
		{name: "mimetype not first", path: "mime_last.odt", wantID: "mime_last", wantData: [][]byte{nil, nil, nil}},
		{name: "mimetype missing", path: "mime_missing.odt", wantID: "mime_missing", wantData: [][]byte{nil, nil, nil}},
		{name: "mimetype wrong", path: "mime_wrong.odt", wantID: "mime_wrong", wantData: [][]byte{nil, nil, nil}, warn: "mimetype"},
		{name: "challenge id", path: "agc2099_n01c00.odt", wantID: "agc2099_n01c00", wantData: [][]byte{nil, nil, nil}},
		{name: "unpacked dir", path: "unpacked_doc", opts: Options{LoadImages: true}, wantID: "unpacked_doc",
			wantData: [][]byte{png1, jpg2, nil}, warn: "Pictures/missing.png"},
		{name: "not a zip", path: "garbage.odt", wantErr: ErrBadPackage},
		{name: "truncated zip", path: "truncated.odt", wantErr: ErrBadPackage},
		{name: "zip format error", path: "garbage.odt", wantErr: zip.ErrFormat},
		{name: "no content.xml", path: "no_content.odt", wantErr: ErrNoContent},
		{name: "dir without content.xml", path: ".", wantErr: ErrNoContent},
		{name: "malformed content", path: "bad_content.odt", wantErr: ErrMalformed},
		{name: "missing file", path: "nope.odt", wantErr: os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, tt.path)
			if tt.path == "." {
				path = t.TempDir()
			}
			doc, err := ParseFile(context.Background(), path, tt.opts)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), path) && tt.wantErr != os.ErrNotExist {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if doc.ID != tt.wantID || doc.Path != path || doc.Format != document.FormatODT {
				t.Errorf("doc = id %q path %q format %q", doc.ID, doc.Path, doc.Format)
			}
			figs := blocksOf(doc, document.KindFigure)
			if len(figs) != len(tt.wantData) {
				t.Fatalf("got %d figures, want %d", len(figs), len(tt.wantData))
			}
			for i, f := range figs {
				if !bytes.Equal(f.Image.Data, tt.wantData[i]) {
					t.Errorf("figure %d (%s) data = %q, want %q", i, f.Image.Name, f.Image.Data, tt.wantData[i])
				}
			}
			if tt.warn != "" && !strings.Contains(strings.Join(doc.Warnings, "\n"), tt.warn) {
				t.Errorf("warnings %q lack %q", doc.Warnings, tt.warn)
			}
			if tt.warn == "" && len(doc.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", doc.Warnings)
			}
		})
	}
}

func TestDocID(t *testing.T) {
	tests := map[string]string{
		"/a/b/agc2022_n08c00.odt": "agc2022_n08c00",
		"agc2022_n08c00":          "agc2022_n08c00",
		"/a/b/unpacked.odt/":      "unpacked",
		"/a/b/.hidden":            ".hidden",
		"x.tar.odt":               "x.tar",
	}
	for in, want := range tests {
		if got := docID(in); got != want {
			t.Errorf("docID(%q) = %q, want %q", in, got, want)
		}
	}
}
