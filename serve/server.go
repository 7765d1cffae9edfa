package serve

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/policyqa/policyqa/corpus"
)

// Defaults for zero Options fields.
const (
	DefaultMaxJSONBytes   = 64 << 10
	DefaultMaxUploadBytes = 20 << 20
	DefaultMaxImagePixels = 40_000_000
	DefaultRequestTimeout = 60 * time.Second
	DefaultQueueWait      = 10 * time.Second
	DefaultMaxK           = 20
)

// Options configure a Server. Zero values take the defaults.
type Options struct {
	Logger *slog.Logger
	// MaxJSONBytes caps JSON request bodies (413 beyond).
	MaxJSONBytes int64
	// MaxUploadBytes caps image uploads (413 beyond).
	MaxUploadBytes int64
	// MaxImagePixels refuses larger images before decoding them (413).
	MaxImagePixels int
	// RequestTimeout bounds the work of one API request (504 beyond).
	RequestTimeout time.Duration
	// MaxConcurrent API requests run at once; default max(4, CPUs).
	MaxConcurrent int
	// MaxQueue requests wait for a slot; more get 429. Default 8 ×
	// MaxConcurrent.
	MaxQueue int
	// QueueWait is how long a request waits for a slot before 503.
	QueueWait time.Duration
	// MaxK caps the number of answers one ask returns.
	MaxK int
	// BodyTimeout bounds reading one request body (408 beyond); bodies are
	// read before a worker slot is taken (DefaultBodyTimeout).
	BodyTimeout time.Duration
	// MemoryBudget is what API requests in flight may reserve together,
	// in bytes (DefaultMemoryBudget); see Server.admit for the estimates.
	// A request over the whole budget gets 413; others wait for room
	// within QueueWait (503 beyond).
	MemoryBudget int64
	// AllowedHosts are Host names served besides the loopback names when
	// the server listens on loopback (DNS-rebinding defence, see guard);
	// when set, they are the only names served on other addresses.
	AllowedHosts []string
}

func (o Options) withDefaults() Options {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.MaxJSONBytes <= 0 {
		o.MaxJSONBytes = DefaultMaxJSONBytes
	}
	if o.MaxUploadBytes <= 0 {
		o.MaxUploadBytes = DefaultMaxUploadBytes
	}
	if o.MaxImagePixels <= 0 {
		o.MaxImagePixels = DefaultMaxImagePixels
	}
	if o.RequestTimeout <= 0 {
		o.RequestTimeout = DefaultRequestTimeout
	}
	if o.MaxConcurrent <= 0 {
		o.MaxConcurrent = max(4, runtime.NumCPU())
	}
	if o.MaxQueue <= 0 {
		o.MaxQueue = 8 * o.MaxConcurrent
	}
	if o.QueueWait <= 0 {
		o.QueueWait = DefaultQueueWait
	}
	if o.MaxK <= 0 {
		o.MaxK = DefaultMaxK
	}
	if o.BodyTimeout <= 0 {
		o.BodyTimeout = DefaultBodyTimeout
	}
	if o.MemoryBudget <= 0 {
		o.MemoryBudget = DefaultMemoryBudget
	}
	return o
}

// Server is the HTTP API, the web page and Swagger UI. Until SetBackend is
// called the API answers 503 and /readyz reports "loading".
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	handler http.Handler
	routes  []route

	st      atomic.Pointer[state]
	loadErr atomic.Pointer[error]

	slots    chan struct{}       // running API requests
	queue    chan struct{}       // waiting or running API requests
	memory   *semaphore.Weighted // the memory budget, in bytes
	loopback atomic.Bool         // listening on loopback: Host is checked
}

// New returns a Server with no backend yet.
func New(opts Options) *Server {
	opts = opts.withDefaults()
	s := &Server{
		opts:   opts,
		log:    opts.Logger,
		mux:    http.NewServeMux(),
		slots:  make(chan struct{}, opts.MaxConcurrent),
		queue:  make(chan struct{}, opts.MaxConcurrent+opts.MaxQueue),
		memory: semaphore.NewWeighted(opts.MemoryBudget),
	}
	s.routes = s.routeTable()
	for _, r := range s.routes {
		h := r.handler
		if r.limited {
			h = s.limit(r.backend, r.body, h)
		}
		s.mux.Handle(r.method+" "+r.pattern, h)
	}
	s.mux.HandleFunc("/", s.notFound)
	s.handler = s.recoverer(s.guard(s.mux))
	return s
}

// SetBackend makes the server ready: the API answers from b.
func (s *Server) SetBackend(b Backend) {
	s.st.Store(newState(b, s.log))
}

// SetLoadError records why the backend could not be loaded; /readyz
// reports it.
func (s *Server) SetLoadError(err error) {
	s.loadErr.Store(&err)
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves on ln until ctx is done, then shuts down gracefully
// (in-flight requests get up to 10 seconds). On a loopback listener the
// Host header is checked (see guard).
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	if isLoopbackListener(ln) {
		s.loopback.Store(true)
	}
	hs := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.opts.RequestTimeout,
		WriteTimeout:      s.opts.RequestTimeout + s.opts.QueueWait + 10*time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := hs.Shutdown(sctx)
	if e := <-errc; !errors.Is(e, http.ErrServerClosed) {
		err = errors.Join(err, e)
	}
	if err != nil {
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	return nil
}

// route is one registered endpoint. API routes (api: true) are listed in
// the OpenAPI document; a test fails when the two differ.
type route struct {
	method, pattern string
	handler         http.Handler
	api             bool // documented in openapi.json
	limited         bool // under the concurrency cap and request timeout
	backend         bool // needs a loaded backend (503 before)
	body            bodyKind
}

func (s *Server) routeTable() []route {
	api := func(method, pattern string, h http.HandlerFunc) route {
		body := bodyNone
		if method == http.MethodPost {
			body = bodyJSON
		}
		return route{method: method, pattern: pattern, handler: h, api: true, limited: true, backend: true, body: body}
	}
	upload := func(pattern string, h http.HandlerFunc) route {
		r := api(http.MethodPost, pattern, h)
		r.body = bodyImage
		return r
	}
	return []route{
		{method: "GET", pattern: "/healthz", handler: http.HandlerFunc(s.healthz), api: true},
		{method: "GET", pattern: "/readyz", handler: http.HandlerFunc(s.readyz), api: true},
		{method: "GET", pattern: "/openapi.json", handler: http.HandlerFunc(s.openapi), api: true},
		api("POST", "/api/v1/ask", s.ask),
		api("GET", "/api/v1/documents", s.documents),
		api("GET", "/api/v1/documents/{doc}/passages/{ordinal}", s.passage),
		upload("/api/v1/ocr", s.ocr),
		upload("/api/v1/chart", s.chart),
		api("POST", "/api/v1/solve", s.solve),
		{method: "GET", pattern: "/{$}", handler: staticFile("index.html")},
		{method: "GET", pattern: "/docs/{$}", handler: staticFile("docs.html")},
		{method: "GET", pattern: "/static/", handler: staticFiles()},
	}
}

// apiError is the JSON body of every error response.
type apiError struct {
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Message   string `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

// httpError is an error with a status and a stable code for clients.
type httpError struct {
	status int
	code   string
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, code, format string, args ...any) *httpError {
	return &httpError{status: status, code: code, msg: fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
		buf.Reset()
		_ = enc.Encode(apiError{Status: status, Code: "internal", Message: "response not encodable: " + err.Error()})
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail writes err as a JSON error; errors that are not *httpError are
// classified (timeouts 504, not found 404, body too large 413, others 500)
// and their text is cleared of server paths.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &he):
	case errors.As(err, &mbe):
		he = errorf(http.StatusRequestEntityTooLarge, "too_large", "request body over the limit of %d bytes", mbe.Limit)
	case errors.Is(err, context.DeadlineExceeded):
		he = errorf(http.StatusGatewayTimeout, "timeout", "the request took longer than %s", s.opts.RequestTimeout)
	case errors.Is(err, context.Canceled):
		he = errorf(499, "canceled", "request canceled")
	case errors.Is(err, errNotFound):
		he = errorf(http.StatusNotFound, "not_found", "%s", s.redact(err.Error()))
	case errors.As(err, new(*corpus.ParseError)):
		// The request is sound; the document it names cannot be read.
		he = errorf(http.StatusUnprocessableEntity, "document_unreadable", "%s", s.redact(err.Error()))
	default:
		he = errorf(http.StatusInternalServerError, "internal", "%s", s.redact(err.Error()))
	}
	id := requestID(r)
	if he.status >= 500 {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "status", he.status, "request_id", id, "err", err)
	} else {
		s.log.Debug("request refused", "method", r.Method, "path", r.URL.Path, "status", he.status, "request_id", id, "err", err)
	}
	if he.status == http.StatusTooManyRequests || he.status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	writeJSON(w, he.status, apiError{Status: he.status, Code: he.code, Message: he.msg, RequestID: id})
}

// redact removes the dataset root from a message.
func (s *Server) redact(msg string) string {
	if st := s.st.Load(); st != nil {
		for _, p := range st.Redact {
			if p != "" && p != "." {
				msg = strings.ReplaceAll(msg, p, "$DATASET")
			}
		}
	}
	return msg
}

type ctxKey struct{}

func requestID(r *http.Request) string {
	id, _ := r.Context().Value(ctxKey{}).(string)
	return id
}

// recoverer gives every request an id and turns panics into 500s.
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b [6]byte
		_, _ = rand.Read(b[:])
		id := hex.EncodeToString(b[:])
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, id))
		w.Header().Set("X-Request-Id", id)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("handler panic", "method", r.Method, "path", r.URL.Path, "query", r.URL.RawQuery, "content_type", r.Header.Get("Content-Type"),
					"content_length", r.ContentLength, "request_id", id, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				s.fail(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// Limiter errors.
var (
	errBusy      = errorf(http.StatusTooManyRequests, "busy", "too many requests waiting; retry later")
	errQueueWait = errorf(http.StatusServiceUnavailable, "overloaded", "no free worker within the queue wait; retry later")
	errLoading   = errorf(http.StatusServiceUnavailable, "loading", "the index is still loading; see /readyz")
)

// limit caps concurrent API requests (429 when the queue is full, 503
// when no slot frees within QueueWait), answers 503 until the backend is
// loaded, reads the body and reserves memory before a slot is taken (see
// admit), and bounds the request's context by RequestTimeout.
func (s *Server) limit(needBackend bool, body bodyKind, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if needBackend && s.st.Load() == nil {
			s.fail(w, r, errLoading)
			return
		}
		select {
		case s.queue <- struct{}{}:
		default:
			s.fail(w, r, errBusy)
			return
		}
		defer func() { <-s.queue }()
		queued := time.Now()
		release, err := s.admit(w, r, body, queued.Add(s.opts.QueueWait))
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer release()
		t := time.NewTimer(max(0, s.opts.QueueWait-time.Since(queued)))
		select {
		case s.slots <- struct{}{}:
			t.Stop()
		case <-t.C:
			s.fail(w, r, errQueueWait)
			return
		case <-r.Context().Done():
			t.Stop()
			s.fail(w, r, r.Context().Err())
			return
		}
		defer func() { <-s.slots }()
		ctx, cancel := context.WithTimeout(r.Context(), s.opts.RequestTimeout)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// notFound answers unknown paths: 405 with Allow when the path exists
// under another method, else 404 (JSON for the API, also for pages).
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, rt := range s.routes {
		if rt.method == r.Method {
			continue
		}
		req := r.Clone(r.Context())
		req.Method = rt.method
		if _, pat := s.mux.Handler(req); pat == rt.method+" "+rt.pattern {
			allow = append(allow, rt.method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed on %s (allowed: %s)", r.Method, r.URL.Path, strings.Join(allow, ", ")))
		return
	}
	s.fail(w, r, errorf(http.StatusNotFound, "not_found", "no such endpoint: %s %s", r.Method, r.URL.Path))
}

// healthz reports that the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyResponse is the body of /readyz.
type readyResponse struct {
	Status    string `json:"status"`
	Documents int    `json:"documents"`
	Reader    bool   `json:"reader"`
	OCR       bool   `json:"ocr"`
	Error     string `json:"error,omitempty"`
}

// readyz reports whether the index is loaded (200) or not (503).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	st := s.st.Load()
	if st == nil {
		resp := readyResponse{Status: "loading"}
		if e := s.loadErr.Load(); e != nil {
			resp = readyResponse{Status: "failed", Error: s.redact((*e).Error())}
		}
		writeJSON(w, http.StatusServiceUnavailable, resp)
		return
	}
	writeJSON(w, http.StatusOK, readyResponse{Status: "ready", Documents: len(st.Corpus.Documents()), Reader: st.Reader != nil, OCR: st.OCR != nil})
}
