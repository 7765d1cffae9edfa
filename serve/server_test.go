package serve

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/internal/testkit"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/reader"
	"github.com/policyqa/policyqa/retrieval"
)

// fakeCorpus is an in-memory Corpus.
type fakeCorpus struct {
	docs   map[string]*document.Document
	refs   map[string][]document.Block
	refErr error
}

func (c *fakeCorpus) Document(_ context.Context, id string) (*document.Document, error) {
	if d, ok := c.docs[id]; ok {
		return d, nil
	}
	return nil, fmt.Errorf("document %q: %w under /data/secret/doc", id, dataset.ErrNotFound)
}

func (c *fakeCorpus) Ref(_ context.Context, id string) ([]document.Block, error) {
	if c.refErr != nil {
		return nil, c.refErr
	}
	if bs, ok := c.refs[id]; ok {
		return bs, nil
	}
	return nil, fmt.Errorf("ref file %q: %w under /data/secret/ref", id, dataset.ErrNotFound)
}

func (c *fakeCorpus) Documents() []*document.Document {
	var out []*document.Document
	for _, d := range c.docs {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b *document.Document) int { return strings.Compare(a.ID, b.ID) })
	return out
}

const forestPara = "2023년까지 조성된 도시숲은 유형별로 보면 생활숲 38개소, 가로숲 27개소, 학교숲 15개소 등 모두 80개소임"

func testCorpus() *fakeCorpus {
	sec := []string{"Ⅱ. 도시숲 현황"}
	forest := &document.Document{ID: "forest", Format: document.FormatODT, Blocks: []document.Block{
		{Kind: document.KindHeading, Text: "Ⅱ. 도시숲 현황", Level: 1, Page: 1},
		{Kind: document.KindParagraph, Text: forestPara, Section: sec, Page: 2},
		{Kind: document.KindParagraph, Text: "산림청은 도시숲 조성 예산을 해마다 늘리고 있다.", Section: sec, Page: 2},
		{Kind: document.KindTable, Text: "<표 1> 수종별 흡착량", Section: sec, Page: 3, Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "수종", RowSpan: 1, ColSpan: 1}, {Text: "흡착량(g)", RowSpan: 1, ColSpan: 1}},
			{{Text: "이팝나무", RowSpan: 1, ColSpan: 1}, {Text: "112", RowSpan: 1, ColSpan: 1}},
		}}},
	}}
	startup := &document.Document{ID: "startup", Format: document.FormatPDF, Pages: 4, Warnings: []string{"page 4: no text layer"}, Blocks: []document.Block{
		{Kind: document.KindParagraph, Text: "2023년 한 해 동안 발급된 보증은 모두 4,260건이며, 이 가운데 제조업이 1,120건을 차지하였다.", Page: 1},
		{Kind: document.KindParagraph, Text: "보증을 받은 기업의 3년 생존율은 68.2%로 전체 창업기업보다 높았다.", Page: 2},
	}}
	return &fakeCorpus{
		docs: map[string]*document.Document{"forest": forest, "startup": startup},
		refs: map[string][]document.Block{"forest_table001": {{Kind: document.KindTable, Text: "수종별 미세먼지 저감 효과", Table: &document.Table{Rows: [][]document.Cell{
			{{Text: "수종", RowSpan: 1, ColSpan: 1}, {Text: "연간 흡착량(g/그루)", RowSpan: 1, ColSpan: 1}},
			{{Text: "이팝나무", RowSpan: 1, ColSpan: 1}, {Text: "112", RowSpan: 1, ColSpan: 1}},
		}}}}},
	}
}

func testBackend() Backend {
	c := testCorpus()
	var ps []document.Passage
	for _, d := range c.Documents() {
		ps = append(ps, document.Passages(d)...)
	}
	return Backend{Retriever: &retrieval.Fake{Passages: ps}, Corpus: c, Redact: []string{"/data/secret"}}
}

// testServer returns a ready server; mod changes the backend first.
func testServer(opts Options, mod func(*Backend)) *Server {
	s := New(opts)
	b := testBackend()
	if mod != nil {
		mod(&b)
	}
	s.SetBackend(b)
	return s
}

// do sends req and checks the response against openapi.json.
func do(t *testing.T, s *Server, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, req)
	checkResponse(t, loadSpec(t), s, req, rec)
	return rec
}

func jsonReq(method, path, body string) *http.Request {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("decode %q: %v", rec.Body.String(), err)
	}
	return v
}

func TestHealthAndReadiness(t *testing.T) {
	s := New(Options{})
	if rec := do(t, s, httptest.NewRequest("GET", "/healthz", nil)); rec.Code != 200 {
		t.Errorf("healthz: %d", rec.Code)
	}
	rec := do(t, s, httptest.NewRequest("GET", "/readyz", nil))
	if got := decode[readyResponse](t, rec); rec.Code != 503 || got.Status != "loading" {
		t.Errorf("readyz before load: %d %+v", rec.Code, got)
	}
	rec = do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
	if got := decode[apiError](t, rec); rec.Code != 503 || got.Code != "loading" || rec.Header().Get("Retry-After") == "" {
		t.Errorf("ask before load: %d %+v", rec.Code, got)
	}
	s.SetLoadError(errors.New("open /data/secret/problemsheet.json: no such file"))
	rec = do(t, s, httptest.NewRequest("GET", "/readyz", nil))
	if got := decode[readyResponse](t, rec); rec.Code != 503 || got.Status != "failed" || got.Error == "" {
		t.Errorf("readyz after failure: %d %+v", rec.Code, got)
	}
	s.SetBackend(testBackend())
	rec = do(t, s, httptest.NewRequest("GET", "/readyz", nil))
	if got := decode[readyResponse](t, rec); rec.Code != 200 || got.Status != "ready" || got.Documents != 2 {
		t.Errorf("readyz after load: %d %+v", rec.Code, got)
	}
}

func TestAsk(t *testing.T) {
	// Answers come from the solver's task-4 path (task 3's for a ref):
	// see TestAskKinds for the kinds of value.
	spanOf := func(phrase string) *reader.Fake {
		return &reader.Fake{AnswerFunc: func(q string, ps []string, k int) ([]reader.Span, error) {
			for i, p := range ps {
				if j := strings.Index(p, phrase); j >= 0 {
					return []reader.Span{{Text: phrase, Passage: i, Start: j, End: j + len(phrase), Score: 7.5}}, nil
				}
			}
			return nil, nil
		}}
	}
	tests := []struct {
		name       string
		body       string
		mod        func(*Backend)
		status     int
		code       string // error code
		method     string
		reader     bool
		wantAnswer string // "" : not found
		wantDoc    string // every evidence passage's doc
		maxEv      int    // most evidence passages; 0: any
	}{
		{name: "count", body: `{"question":"생활숲은 몇 개소인가?"}`, status: 200, method: "collection", wantAnswer: "38개소"},
		{name: "count without an ending", body: `{"question":"생활숲 몇 개소"}`, status: 200, method: "collection", wantAnswer: "38개소"},
		{name: "second label, one document, k 1", body: `{"question":"가로숲은 몇 개소인가?","doc":"forest","k":1}`, status: 200, method: "collection", wantAnswer: "27개소", wantDoc: "forest", maxEv: 1},
		{name: "decimal percent", body: `{"question":"보증 기업의 3년 생존율은 얼마인가?","doc":"startup"}`, status: 200, method: "collection", wantAnswer: "68.2%", wantDoc: "startup"},
		{name: "amount nowhere: no year, no count", body: `{"question":"도시숲 조성 예산은 얼마인가?"}`, status: 200, method: "collection", wantAnswer: ""},
		{name: "ref table", body: `{"question":"이팝나무의 연간 흡착량은 얼마인가?","ref":"forest_table001"}`, status: 200, method: "table", wantAnswer: "112", wantDoc: "forest_table001"},
		{name: "no hits", body: `{"question":"zzzz qqqq"}`, status: 200, method: "collection", wantAnswer: ""},
		{name: "reader", body: `{"question":"생활숲은 몇 개소인가?","k":2}`, mod: func(b *Backend) { b.Reader = spanOf("38개소") },
			status: 200, method: "collection", reader: true, wantAnswer: "38개소", maxEv: 2},
		{name: "reader fails: answered without it", body: `{"question":"생활숲은 몇 개소인가?"}`, mod: func(b *Backend) {
			b.Reader = &reader.Fake{AnswerFunc: func(string, []string, int) ([]reader.Span, error) { return nil, errors.New("model broke") }}
		}, status: 200, method: "collection", reader: true, wantAnswer: "38개소"},
		{name: "reader bad spans dropped", body: `{"question":"생활숲은 몇 개소인가?"}`, mod: func(b *Backend) {
			b.Reader = &reader.Fake{AnswerFunc: func(q string, ps []string, k int) ([]reader.Span, error) {
				return []reader.Span{{Passage: 99}, {Passage: 0, Start: 5, End: 1 << 20}}, nil
			}}
		}, status: 200, method: "collection", reader: true, wantAnswer: "38개소"},
		{name: "unknown doc", body: `{"question":"도시숲","doc":"nope"}`, status: 404, code: "not_found"},
		{name: "unknown ref", body: `{"question":"도시숲","ref":"nope"}`, status: 404, code: "not_found"},
		{name: "path as doc", body: `{"question":"도시숲","doc":"../../etc/passwd"}`, status: 400, code: "bad_id"},
		{name: "absolute path as ref", body: `{"question":"도시숲","ref":"/etc/passwd"}`, status: 400, code: "bad_id"},
		{name: "doc and ref", body: `{"question":"도시숲","doc":"forest","ref":"forest_table001"}`, status: 400, code: "bad_request"},
		{name: "empty question", body: `{"question":"  "}`, status: 400, code: "bad_request"},
		{name: "k too large", body: `{"question":"도시숲","k":1000}`, status: 400, code: "bad_request"},
		{name: "unknown field", body: `{"question":"도시숲","file":"/etc/passwd"}`, status: 400, code: "bad_json"},
		{name: "bad json", body: `{"question":`, status: 400, code: "bad_json"},
		{name: "two values", body: `{"question":"a"} {"question":"b"}`, status: 400, code: "bad_json"},
		{name: "too large", body: `{"question":"` + strings.Repeat("숲", 30000) + `"}`, status: 413, code: "too_large"},
		{name: "ref error redacted", body: `{"question":"도시숲","ref":"forest_table001"}`, mod: func(b *Backend) {
			b.Corpus.(*fakeCorpus).refErr = errors.New("open /data/secret/ref/x.png: permission denied")
		}, status: 500, code: "internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(Options{}, tt.mod)
			rec := do(t, s, jsonReq("POST", "/api/v1/ask", tt.body))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				e := decode[apiError](t, rec)
				if e.Code != tt.code || e.Status != tt.status || e.Message == "" || e.RequestID == "" {
					t.Errorf("error %+v, want code %s", e, tt.code)
				}
				if strings.Contains(e.Message, "/data/secret") {
					t.Errorf("error leaks a server path: %q", e.Message)
				}
				return
			}
			got := decode[AskResponse](t, rec)
			checkAskResponse(t, got)
			if got.Method != tt.method || got.Reader != tt.reader {
				t.Errorf("method %q reader %v, want %q %v", got.Method, got.Reader, tt.method, tt.reader)
			}
			if got.Answer != tt.wantAnswer {
				t.Errorf("answer %q, want %q (note %q, evidence %+v)", got.Answer, tt.wantAnswer, got.Note, got.Evidence)
			}
			if tt.maxEv > 0 && len(got.Evidence) > tt.maxEv {
				t.Errorf("%d evidence passages, want at most %d", len(got.Evidence), tt.maxEv)
			}
			for i, e := range got.Evidence {
				if tt.wantDoc != "" && e.Doc != tt.wantDoc {
					t.Errorf("evidence %d from %q, want %q", i, e.Doc, tt.wantDoc)
				}
			}
		})
	}
}

// checkAskResponse checks what every ask response promises: found iff an
// answer, a note without one, the answer located in its passage by code
// points and bytes, evidence passages that name their document and kind.
func checkAskResponse(t *testing.T, got AskResponse) {
	t.Helper()
	if got.Found != (got.Answer != "") || !got.Found && got.Note == "" || got.Found && got.Note != "" {
		t.Errorf("found %v, answer %q, note %q", got.Found, got.Answer, got.Note)
	}
	if got.Found && len(got.Evidence) == 0 {
		t.Errorf("answer %q without evidence", got.Answer)
	}
	if len(got.Answers) > 1 || !got.Found && len(got.Answers) > 0 {
		t.Errorf("answers %+v for answer %q", got.Answers, got.Answer)
	}
	for i, a := range got.Answers {
		if a.Rank != i+1 {
			t.Errorf("answer %d has rank %d", i, a.Rank)
		}
		if !strings.Contains(got.Answer, a.Text) || a.Text == "" {
			t.Errorf("located %q, not part of the answer %q", a.Text, got.Answer)
		}
		rs := []rune(a.Passage.Text)
		if a.Start < 0 || a.End > len(rs) || a.Start > a.End || string(rs[a.Start:a.End]) != a.Text {
			t.Errorf("answer %d: code points [%d,%d) do not give %q in %q", i, a.Start, a.End, a.Text, a.Passage.Text)
		}
		if a.Passage.Text[a.ByteStart:a.ByteEnd] != a.Text {
			t.Errorf("answer %d: bytes [%d,%d) do not give %q", i, a.ByteStart, a.ByteEnd, a.Text)
		}
	}
	for i, e := range got.Evidence {
		if e.Doc == "" || e.Kind == "" || e.Text == "" || (e.ID == "") != (e.Ordinal < 0) {
			t.Errorf("evidence %d: %+v", i, e)
		}
	}
}

func TestAskContentType(t *testing.T) {
	s := testServer(Options{}, nil)
	req := httptest.NewRequest("POST", "/api/v1/ask", strings.NewReader(`{"question":"도시숲"}`))
	req.Header.Set("Content-Type", "text/plain")
	if rec := do(t, s, req); rec.Code != 415 {
		t.Errorf("text/plain: %d", rec.Code)
	}
	req = httptest.NewRequest("POST", "/api/v1/ask", strings.NewReader(`{"question":"도시숲"}`))
	if rec := do(t, s, req); rec.Code != 200 {
		t.Errorf("no content type: %d %s", rec.Code, rec.Body)
	}
}

func TestDocumentsAndPassages(t *testing.T) {
	s := testServer(Options{}, nil)
	rec := do(t, s, httptest.NewRequest("GET", "/api/v1/documents", nil))
	docs := decode[DocumentsResponse](t, rec)
	if rec.Code != 200 || len(docs.Documents) != 2 || docs.Documents[0].ID != "forest" || docs.Documents[0].Passages != 4 || docs.Documents[1].Pages != 4 {
		t.Fatalf("documents: %d %+v", rec.Code, docs)
	}
	tests := []struct {
		path   string
		status int
		text   string
	}{
		{"/api/v1/documents/forest/passages/1", 200, forestPara},
		{"/api/v1/documents/forest/passages/3", 200, "<표 1> 수종별 흡착량 수종 흡착량(g) 이팝나무 112"},
		{"/api/v1/documents/forest/passages/4", 404, ""},
		{"/api/v1/documents/forest/passages/-1", 400, ""},
		{"/api/v1/documents/forest/passages/x", 400, ""},
		{"/api/v1/documents/nope/passages/0", 404, ""},
		{"/api/v1/documents/..%2Fetc/passages/0", 400, ""},
	}
	for _, tt := range tests {
		rec := do(t, s, httptest.NewRequest("GET", tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s: %d, want %d: %s", tt.path, rec.Code, tt.status, rec.Body)
			continue
		}
		if tt.status == 200 {
			if p := decode[PassageJSON](t, rec); p.Text != tt.text || p.Source != "doc" {
				t.Errorf("%s: %+v, want text %q", tt.path, p, tt.text)
			}
		}
	}
}

func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	img.SetGray(1, 1, color.Gray{Y: 0})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func multipartReq(t testing.TB, path, field string, data []byte) *http.Request {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("note", "ignored")
	fw, err := mw.CreateFormFile(field, "x.png")
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	r := httptest.NewRequest("POST", path, &buf)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	return r
}

func rawReq(path, ct string, data []byte) *http.Request {
	r := httptest.NewRequest("POST", path, bytes.NewReader(data))
	r.Header.Set("Content-Type", ct)
	return r
}

func TestImages(t *testing.T) {
	fake := &ocr.Fake{Func: func(img []byte, mode ocr.Mode) (ocr.Result, error) {
		return ocr.Result{Text: "도시숲 현황 " + mode.String(), Words: []ocr.Word{{Text: "도시숲", Box: image.Rect(1, 2, 30, 12), Conf: 91, Line: 1}}}, nil
	}}
	withOCR := func(b *Backend) { b.OCR = fake }
	img := pngBytes(t, 40, 20)
	tests := []struct {
		name   string
		req    *http.Request
		mod    func(*Backend)
		status int
		code   string
	}{
		{"ocr multipart", multipartReq(t, "/api/v1/ocr", "image", img), withOCR, 200, ""},
		{"ocr raw chart mode", rawReq("/api/v1/ocr?mode=chart", "image/png", img), withOCR, 200, ""},
		{"ocr bad mode", rawReq("/api/v1/ocr?mode=fast", "image/png", img), withOCR, 400, "bad_request"},
		{"ocr not an image", rawReq("/api/v1/ocr", "image/png", []byte("hello")), withOCR, 400, "bad_image"},
		{"ocr empty", rawReq("/api/v1/ocr", "image/png", nil), withOCR, 400, "bad_image"},
		{"ocr wrong type", rawReq("/api/v1/ocr", "text/plain", img), withOCR, 415, "unsupported_media_type"},
		{"ocr no image field", multipartReq(t, "/api/v1/ocr", "file", img), withOCR, 400, "bad_request"},
		{"ocr too many pixels", rawReq("/api/v1/ocr", "image/png", pngBytes(t, 200, 200)), withOCR, 413, "image_too_large"},
		{"ocr body too large", rawReq("/api/v1/ocr", "image/png", make([]byte, 70_000)), withOCR, 413, "too_large"},
		{"ocr multipart too large", multipartReq(t, "/api/v1/ocr", "image", make([]byte, 70_000)), withOCR, 413, "too_large"},
		{"ocr unavailable", rawReq("/api/v1/ocr", "image/png", img), nil, 501, "ocr_unavailable"},
		{"chart", multipartReq(t, "/api/v1/chart", "image", img), withOCR, 200, ""},
		{"chart unavailable", multipartReq(t, "/api/v1/chart", "image", img), nil, 501, "ocr_unavailable"},
		{"chart bad image", rawReq("/api/v1/chart", "image/jpeg", []byte{0xff, 0xd8, 0xff, 0}), withOCR, 400, "bad_image"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := testServer(Options{MaxImagePixels: 10_000, MaxUploadBytes: 64 << 10}, tt.mod)
			rec := do(t, s, tt.req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.code != "" {
				if e := decode[apiError](t, rec); e.Code != tt.code {
					t.Errorf("code %q, want %q (%s)", e.Code, tt.code, e.Message)
				}
			}
		})
	}
	s := testServer(Options{}, withOCR)
	got := decode[OCRResponse](t, do(t, s, rawReq("/api/v1/ocr?mode=chart", "image/png", img)))
	if got.Text != "도시숲 현황 chart" || got.Width != 40 || got.Height != 20 || len(got.Words) != 1 || got.Words[0].Box != [4]int{1, 2, 30, 12} {
		t.Errorf("ocr response %+v", got)
	}
}

func TestSolve(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		status int
		check  func(t *testing.T, r SolveResponse)
	}{
		{"task 4 with evidence", `{"problem_no":"003","task_no":"4","question":"도시숲 생활숲 가로숲 학교숲은 몇 개소인가?"}`, 200, func(t *testing.T, r SolveResponse) {
			var ev []map[string]any
			if err := json.Unmarshal(r.Evidence, &ev); err != nil || len(ev) == 0 || ev[0]["doc_file"] != "forest" {
				t.Errorf("evidence %s (%v)", r.Evidence, err)
			}
			var ans string
			if err := json.Unmarshal(r.Answer, &ans); err != nil || ans == "" {
				t.Errorf("answer %s (%v)", r.Answer, err)
			}
		}},
		{"task 1 ranked paragraphs, no evidence", `{"problem_no":"001","task_no":"1","doc_file":"forest","question":"도시숲은 유형별로 보면 몇 개소인가?","extra":"ignored"}`, 200, func(t *testing.T, r SolveResponse) {
			var ans []struct{ Rank, Paragraph string }
			if err := json.Unmarshal(r.Answer, &ans); err != nil || len(ans) == 0 || ans[0].Rank != "1" {
				t.Errorf("answer %s (%v)", r.Answer, err)
			}
			if r.Evidence != nil {
				t.Errorf("task 1 has evidence %s", r.Evidence)
			}
		}},
		{"task 2 keeps form order", `{"problem_no":"002","task_no":"2","doc_file":"forest","answer_form":[{"유형":"생활숲","개소":""},{"유형":"가로숲","개소":""}],"question":"도시숲 유형별 개소"}`, 200, func(t *testing.T, r SolveResponse) {
			if !strings.HasPrefix(string(r.Answer), `[{"유형":"생활숲","개소":`) {
				t.Errorf("answer %s", r.Answer)
			}
		}},
		{"unknown task", `{"problem_no":"9","task_no":"9","question":"x"}`, 400, nil},
		{"task 1 without doc", `{"problem_no":"9","task_no":"1","question":"x"}`, 400, nil},
		{"unknown doc", `{"problem_no":"9","task_no":"1","doc_file":"nope","question":"x"}`, 404, nil},
		{"path as doc", `{"problem_no":"9","task_no":"1","doc_file":"/etc/passwd","question":"x"}`, 400, nil},
		{"not an object", `[1,2]`, 400, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := do(t, testServer(Options{}, nil), jsonReq("POST", "/api/v1/solve", tt.body))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.check != nil {
				tt.check(t, decode[SolveResponse](t, rec))
			}
		})
	}
}

func TestRouting(t *testing.T) {
	s := testServer(Options{}, nil)
	tests := []struct {
		method, path string
		status       int
		allow        string
		ctype        string
	}{
		{"GET", "/api/v1/ask", 405, "POST", "application/json"},
		{"DELETE", "/api/v1/documents", 405, "GET", "application/json"},
		{"GET", "/api/v2/ask", 404, "", "application/json"},
		{"GET", "/nope", 404, "", "application/json"},
		{"GET", "/", 200, "", "text/html"},
		{"GET", "/docs/", 200, "", "text/html"},
		{"GET", "/static/app.js", 200, "", "text/javascript"},
		{"GET", "/static/swagger-ui/swagger-ui-bundle.js", 200, "", "text/javascript"},
		{"GET", "/static/swagger-ui/swagger-ui.css", 200, "", "text/css"},
		{"GET", "/static/nope.js", 404, "", ""},
		{"GET", "/openapi.json", 200, "", "application/json"},
	}
	for _, tt := range tests {
		rec := do(t, s, httptest.NewRequest(tt.method, tt.path, nil))
		if rec.Code != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, rec.Code, tt.status)
		}
		if got := rec.Header().Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, got, tt.allow)
		}
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), tt.ctype) {
			t.Errorf("%s %s: Content-Type %q, want %q", tt.method, tt.path, rec.Header().Get("Content-Type"), tt.ctype)
		}
	}
	rec := do(t, s, httptest.NewRequest("GET", "/", nil))
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("page CSP %q", csp)
	}
	for _, page := range []string{"index.html", "docs.html", "app.js", "docs.js"} {
		data, _ := static.ReadFile("static/" + page)
		if bytes.Contains(data, []byte("http://")) || bytes.Contains(data, []byte("https://")) {
			t.Errorf("%s refers to another origin", page)
		}
	}
}

// blockingReader waits until released or until its context ends.
type blockingReader struct {
	started chan struct{}
	release chan struct{}
}

func (b *blockingReader) Answer(ctx context.Context, q string, ps []string, k int) ([]reader.Span, error) {
	b.started <- struct{}{}
	select {
	case <-b.release:
		return nil, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

func TestLimits(t *testing.T) {
	t.Run("queue full 429, queue wait 503", func(t *testing.T) {
		br := &blockingReader{started: make(chan struct{}, 4), release: make(chan struct{})}
		s := testServer(Options{MaxConcurrent: 1, MaxQueue: 1, QueueWait: 200 * time.Millisecond}, func(b *Backend) { b.Reader = br })
		ask := func() *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
			return rec
		}
		var wg sync.WaitGroup
		recs := make([]*httptest.ResponseRecorder, 2)
		wg.Add(1)
		go func() { defer wg.Done(); recs[0] = ask() }()
		<-br.started // the first request holds the only slot
		wg.Add(1)
		go func() { defer wg.Done(); recs[1] = ask() }()
		deadline := time.Now().Add(5 * time.Second)
		for len(s.queue) < 2 && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
		third := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
		if third.Code != 429 || third.Header().Get("Retry-After") == "" {
			t.Errorf("third request: %d %s", third.Code, third.Body)
		}
		// Health checks bypass the limiter.
		if rec := do(t, s, httptest.NewRequest("GET", "/healthz", nil)); rec.Code != 200 {
			t.Errorf("healthz under load: %d", rec.Code)
		}
		time.Sleep(300 * time.Millisecond) // the second one gives up waiting
		close(br.release)
		wg.Wait()
		if recs[0].Code != 200 || recs[1].Code != 503 {
			t.Errorf("first %d, second %d (%s)", recs[0].Code, recs[1].Code, recs[1].Body)
		}
		if e := decode[apiError](t, recs[1]); e.Code != "overloaded" {
			t.Errorf("second: %+v", e)
		}
	})
	t.Run("timeout 504", func(t *testing.T) {
		br := &blockingReader{started: make(chan struct{}, 1), release: make(chan struct{})}
		s := testServer(Options{RequestTimeout: 50 * time.Millisecond}, func(b *Backend) { b.Reader = br })
		rec := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
		if e := decode[apiError](t, rec); rec.Code != 504 || e.Code != "timeout" {
			t.Errorf("%d %+v", rec.Code, e)
		}
	})
	t.Run("panic 500", func(t *testing.T) {
		s := testServer(Options{}, func(b *Backend) { b.Retriever = panicRetriever{} })
		rec := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
		if e := decode[apiError](t, rec); rec.Code != 500 || e.Code != "internal" {
			t.Errorf("%d %+v", rec.Code, e)
		}
		// The slot was given back.
		if len(s.slots) != 0 || len(s.queue) != 0 {
			t.Errorf("slots %d, queue %d after a panic", len(s.slots), len(s.queue))
		}
	})
}

type panicRetriever struct{}

// A panic in a handler is logged with the request and the stack.
func TestPanicLogsRequestAndStack(t *testing.T) {
	var buf testkit.SyncBuffer
	s := testServer(Options{Logger: slog.New(slog.NewTextHandler(&buf, nil))}, func(b *Backend) { b.Retriever = panicRetriever{} })
	rec := do(t, s, jsonReq("POST", "/api/v1/ask", `{"question":"도시숲"}`))
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	log := buf.String()
	for _, want := range []string{"panic", "path=/api/v1/ask", "request_id=" + rec.Header().Get("X-Request-Id"), "index exploded", "panicRetriever.Search", "server_test.go"} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
}

func (panicRetriever) Search(context.Context, retrieval.Query) ([]retrieval.Hit, error) {
	panic("index exploded")
}
