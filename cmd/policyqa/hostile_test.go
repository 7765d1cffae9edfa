package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/ocr"
)

// hostilePNG is a white w x h PNG: 1x40000 is about 120 bytes and, given
// to tesseract 5, crashes it (a side over 32767 px).
func hostilePNG(t *testing.T, w, h int) []byte {
	t.Helper()
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func needOCR(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("short: runs the demo dataset with OCR")
	}
	eng, err := ocr.NewTesseract(ocr.Options{Workers: 1})
	if err != nil {
		t.Skipf("tesseract unavailable: %v", err)
	}
	eng.Close()
}

// replaceImages rewrites a zipped ODT with every picture replaced by img.
func replaceImages(t *testing.T, path string, img []byte) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	replaced := 0
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(f.Name, ".png") {
			data = img
			replaced++
		}
		method := zip.Deflate
		if f.Name == "mimetype" {
			method = zip.Store
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if replaced == 0 {
		t.Fatalf("%s holds no PNG picture", path)
	}
	if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// answerServer records the messages of the challenge protocol.
type answerServer struct {
	mu   sync.Mutex
	msgs []map[string]any
}

func (a *answerServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var m map[string]any
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	a.msgs = append(a.msgs, m)
	a.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"status":"OK","msg":""}`)
}

// An image that crashes tesseract, as a ref file and inside an ODT, costs
// only its own problem and figure: the run answers every problem and ends
// the mission.
func TestRunSurvivesHostileImages(t *testing.T) {
	needOCR(t)
	root := t.TempDir()
	testkit.CopyDir(t, "../../examples/demo/dataset", root)
	bad := hostilePNG(t, 1, 40000)
	replaceImages(t, filepath.Join(root, "doc", "01", "demo_r01_forest.odt"), bad)
	for name, data := range map[string][]byte{"hostile_tall.png": bad, "hostile_wide.png": hostilePNG(t, 40000, 1)} {
		if err := os.WriteFile(filepath.Join(root, "ref", name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// One document (the ODT) keeps the run short.
	for _, d := range []string{"02", "03"} {
		os.RemoveAll(filepath.Join(root, "doc", d))
	}
	var sheet []map[string]any
	testkit.EditProblems(t, root, func(all []map[string]any) []map[string]any {
		var kept []map[string]any
		for _, p := range all {
			if p["doc_file"] == "demo_r01_forest" || p["ref_file"] != nil {
				kept = append(kept, p)
			}
		}
		sheet = append(kept,
			map[string]any{"problem_no": "991", "task_no": "3", "ref_file": "hostile_tall", "question": "2021년 값은?"},
			map[string]any{"problem_no": "992", "task_no": "3", "ref_file": "hostile_wide", "question": "2021년 값은?"},
		)
		return sheet
	})
	as := &answerServer{}
	srv := httptest.NewServer(as)
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), []string{"run", "--dataset", root, "--work", t.TempDir(), "--url", srv.URL + "/",
		"--team", "t", "--hash", "h", "--model", "none"}, &stdout, &stderr)
	t.Logf("%s", stdout.String())
	if err != nil {
		t.Fatalf("run: %v\n%s", err, stderr.String())
	}
	seen := map[string]int{}
	for _, m := range as.msgs[:len(as.msgs)-1] {
		seen[m["problem_no"].(string)]++
	}
	if last := as.msgs[len(as.msgs)-1]; last["end_of_mission"] != "true" {
		t.Errorf("last message %v, want end_of_mission", last)
	}
	for _, p := range sheet {
		if n := seen[p["problem_no"].(string)]; n != 1 {
			t.Errorf("problem %v answered %d times", p["problem_no"], n)
		}
	}
	log := stderr.String()
	for _, want := range []string{"hostile_tall", "hostile_wide", "BIN0001"} {
		if !strings.Contains(log, want) {
			t.Errorf("log does not name %s", want)
		}
	}
	if !strings.Contains(log, "image too large") {
		t.Errorf("log does not say why the images were refused:\n%s", log)
	}
}

// serve answers the next request after an upload that would crash
// tesseract.
func TestServeSurvivesHostileUpload(t *testing.T) {
	needOCR(t)
	dir := t.TempDir()
	addrFile := filepath.Join(dir, "addr")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	var stderr testkit.SyncBuffer
	go func() {
		done <- run(ctx, []string{"serve", "--dataset", "../../examples/demo/dataset", "--work", filepath.Join(dir, "work"),
			"--addr", "127.0.0.1:0", "--addr-file", addrFile, "--model", "none"}, io.Discard, &stderr)
	}()
	defer func() {
		cancel()
		<-done
	}()
	base := ""
	for i := 0; i < 600 && base == ""; i++ {
		if b, err := os.ReadFile(addrFile); err == nil && len(b) > 0 {
			base = "http://" + string(b)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("serve did not start:\n%s", stderr.String())
	}
	for i := 0; i < 1200; i++ {
		res, err := http.Get(base + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	post := func(path string, body []byte) int {
		res, err := http.Post(base+path, "image/png", bytes.NewReader(body))
		if err != nil {
			t.Fatalf("POST %s: %v\n%s", path, err, stderr.String())
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	for _, img := range [][]byte{hostilePNG(t, 1, 40000), hostilePNG(t, 40000, 1)} {
		for _, path := range []string{"/api/v1/ocr", "/api/v1/chart"} {
			if code := post(path, img); code < 400 || code >= 500 {
				t.Errorf("POST %s hostile: %d, want a 4xx refusal", path, code)
			}
		}
	}
	if code := post("/api/v1/ocr", hostilePNG(t, 200, 60)); code != http.StatusOK {
		t.Errorf("POST /api/v1/ocr after the hostile uploads: %d", code)
	}
}
