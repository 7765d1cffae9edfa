package submit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Sink makes one delivery attempt of one message and returns the server's
// protocol reply. A nil error means the server answered in the protocol
// ({"status","msg"}); whether that reply is an acceptance is Response.OK.
// Any other outcome is an error, a *SendError when the sink can tell
// whether trying again may help. Retrying is the Deliverer's job.
type Sink interface {
	Send(ctx context.Context, m Message) (Response, error)
}

// SendError is a delivery attempt that got no protocol reply.
type SendError struct {
	Err error
	// Retry: a later attempt may succeed (connection refused, timeout,
	// 5xx, 408, 425, 429, a 2xx that is not the protocol's JSON).
	Retry bool
	// MaybeReceived: the request may have reached the server and been
	// accepted although no reply says so (a timeout or reset after the
	// request was written, a 303). A retry may then deliver a duplicate.
	MaybeReceived bool
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// DefaultRequestTimeout bounds one POST of one message. An answer is a few
// kilobytes and the protocol's reply is a two-field JSON object that the
// server sends as soon as it has stored the answer, so a reply that takes
// longer than this is treated as lost (and the message retried).
const DefaultRequestTimeout = 20 * time.Second

// maxRedirects is how many 301/302/307/308 hops a POST follows.
const maxRedirects = 5

// HTTPSink POSTs messages to a URL, one attempt per Send.
//
// A reply counts only when it answers the POST that carried the message:
// 301, 302, 307 and 308 are followed by POSTing the same body to the new
// location (at most 5 hops; Go's client would turn a 301/302 into a GET
// without the answer, whose reply proves nothing); 303 See Other is not
// followed and is an error that may hide an acceptance. The final reply
// must be HTTP 2xx with {"status","msg"} JSON; a 4xx with such JSON is the
// server's refusal (returned as a Response, not an error).
type HTTPSink struct {
	URL string
	// Client sends the requests; its redirect policy is replaced by the
	// sink's own. Nil: a plain client.
	Client *http.Client
	// RequestTimeout bounds one attempt including redirects
	// (DefaultRequestTimeout when zero).
	RequestTimeout time.Duration
	Logger         *slog.Logger

	once   sync.Once
	client *http.Client
	warned sync.Once
}

// NewHTTPSink returns a sink with the default request timeout.
func NewHTTPSink(url string, logger *slog.Logger) *HTTPSink {
	return &HTTPSink{URL: url, RequestTimeout: DefaultRequestTimeout, Logger: logger}
}

func (s *HTTPSink) httpClient() *http.Client {
	s.once.Do(func() {
		c := &http.Client{}
		if s.Client != nil {
			*c = *s.Client
		}
		c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		s.client = c
	})
	return s.client
}

// Send implements Sink.
func (s *HTTPSink) Send(ctx context.Context, m Message) (Response, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return Response{}, fmt.Errorf("encode %s: %w", describe(m), err)
	}
	timeout := s.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	target := s.URL
	for hop := 0; ; hop++ {
		resp, next, err := s.post(ctx, target, body)
		if err != nil || next == "" {
			if err != nil {
				err = fmt.Errorf("%s to %s: %w", describe(m), target, err)
			}
			return resp, err
		}
		if hop == maxRedirects {
			return Response{}, &SendError{Err: fmt.Errorf("%s to %s: more than %d redirects", describe(m), s.URL, maxRedirects)}
		}
		s.warned.Do(func() {
			s.logger().Warn("answer URL redirects; the answer is POSTed again to the new location", "url", s.URL, "location", next)
		})
		target = next
	}
}

// post makes one POST. It returns the reply, or the location to POST to
// next, or an error.
func (s *HTTPSink) post(ctx context.Context, target string, body []byte) (Response, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return Response{}, "", &SendError{Err: err}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := s.httpClient().Do(req)
	if err != nil {
		// A dial failure never reached the server; anything later (timeout,
		// reset) may have delivered the request.
		var op *net.OpError
		reached := !(errors.As(err, &op) && op.Op == "dial")
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return Response{}, "", &SendError{Err: err, MaybeReceived: reached}
		}
		return Response{}, "", &SendError{Err: err, Retry: true, MaybeReceived: reached}
	}
	defer res.Body.Close()
	data, rerr := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	code := res.StatusCode
	switch {
	case code == http.StatusMovedPermanently || code == http.StatusFound ||
		code == http.StatusTemporaryRedirect || code == http.StatusPermanentRedirect:
		loc, err := res.Location()
		if err != nil {
			return Response{}, "", &SendError{Err: fmt.Errorf("server said %s without a usable Location: %w", res.Status, err)}
		}
		return Response{}, loc.String(), nil
	case code == http.StatusSeeOther:
		return Response{}, "", &SendError{Err: fmt.Errorf("server said %s (to %s): the POST may have been processed but its reply is not an acceptance", res.Status, res.Header.Get("Location")), MaybeReceived: true}
	}
	if rerr != nil {
		return Response{}, "", &SendError{Err: fmt.Errorf("read reply (%s): %w", res.Status, rerr), Retry: true, MaybeReceived: true}
	}
	r, err := classifyReply(res.StatusCode, res.Header.Get("Retry-After"), data)
	return r, "", err
}

// classifyReply reads the final (non-redirect) reply to a POST: a
// protocol reply (acceptance or refusal) or a *SendError.
func classifyReply(code int, retryAfterHeader string, data []byte) (Response, error) {
	status := fmt.Sprintf("%d %s", code, http.StatusText(code))
	var r Response
	jerr := json.Unmarshal(data, &r)
	isProtocol := jerr == nil && r.Status != ""
	switch {
	case code >= 200 && code < 300 && isProtocol:
		return r, nil
	case code >= 200 && code < 300:
		return Response{}, &SendError{Err: fmt.Errorf("server said %s but the reply is not {\"status\",\"msg\"} JSON: %.200q", status, data), Retry: true, MaybeReceived: true}
	case code >= 500:
		return Response{}, &SendError{Err: fmt.Errorf("server said %s: %.200q", status, data), Retry: true, RetryAfter: retryAfter(retryAfterHeader)}
	case code == http.StatusRequestTimeout || code == http.StatusTooEarly || code == http.StatusTooManyRequests:
		return Response{}, &SendError{Err: fmt.Errorf("server said %s: %.200q", status, data), Retry: true, RetryAfter: retryAfter(retryAfterHeader)}
	case code >= 400 && isProtocol && !r.OK():
		// The server read the message and refused it in the protocol.
		return r, nil
	default:
		return Response{}, &SendError{Err: fmt.Errorf("server said %s: %.200q", status, data)}
	}
}

// retryAfter reads a Retry-After header given in seconds (at most 5 minutes).
func retryAfter(h string) time.Duration {
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n > 0 {
		return min(time.Duration(n)*time.Second, 5*time.Minute)
	}
	return 0
}

func (s *HTTPSink) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}

// FileSink appends every message as one JSON line. Its replies are always OK.
type FileSink struct {
	mu sync.Mutex
	f  *os.File
}

// NewFileSink creates or truncates path.
func NewFileSink(path string) (*FileSink, error) { return OpenFileSink(path, false) }

// OpenFileSink opens path for JSON lines, appending when keep is set
// (a resumed mission) and truncating otherwise.
func OpenFileSink(path string, keep bool) (*FileSink, error) {
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if keep {
		flags = os.O_CREATE | os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return nil, fmt.Errorf("answers file: %w", err)
	}
	return &FileSink{f: f}, nil
}

// Send implements Sink.
func (s *FileSink) Send(_ context.Context, m Message) (Response, error) {
	line, err := json.Marshal(m)
	if err != nil {
		return Response{}, fmt.Errorf("encode message: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.f.Write(append(line, '\n')); err != nil {
		return Response{}, &SendError{Err: fmt.Errorf("write answers file: %w", err)}
	}
	return Response{Status: "OK", Msg: "written to " + s.f.Name()}, nil
}

// Close closes the file.
func (s *FileSink) Close() error { return s.f.Close() }

func describe(m Message) string {
	if m.IsEnd() {
		return "end_of_mission"
	}
	return "problem " + m.ProblemNo
}
