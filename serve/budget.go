package serve

import (
	"bytes"
	"context"
	"errors"
	"image"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/policyqa/policyqa/ocr"
)

// Defaults of the request budget.
const (
	// DefaultBodyTimeout is how long a client may take to send a request
	// body (20 MiB at 1 MB/s).
	DefaultBodyTimeout = 20 * time.Second
	// DefaultMemoryBudget is the memory all API requests in flight may
	// reserve together.
	DefaultMemoryBudget = 512 << 20
	// jsonWorkBytes is what a JSON or GET request reserves besides its
	// body: retrieval hits, passages and the reader's windows.
	jsonWorkBytes = 32 << 20
)

// bodyKind says what an API route reads from the body.
type bodyKind int

const (
	bodyNone  bodyKind = iota // GET: the body is not read
	bodyJSON                  // up to MaxJSONBytes
	bodyImage                 // an upload, up to MaxUploadBytes
)

// admit prepares an API request for a worker slot: it reads the whole
// body first, under its own read deadline (BodyTimeout), so a slow client
// holds a queue place for at most that long and never a worker slot; then
// it reserves the request's memory estimate from the server's budget
// (MemoryBudget), waiting until deadline. The estimate is the body plus,
// for an image, its decoded size as its header declares it (at most
// ocr.DefaultMaxDecodedBytes) and two working copies of at most
// ocr.DefaultFitPixels pixels, or, for the others, 32 MiB. Bodies being
// read are bounded by the queue: (MaxConcurrent+MaxQueue) × the body limit.
// release gives the reservation back.
func (s *Server) admit(w http.ResponseWriter, r *http.Request, kind bodyKind, deadline time.Time) (release func(), err error) {
	limit := s.opts.MaxJSONBytes
	if kind == bodyImage {
		limit = s.opts.MaxUploadBytes
	}
	var data []byte
	if kind != bodyNone {
		if r.ContentLength > limit {
			return nil, &http.MaxBytesError{Limit: limit}
		}
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(s.opts.BodyTimeout)) // not supported by test recorders
		data, err = io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
		if err != nil {
			// The read deadline stays as it is, so the server does not
			// wait for the rest of the body before replying; the
			// connection is closed after the reply.
			w.Header().Set("Connection", "close")
			var mbe *http.MaxBytesError
			switch {
			case errors.As(err, &mbe):
				return nil, err
			case errors.Is(err, os.ErrDeadlineExceeded):
				return nil, errorf(http.StatusRequestTimeout, "body_timeout", "the request body did not arrive within %s", s.opts.BodyTimeout)
			}
			return nil, errorf(http.StatusBadRequest, "bad_request", "reading the request body: %v", err)
		}
		_ = rc.SetReadDeadline(time.Time{})
		r.Body = io.NopCloser(bytes.NewReader(data))
		r.ContentLength = int64(len(data))
	}
	need := int64(len(data)) + s.workBytes(kind, r, data)
	if need > s.opts.MemoryBudget {
		return nil, errorf(http.StatusRequestEntityTooLarge, "over_budget", "this request needs about %d MiB, more than the server's memory budget of %d MiB", need>>20, s.opts.MemoryBudget>>20)
	}
	ctx, cancel := context.WithDeadline(r.Context(), deadline)
	defer cancel()
	if err := s.memory.Acquire(ctx, need); err != nil {
		if r.Context().Err() != nil {
			return nil, r.Context().Err()
		}
		return nil, errQueueWait
	}
	return func() { s.memory.Release(need) }, nil
}

// workBytes estimates what handling the request costs besides its body.
func (s *Server) workBytes(kind bodyKind, r *http.Request, data []byte) int64 {
	if kind != bodyImage {
		return jsonWorkBytes
	}
	cfg, ok := imageHeader(r, data)
	if !ok {
		return jsonWorkBytes // not an image: refused before any decoding
	}
	px := int64(cfg.Width) * int64(cfg.Height)
	decoded := min(px*4, ocr.DefaultMaxDecodedBytes)
	return decoded + 2*4*min(px, ocr.DefaultFitPixels)
}

// imageHeader reads the upload's image header (the "image" part of a
// multipart body, or the body itself).
func imageHeader(r *http.Request, data []byte) (image.Config, bool) {
	mt, params, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var src io.Reader = bytes.NewReader(data)
	if mt == "multipart/form-data" {
		mr := multipart.NewReader(bytes.NewReader(data), params["boundary"])
		for {
			part, err := mr.NextPart()
			if err != nil {
				return image.Config{}, false
			}
			if part.FormName() == "image" {
				src = part
				break
			}
		}
	} else if !strings.HasPrefix(mt, "image/") && mt != "application/octet-stream" {
		return image.Config{}, false
	}
	cfg, _, err := image.DecodeConfig(src)
	return cfg, err == nil && cfg.Width > 0 && cfg.Height > 0
}
