package serve

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/policyqa/policyqa/charts"
	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/numbers"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/solve"
	"github.com/policyqa/policyqa/submit"
)

// PassageJSON is a passage as the API returns it.
type PassageJSON struct {
	ID string `json:"id"`
	// Source is "doc" for a document passage, "ref" for a ref file's.
	Source  string `json:"source"`
	Doc     string `json:"doc"`
	Ordinal int    `json:"ordinal"`
	Kind    string `json:"kind"`
	Section string `json:"section"`
	Page    int    `json:"page"`
	Text    string `json:"text"`
}

func passageJSON(p document.Passage, source string) PassageJSON {
	return PassageJSON{ID: p.ID, Source: source, Doc: p.DocID, Ordinal: p.Ordinal, Kind: string(p.Kind), Section: p.Section, Page: p.Page, Text: p.Text}
}

// AskRequest is the body of POST /api/v1/ask.
type AskRequest struct {
	Question string `json:"question"`
	// Doc restricts the search to one document (a doc_file id).
	Doc string `json:"doc,omitempty"`
	// Ref answers from one ref file's table or chart instead.
	Ref string `json:"ref,omitempty"`
	// K is the number of answers (default 5).
	K int `json:"k,omitempty"`
}

// AnswerJSON is the answer located in the passage it was read from.
type AnswerJSON struct {
	Rank int `json:"rank"`
	// Text is passage.text[start:end]: the answer as the passage writes
	// it, or the part of it the passage holds (the number of a value
	// written with its column's unit, one value of several).
	Text string `json:"text"`
	// Score is the solver's confidence in [0,1].
	Score float64 `json:"score"`
	// Start and End are the answer's offsets in Passage.Text in Unicode
	// code points (End exclusive); ByteStart and ByteEnd in UTF-8 bytes.
	Start     int         `json:"start"`
	End       int         `json:"end"`
	ByteStart int         `json:"byte_start"`
	ByteEnd   int         `json:"byte_end"`
	Passage   PassageJSON `json:"passage"`
}

// EvidenceJSON is one passage an answer rests on (or, without an answer,
// one of the best passages found).
type EvidenceJSON struct {
	// Source is "doc" for a document passage, "ref" for a ref file's.
	Source string `json:"source"`
	Doc    string `json:"doc"`
	// ID and Ordinal name the indexed passage; "" and -1 for a table read
	// whole.
	ID      string `json:"id"`
	Ordinal int    `json:"ordinal"`
	Kind    string `json:"kind"`
	Section string `json:"section"`
	Page    int    `json:"page"`
	Text    string `json:"text"`
	// Note shows how a computed value was derived from the cells used.
	Note string `json:"note,omitempty"`
}

// AskResponse is the answer to POST /api/v1/ask.
type AskResponse struct {
	Question string `json:"question"`
	// Method is "collection" (answered as task 4: retrieval over the
	// documents) or "table" (answered as task 3 over a ref file).
	Method string `json:"method"`
	// Reader is whether an extractive reader took part (its spans are
	// candidates, checked against the kind asked).
	Reader   bool           `json:"reader"`
	Expected solve.Expected `json:"expected"`
	// Answer is the value; "" when no passage holds one of the kind
	// asked, and Note says so.
	Answer   string         `json:"answer"`
	Found    bool           `json:"found"`
	Note     string         `json:"note,omitempty"`
	Score    float64        `json:"score"`
	Answers  []AnswerJSON   `json:"answers"`
	Evidence []EvidenceJSON `json:"evidence"`
	TookMS   float64        `json:"took_ms"`
}

const maxQuestionRunes = 1000

// ask answers a free question through the solver's task-4 path (task 3's
// over a ref file): solve.Solver.Ask. The handler only checks the request
// and writes the result.
func (s *Server) ask(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var req AskRequest
	if err := s.decodeJSON(w, r, &req, true); err != nil {
		s.fail(w, r, err)
		return
	}
	req.Question = strings.TrimSpace(req.Question)
	switch {
	case req.Question == "":
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "question is empty"))
		return
	case len([]rune(req.Question)) > maxQuestionRunes:
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "question is longer than %d characters", maxQuestionRunes))
		return
	case req.Doc != "" && req.Ref != "":
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "give doc or ref, not both"))
		return
	case req.K < 0 || req.K > s.opts.MaxK:
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "k must be between 1 and %d", s.opts.MaxK))
		return
	}
	for _, id := range []string{req.Doc, req.Ref} {
		if err := checkID(id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if req.K == 0 {
		req.K = 5
	}
	st := s.st.Load()
	ctx := r.Context()
	q := solve.Query{Question: req.Question, RefFile: req.Ref}
	method, source := "collection", "doc"
	if req.Ref != "" {
		method, source = "table", "ref"
		if _, err := st.Corpus.Ref(ctx, req.Ref); err != nil {
			s.fail(w, r, notFoundIf(err))
			return
		}
	}
	if req.Doc != "" {
		d, _, err := st.document(ctx, req.Doc)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		q.DocIDs = []string{d.ID}
	}
	res, err := st.solver.Ask(ctx, q)
	if err != nil {
		if ctx.Err() != nil {
			s.fail(w, r, ctx.Err())
			return
		}
		s.fail(w, r, notFoundIf(err))
		return
	}
	resp := AskResponse{Question: req.Question, Method: method, Reader: st.solver.Reader != nil, Expected: res.Expected,
		Answer: res.Answer, Found: res.Answer != "", Note: res.Note, Score: res.Score, Answers: []AnswerJSON{}, Evidence: []EvidenceJSON{}}
	for _, e := range res.Evidence[:min(req.K, len(res.Evidence))] {
		resp.Evidence = append(resp.Evidence, evidenceJSON(e, source))
	}
	if res.Answer != "" {
		// The answer in the first evidence passage that holds it.
		for _, e := range resp.Evidence {
			if bs, be, ok := locate(res.Answer, e.Text); ok {
				resp.Answers = append(resp.Answers, answerIn(e, bs, be, res.Score))
				break
			}
		}
	}
	for i := range resp.Answers {
		resp.Answers[i].Rank = i + 1
	}
	resp.TookMS = float64(time.Since(start).Microseconds()) / 1000
	writeJSON(w, http.StatusOK, resp)
}

func evidenceJSON(e solve.Evidence, source string) EvidenceJSON {
	out := EvidenceJSON{Source: source, Doc: e.DocFile, ID: e.PassageID, Ordinal: e.Ordinal, Kind: string(e.Kind),
		Section: e.Section, Page: e.Page, Text: e.Paragraph, Note: e.Note}
	if out.ID == "" {
		out.Ordinal = -1
	}
	return out
}

func answerIn(e EvidenceJSON, bs, be int, score float64) AnswerJSON {
	t := e.Text
	return AnswerJSON{
		Text: t[bs:be], Score: score,
		Start: utf8.RuneCountInString(t[:bs]), End: utf8.RuneCountInString(t[:be]), ByteStart: bs, ByteEnd: be,
		Passage: PassageJSON{ID: e.ID, Source: e.Source, Doc: e.Doc, Ordinal: e.Ordinal, Kind: e.Kind, Section: e.Section, Page: e.Page, Text: t},
	}
}

// locate finds an answer in a passage: the whole answer, else its first
// value of several ("A, B"), else its number as written ("3,400" of
// "3,400억원" read from a column headed "(억원)"). Byte offsets.
func locate(answer, text string) (int, int, bool) {
	try := []string{answer}
	if first, _, ok := strings.Cut(answer, ", "); ok {
		try = append(try, first)
	}
	for _, q := range numbers.Find(answer) {
		try = append(try, strings.TrimSpace(q.Text))
		if i := strings.IndexAny(q.Text, "0123456789"); i >= 0 {
			j := strings.LastIndexAny(q.Text, "0123456789")
			try = append(try, q.Text[i:j+1])
		}
		break
	}
	for _, a := range try {
		if a == "" {
			continue
		}
		if i := strings.Index(text, a); i >= 0 {
			return i, i + len(a), true
		}
	}
	return 0, 0, false
}

// DocumentJSON describes one document of the dataset. Pages is
// document.PageCount (PDF pages; for ODT and HWP the pages their page
// breaks mark; 0 when unknown). A document that failed to parse is listed
// with Error and no passages; requests about it answer 422.
type DocumentJSON struct {
	ID       string   `json:"id"`
	Format   string   `json:"format"`
	Pages    int      `json:"pages"`
	Passages int      `json:"passages"`
	Warnings []string `json:"warnings"`
	Error    string   `json:"error,omitempty"`
}

// failedLister is a Corpus that knows which documents failed to parse
// (*corpus.Corpus does).
type failedLister interface {
	Failed() []*corpus.ParseError
}

// DocumentsResponse is the answer to GET /api/v1/documents.
type DocumentsResponse struct {
	Documents []DocumentJSON `json:"documents"`
}

func (s *Server) documents(w http.ResponseWriter, r *http.Request) {
	st := s.st.Load()
	resp := DocumentsResponse{Documents: []DocumentJSON{}}
	for _, d := range st.Corpus.Documents() {
		_, ps, err := st.document(r.Context(), d.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		warn := d.Warnings
		if warn == nil {
			warn = []string{}
		}
		resp.Documents = append(resp.Documents, DocumentJSON{ID: d.ID, Format: string(d.Format), Pages: d.PageCount(), Passages: len(ps), Warnings: warn})
	}
	if fl, ok := st.Corpus.(failedLister); ok {
		for _, f := range fl.Failed() {
			resp.Documents = append(resp.Documents, DocumentJSON{ID: f.ID, Format: string(f.Format), Warnings: []string{}, Error: s.redact(f.Err.Error())})
		}
		slices.SortStableFunc(resp.Documents, func(a, b DocumentJSON) int { return strings.Compare(a.ID, b.ID) })
	}
	writeJSON(w, http.StatusOK, resp)
}

func (s *Server) passage(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("doc")
	if err := checkID(id); err != nil {
		s.fail(w, r, err)
		return
	}
	n, err := strconv.Atoi(r.PathValue("ordinal"))
	if err != nil || n < 0 {
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "passage ordinal %q is not a number ≥ 0", r.PathValue("ordinal")))
		return
	}
	_, ps, err := s.st.Load().document(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if n >= len(ps) {
		s.fail(w, r, errorf(http.StatusNotFound, "not_found", "document %q has %d passages; no passage %d", id, len(ps), n))
		return
	}
	writeJSON(w, http.StatusOK, passageJSON(ps[n], "doc"))
}

// OCRWord is one recognised word; Box is [x0, y0, x1, y1] in pixels.
type OCRWord struct {
	Text string  `json:"text"`
	Box  [4]int  `json:"box"`
	Conf float64 `json:"conf"`
	Line int     `json:"line"`
}

// OCRResponse is the answer to POST /api/v1/ocr.
type OCRResponse struct {
	Mode   string    `json:"mode"`
	Width  int       `json:"width"`
	Height int       `json:"height"`
	Text   string    `json:"text"`
	Words  []OCRWord `json:"words"`
}

var ocrModes = map[string]ocr.Mode{"page": ocr.ModePage, "chart": ocr.ModeChart, "auto": ocr.ModeAuto}

func (s *Server) ocr(w http.ResponseWriter, r *http.Request) {
	st := s.st.Load()
	if st.OCR == nil {
		s.fail(w, r, errorf(http.StatusNotImplemented, "ocr_unavailable", "OCR is not configured on this server"))
		return
	}
	name := r.URL.Query().Get("mode")
	if name == "" {
		name = "page"
	}
	mode, ok := ocrModes[name]
	if !ok {
		s.fail(w, r, errorf(http.StatusBadRequest, "bad_request", "mode must be page, chart or auto (got %q)", name))
		return
	}
	data, img, err := s.uploadedImage(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := st.OCR.Recognize(r.Context(), data, mode)
	if err != nil {
		s.fail(w, r, imageError(err))
		return
	}
	resp := OCRResponse{Mode: name, Width: img.Bounds().Dx(), Height: img.Bounds().Dy(), Text: res.Text, Words: make([]OCRWord, 0, len(res.Words))}
	for _, wd := range res.Words {
		resp.Words = append(resp.Words, OCRWord{Text: wd.Text, Box: [4]int{wd.Box.Min.X, wd.Box.Min.Y, wd.Box.Max.X, wd.Box.Max.Y}, Conf: wd.Conf, Line: wd.Line})
	}
	writeJSON(w, http.StatusOK, resp)
}

// SeriesJSON is one chart series; a value that could not be read is
// null.
type SeriesJSON struct {
	Name   string     `json:"name"`
	Values []*float64 `json:"values"`
}

// ChartResponse is the answer to POST /api/v1/chart.
type ChartResponse struct {
	Title      string       `json:"title"`
	Type       string       `json:"type"`
	Categories []string     `json:"categories"`
	Series     []SeriesJSON `json:"series"`
	// Table is the data as a grid: a header row (empty corner, then the
	// categories) and one row per series.
	Table [][]string `json:"table"`
	// Text is the table as the index would read it.
	Text string `json:"text"`
}

func (s *Server) chart(w http.ResponseWriter, r *http.Request) {
	st := s.st.Load()
	if st.OCR == nil {
		s.fail(w, r, errorf(http.StatusNotImplemented, "ocr_unavailable", "chart extraction needs OCR, which is not configured on this server"))
		return
	}
	_, img, err := s.uploadedImage(w, r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := charts.Extract(r.Context(), img, st.OCR)
	if err != nil {
		s.fail(w, r, imageError(err))
		return
	}
	resp := ChartResponse{Title: t.Title, Type: t.Type, Categories: t.Categories, Series: []SeriesJSON{}, Table: t.Document().Grid(), Text: t.Text()}
	if resp.Categories == nil {
		resp.Categories = []string{}
	}
	if resp.Table == nil {
		resp.Table = [][]string{}
	}
	for _, sr := range t.Series {
		vals := make([]*float64, len(sr.Values))
		for i, v := range sr.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				vals[i] = &v
			}
		}
		resp.Series = append(resp.Series, SeriesJSON{Name: sr.Name, Values: vals})
	}
	writeJSON(w, http.StatusOK, resp)
}

// SolveResponse is the answer to POST /api/v1/solve: the answer and
// evidence fields exactly as `policyqa run` sends them.
type SolveResponse struct {
	ProblemNo string          `json:"problem_no"`
	TaskNo    string          `json:"task_no"`
	Answer    json.RawMessage `json:"answer"`
	Evidence  json.RawMessage `json:"evidence,omitempty"`
	Score     float64         `json:"score"`
}

func (s *Server) solve(w http.ResponseWriter, r *http.Request) {
	var p dataset.Problem
	if err := s.decodeJSON(w, r, &p, false); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := p.Validate(); err != nil {
		s.fail(w, r, errorf(http.StatusBadRequest, "invalid_problem", "%v", strings.ReplaceAll(err.Error(), "\n", "; ")))
		return
	}
	for _, id := range []string{p.DocFile, p.RefFile} {
		if err := checkID(id); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	st := s.st.Load()
	if p.DocFile != "" {
		if _, _, err := st.document(r.Context(), p.DocFile); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	ans, err := st.solver.Solve(r.Context(), p)
	if err != nil {
		s.fail(w, r, notFoundIf(err))
		return
	}
	// The same message the batch run builds (pipeline.Run).
	value, evidence := ans.Wire()
	m, err := submit.NewAnswer("", "", p.ProblemNo, p.TaskNo, value, evidence)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, SolveResponse{ProblemNo: m.ProblemNo, TaskNo: m.TaskNo, Answer: m.Answer, Evidence: m.Evidence, Score: ans.Score})
}

// notFoundIf marks dataset lookups that failed as 404s.
func notFoundIf(err error) error {
	if errors.Is(err, dataset.ErrNotFound) {
		return fmt.Errorf("%w: %w", errNotFound, err)
	}
	return err
}

// checkID refuses ids that look like file-system paths: clients name
// documents and refs by id only.
func checkID(id string) error {
	if id == "" {
		return nil
	}
	bad := len(id) > 255 || strings.Contains(id, "..") || strings.ContainsAny(id, `/\:`) ||
		strings.IndexFunc(id, func(r rune) bool { return unicode.IsControl(r) }) >= 0
	if bad {
		return errorf(http.StatusBadRequest, "bad_id", "%q is not a document or ref id: ids are file names without folders, and paths are not accepted", id)
	}
	return nil
}

// decodeJSON reads one JSON value from a body of at most MaxJSONBytes.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any, strict bool) error {
	// curl -d sends application/x-www-form-urlencoded: read it as JSON too.
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || mt != "application/json" && !strings.HasSuffix(mt, "+json") && mt != "application/x-www-form-urlencoded" {
			return errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", "send application/json (got %q)", ct)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, s.opts.MaxJSONBytes))
	if strict {
		dec.DisallowUnknownFields()
	}
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return errorf(http.StatusBadRequest, "bad_json", "request body: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return errorf(http.StatusBadRequest, "bad_json", "request body: more than one JSON value")
	}
	return nil
}

// readImage reads an uploaded image: the "image" file of a
// multipart/form-data body, or a raw body of type image/*.
// uploadedImage reads the request's image and decodes it (size and pixel
// limits checked), returning the encoded bytes too.
func (s *Server) uploadedImage(w http.ResponseWriter, r *http.Request) ([]byte, image.Image, error) {
	data, err := s.readImage(w, r)
	if err != nil {
		return nil, nil, err
	}
	img, err := s.decodeImage(data)
	if err != nil {
		return nil, nil, err
	}
	return data, img, nil
}

func (s *Server) readImage(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body := http.MaxBytesReader(w, r.Body, s.opts.MaxUploadBytes)
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		r.Body = body // the multipart reader reads through the size cap
		mr, err := r.MultipartReader()
		if err != nil {
			return nil, errorf(http.StatusBadRequest, "bad_request", "multipart body: %v", err)
		}
		for {
			part, err := mr.NextPart()
			if err == io.EOF {
				return nil, errorf(http.StatusBadRequest, "bad_request", `multipart body has no "image" file`)
			}
			if err != nil {
				return nil, uploadError(err)
			}
			if part.FormName() != "image" {
				part.Close()
				continue
			}
			var buf bytes.Buffer
			_, err = buf.ReadFrom(part)
			part.Close()
			if err != nil {
				return nil, uploadError(err)
			}
			return buf.Bytes(), nil
		}
	case strings.HasPrefix(mt, "image/") || mt == "application/octet-stream":
		data, err := io.ReadAll(body)
		if err != nil {
			return nil, uploadError(err)
		}
		return data, nil
	}
	return nil, errorf(http.StatusUnsupportedMediaType, "unsupported_media_type", `send multipart/form-data with an "image" file, or the image itself as image/* (got %q)`, r.Header.Get("Content-Type"))
}

func uploadError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	return errorf(http.StatusBadRequest, "bad_request", "upload: %v", err)
}

// decodeImage checks the image's size before decoding it.
func (s *Server) decodeImage(data []byte) (image.Image, error) {
	img, _, err := ocr.DecodeImage(data, s.opts.MaxImagePixels)
	if err != nil {
		return nil, imageError(err)
	}
	return img, nil
}

func imageError(err error) error {
	switch {
	case errors.Is(err, ocr.ErrTooLarge):
		return errorf(http.StatusRequestEntityTooLarge, "image_too_large", "%v", err)
	case errors.Is(err, ocr.ErrBadImage):
		return errorf(http.StatusBadRequest, "bad_image", "%v", err)
	}
	return err
}
