package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/policyqa/policyqa/ocr"
)

// serveLoopback runs s on a loopback listener until the test ends.
func serveLoopback(t *testing.T, s *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { s.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// TestSlowBodyHoldsNoSlot: a client that sends its body slowly waits in
// the queue, not in a worker slot, and gets 408 when its body time is up;
// meanwhile others are served.
func TestSlowBodyHoldsNoSlot(t *testing.T) {
	s := testServer(Options{MaxConcurrent: 1, QueueWait: 200 * time.Millisecond, BodyTimeout: 300 * time.Millisecond}, nil)
	addr := serveLoopback(t, s)
	slow, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer slow.Close()
	body := `{"question":"도시숲"}`
	fmt.Fprintf(slow, "POST /api/v1/ask HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", addr, len(body), body[:5])
	for deadline := time.Now().Add(10 * time.Second); len(s.queue) == 0; {
		if time.Now().After(deadline) {
			t.Fatal("the slow request never reached the limiter")
		}
		time.Sleep(time.Millisecond)
	}
	res, err := http.Post("http://"+addr+"/api/v1/ask", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("request behind a slow body: %d, want 200", res.StatusCode)
	}
	slowRes, err := http.ReadResponse(bufio.NewReader(slow), nil)
	if err != nil {
		t.Fatal(err)
	}
	if slowRes.StatusCode != http.StatusRequestTimeout {
		t.Errorf("slow body: %d, want 408", slowRes.StatusCode)
	}
}

func TestHostCheck(t *testing.T) {
	s := testServer(Options{AllowedHosts: []string{"qa.example.org"}}, nil)
	addr := serveLoopback(t, s)
	_, port, _ := net.SplitHostPort(addr)
	tests := []struct {
		host string
		want int
	}{
		{addr, 200},
		{"localhost:" + port, 200},
		{"localhost", 200},
		{"LOCALHOST.:" + port, 200},
		{"app.localhost:" + port, 200},
		{"[::1]:" + port, 200},
		{"127.1.2.3:" + port, 200},
		{"qa.example.org", 200},
		{"evil.example:" + port, 421},
		{"127.0.0.1.evil.example", 421},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", "http://"+addr+"/api/v1/documents", nil)
		req.Host = tt.host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != tt.want {
			t.Errorf("Host %q: %d, want %d", tt.host, res.StatusCode, tt.want)
		}
	}
	if s.hostAllowed("") {
		t.Error("empty Host allowed on loopback")
	}
	// Not on loopback and no AllowedHosts: any Host.
	open := New(Options{})
	if !open.hostAllowed("anything.example") {
		t.Error("a server not on loopback refused a Host")
	}
}

func TestCrossSiteWritesRefused(t *testing.T) {
	img := pngBytes(t, 40, 20)
	tests := []struct {
		name    string
		req     *http.Request
		headers map[string]string
		want    int
	}{
		{"cross-site upload", multipartReq(t, "/api/v1/ocr", "image", img), map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"same-site upload", multipartReq(t, "/api/v1/chart", "image", img), map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"foreign Origin", jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`), map[string]string{"Origin": "http://evil.example"}, 403},
		{"same-origin", jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`), map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"no browser headers (curl)", jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`), nil, 200},
		{"cross-site GET is read-only", getReq("/api/v1/documents"), map[string]string{"Sec-Fetch-Site": "cross-site"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(Options{}, nil)
			for k, v := range tt.headers {
				tt.req.Header.Set(k, v)
			}
			rec := do(t, s, tt.req)
			if rec.Code != tt.want {
				t.Fatalf("%d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == 403 {
				if e := decode[apiError](t, rec); e.Code != "cross_origin" {
					t.Errorf("code %q", e.Code)
				}
			}
		})
	}
}

func getReq(path string) *http.Request {
	r, _ := http.NewRequest("GET", "http://example.com"+path, nil)
	r.RequestURI = path
	return r
}

// pngHeader is a PNG that declares w×h pixels and holds none: enough for
// the budget, which reads only the header.
func pngHeader(w, h int) []byte {
	var buf bytes.Buffer
	buf.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	chunk := append([]byte("IHDR"), ihdr...)
	binary.Write(&buf, binary.BigEndian, uint32(13))
	buf.Write(chunk)
	binary.Write(&buf, binary.BigEndian, crc32.ChecksumIEEE(chunk))
	return buf.Bytes()
}

// TestMemoryBudget: an upload whose decoded size alone is over the budget
// is refused before decoding; requests wait for room in the budget and
// get 503 when none frees within the queue wait.
func TestMemoryBudget(t *testing.T) {
	fake := &ocr.Fake{Func: func([]byte, ocr.Mode) (ocr.Result, error) { return ocr.Result{Text: "x"}, nil }}
	withOCR := func(b *Backend) { b.OCR = fake }
	s := testServer(Options{MemoryBudget: 128 << 20, QueueWait: 50 * time.Millisecond}, withOCR)
	rec := do(t, s, multipartReq(t, "/api/v1/ocr", "image", pngHeader(6000, 6000)))
	if e := decode[apiError](t, rec); rec.Code != 413 || e.Code != "over_budget" {
		t.Fatalf("6000x6000 under a 128 MiB budget: %d %+v", rec.Code, e)
	}
	small := pngBytes(t, 40, 20)
	if rec := do(t, s, rawReq("/api/v1/ocr", "image/png", small)); rec.Code != 200 {
		t.Fatalf("small image: %d %s", rec.Code, rec.Body)
	}
	// Hold most of the budget: a question (32 MiB) still fits in what is left? No: wait, then 503.
	if err := s.memory.Acquire(context.Background(), 100<<20); err != nil {
		t.Fatal(err)
	}
	rec = do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
	if e := decode[apiError](t, rec); rec.Code != 503 || e.Code != "overloaded" {
		t.Errorf("ask with the budget held: %d %+v", rec.Code, e)
	}
	s.memory.Release(100 << 20)
	if rec := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`)); rec.Code != 200 {
		t.Errorf("ask after release: %d %s", rec.Code, rec.Body)
	}
	// Every reservation was given back.
	if !s.memory.TryAcquire(128 << 20) {
		t.Error("budget not fully released")
	}
}
