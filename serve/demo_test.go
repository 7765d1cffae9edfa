package serve

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/policyqa/policyqa/corpus"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/ocr"
)

const demoDataset = "../examples/demo/dataset"

func TestMain(m *testing.M) {
	// tesseract (the upload check of the browser test) reads
	// OMP_THREAD_LIMIT at process start.
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(m.Run())
}

// startDemo loads the demo dataset (index in memory) and serves it on a
// loopback port until the test ends. withOCR adds tesseract when it is
// available (ok reports whether it is).
func startDemo(t testing.TB, opts Options, withOCR bool) (url string, hasOCR bool) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	b, closeIndex, err := Load(ctx, corpus.Options{Dataset: demoDataset, Logger: log})
	if err != nil {
		cancel()
		t.Fatalf("load demo dataset: %v", err)
	}
	if withOCR {
		eng, err := ocr.NewTesseract(ocr.Options{Logger: log})
		if err != nil {
			t.Logf("OCR unavailable, upload checks skipped: %v", err)
		} else {
			b.OCR = eng
			t.Cleanup(func() { eng.Close() })
		}
	}
	opts.Logger = log
	s := New(opts)
	s.SetBackend(b)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		closeIndex()
	})
	return "http://" + ln.Addr().String(), b.OCR != nil
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// findChromium returns the browser to drive: $POLICYQA_CHROMIUM, or the
// Debian chromium package's binary.
func findChromium() string {
	if p := os.Getenv("POLICYQA_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// artifactDir is where screenshots go: $POLICYQA_ARTIFACTS, else the
// test's temporary folder.
func artifactDir(t *testing.T) string {
	if d := os.Getenv("POLICYQA_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// TestBrowserDemo drives the page in headless Chromium against the demo
// dataset: it types a question, waits for the answers, checks the
// highlighted span and where it comes from, uploads the demo chart, and
// opens Swagger UI; each step leaves a screenshot.
func TestBrowserDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	chrome := findChromium()
	if chrome == "" {
		t.Skip("chromium not found (Debian: apt-get install -y chromium; or set POLICYQA_CHROMIUM): browser test skipped")
	}
	url, hasOCR := startDemo(t, Options{}, true)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithErrorf(t.Logf))
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	defer cancelTimeout()
	dir := artifactDir(t)
	save := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", p, len(data))
	}

	const question = "생활숲은 몇 개소인가?"
	err := chromedp.Do(ctx,
		chromedp.Navigate(url+"/"),
		chromedp.WaitVisible(chromedp.CSS(`body[data-ready="true"]`)),
		chromedp.SendKeys(chromedp.CSS("#question"), question),
		chromedp.Click(chromedp.CSS("#ask-button")),
		chromedp.WaitVisible(chromedp.CSS(`body[data-answered="true"] #answers li mark`)),
	)
	if err != nil {
		t.Fatalf("ask in the browser: %v", err)
	}
	text := func(sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("read %s: %v", sel, err)
		}
		return v
	}
	shot := func(name string) {
		t.Helper()
		data, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		save(name, data)
	}
	mark := text("#answers li:first-child mark")
	answer := text("#answers li:first-child .answer-text")
	meta := text("#answers li:first-child .meta")
	passage := text("#answers li:first-child .passage")
	t.Logf("status %q; first answer %q from %q; highlighted %q in %q", text("#ask-status"), answer, meta, mark, passage)
	shot("serve-ask.png")
	if mark != "38개소" || answer != mark {
		t.Errorf("highlighted %q (answer %q), want 38개소", mark, answer)
	}
	if !strings.Contains(meta, "demo_r01_forest") {
		t.Errorf("first answer from %q, want demo_r01_forest", meta)
	}
	if !strings.Contains(passage, "생활숲 38개소, 가로숲 27개소") {
		t.Errorf("passage %q", passage)
	}

	if hasOCR {
		ds, err := dataset.Open(demoDataset)
		if err != nil {
			t.Fatal(err)
		}
		chart, err := ds.Ref("demo_r01_forest_chart001")
		if err != nil {
			t.Fatal(err)
		}
		if chart, err = filepath.Abs(chart); err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(ctx,
			chromedp.SetUploadFiles(chromedp.CSS("#image"), []string{chart}),
			chromedp.SetValue(chromedp.CSS("#upload-kind"), "chart"),
			chromedp.Click(chromedp.CSS("#upload-button")),
			chromedp.WaitVisible(chromedp.CSS(`body[data-uploaded="true"] #upload-result table`)),
		)
		if err != nil {
			t.Fatalf("upload in the browser: %v", err)
		}
		table := text("#upload-result table")
		t.Logf("chart table: %q", table)
		shot("serve-upload-chart.png")
		if !chartHas(table, "2022년", 27) {
			t.Errorf("chart table %q lacks 2022년 → 27 (within 5%%)", table)
		}
	}

	err = chromedp.Do(ctx,
		chromedp.Navigate(url+"/docs/"),
		chromedp.WaitVisible(chromedp.CSS(".swagger-ui .info .title")),
		chromedp.WaitVisible(chromedp.CSS(".swagger-ui .opblock")),
	)
	if err != nil {
		t.Fatalf("Swagger UI: %v", err)
	}
	title := text(".swagger-ui .info .title")
	ops, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll(".opblock-summary-path")).map(e => e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	shot("serve-swagger-ui.png")
	if !strings.Contains(title, "policyqa") || len(ops) < 9 {
		t.Errorf("Swagger UI shows title %q and %d operations %q", title, len(ops), ops)
	}
}

// TestLoadDemo is the bounded load run: 2,000 ask requests from 8 clients
// on loopback against the demo dataset. It prints requests/s, latency
// percentiles and memory, and fails on any error or on heap growth (after
// GC) over 32 MiB or leaked goroutines; it asserts no timings.
func TestLoadDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("load run skipped in -short mode")
	}
	url, _ := startDemo(t, Options{}, false)
	ds, err := dataset.Open(demoDataset)
	if err != nil {
		t.Fatal(err)
	}
	var qs []string
	for _, e := range ds.Entries {
		if e.Problem.Question != "" {
			qs = append(qs, e.Problem.Question)
		}
	}
	rep, err := Bench(context.Background(), BenchOptions{URL: url, Requests: 2000, Clients: 8, Questions: qs})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("load run (demo dataset, %d questions):\n%s", len(qs), rep)
	if rep.Errors != 0 {
		t.Errorf("%d errors (first: %s)", rep.Errors, rep.FirstError)
	}
	if grow := int64(rep.HeapAfter) - int64(rep.HeapBefore); grow > 32<<20 {
		t.Errorf("heap grew by %.1f MiB over the run", float64(grow)/(1<<20))
	}
	if rep.GoroutinesAfter > rep.GoroutinesBefore+rep.Clients*2 {
		t.Errorf("goroutines %d → %d", rep.GoroutinesBefore, rep.GoroutinesAfter)
	}
}

// BenchmarkAskDemo measures one ask request through the HTTP handler (no
// network) on the demo dataset, the extraction path.
func BenchmarkAskDemo(b *testing.B) {
	ctx := context.Background()
	bk, closeIndex, err := Load(ctx, corpus.Options{Dataset: demoDataset})
	if err != nil {
		b.Fatal(err)
	}
	defer closeIndex()
	s := New(Options{})
	s.SetBackend(bk)
	body := `{"question":"생활숲은 몇 개소인가?","k":5}`
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, jsonReq("POST", "/api/v1/ask", body))
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// chartHas reports whether a rendered chart table (tab-separated rows)
// holds value v within 5% for category cat, whichever way the table is
// laid out: categories as the first row (a column each) or as the first
// column (a row each, as charts.Table.Document writes them).
func chartHas(table, cat string, v float64) bool {
	rows := strings.Split(strings.Trim(table, "\n"), "\n")
	if len(rows) < 2 {
		return false
	}
	near := func(s string) bool {
		got, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		return err == nil && math.Abs(got-v) <= 0.05*v
	}
	cells := make([][]string, len(rows))
	for i, r := range rows {
		cells[i] = strings.Split(r, "\t")
	}
	for _, row := range cells[1:] { // categories as rows
		if strings.TrimSpace(row[0]) == cat && slices.ContainsFunc(row[1:], near) {
			return true
		}
	}
	for _, row := range cells[1:] { // categories as columns
		for i, c := range cells[0] {
			if strings.TrimSpace(c) == cat && i < len(row) && near(row[i]) {
				return true
			}
		}
	}
	return false
}
