package submit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"
)

// Sink delivers one message and returns the server's reply.
type Sink interface {
	Send(ctx context.Context, m Message) (Response, error)
}

// HTTPSink POSTs messages to a URL, retrying transient failures.
type HTTPSink struct {
	URL     string
	Client  *http.Client
	Retries int           // attempts after the first; default 4
	Backoff time.Duration // first wait; doubles each retry; default 500ms
	Logger  *slog.Logger
}

// NewHTTPSink returns a sink with a 30 s per-request timeout.
func NewHTTPSink(url string, logger *slog.Logger) *HTTPSink {
	return &HTTPSink{URL: url, Client: &http.Client{Timeout: 30 * time.Second}, Retries: 4, Backoff: 500 * time.Millisecond, Logger: logger}
}

// errPermanent marks failures that retrying cannot fix.
type errPermanent struct{ error }

func (e errPermanent) Unwrap() error { return e.error }

// Send implements Sink.
func (s *HTTPSink) Send(ctx context.Context, m Message) (Response, error) {
	body, err := json.Marshal(m)
	if err != nil {
		return Response{}, fmt.Errorf("encode message: %w", err)
	}
	wait := s.Backoff
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	var lastErr error
	for attempt := 0; attempt <= s.Retries; attempt++ {
		if attempt > 0 {
			s.logger().Warn("retrying submission", "problem_no", m.ProblemNo, "attempt", attempt, "wait", wait, "err", lastErr)
			select {
			case <-ctx.Done():
				return Response{}, fmt.Errorf("submit %s: %w (last error: %v)", m.ProblemNo, ctx.Err(), lastErr)
			case <-time.After(wait):
			}
			wait *= 2
		}
		resp, err := s.post(ctx, body)
		if err == nil {
			return resp, nil
		}
		lastErr = err
		var perm errPermanent
		if errors.As(err, &perm) || ctx.Err() != nil {
			break
		}
	}
	return Response{}, fmt.Errorf("submit %s to %s: %w", describe(m), s.URL, lastErr)
}

func (s *HTTPSink) post(ctx context.Context, body []byte) (Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL, bytes.NewReader(body))
	if err != nil {
		return Response{}, errPermanent{err}
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	res, err := client.Do(req)
	if err != nil {
		return Response{}, err // connection refused, timeout: transient
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		return Response{}, fmt.Errorf("read reply: %w", err)
	}
	if res.StatusCode >= 500 {
		return Response{}, fmt.Errorf("server said %s: %.200s", res.Status, data)
	}
	var r Response
	if err := json.Unmarshal(data, &r); err != nil {
		if res.StatusCode >= 400 {
			return Response{}, errPermanent{fmt.Errorf("server said %s: %.200s", res.Status, data)}
		}
		return Response{}, errPermanent{fmt.Errorf("reply is not {\"status\",\"msg\"} JSON (%s): %.200s", res.Status, data)}
	}
	if res.StatusCode >= 400 && r.Status == "" {
		r.Status = "ERROR"
	}
	return r, nil
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
func NewFileSink(path string) (*FileSink, error) {
	f, err := os.Create(path)
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
		return Response{}, fmt.Errorf("write answers file: %w", err)
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
