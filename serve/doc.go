// Package serve is policyqa's HTTP API (`policyqa serve`): JSON endpoints
// over a loaded dataset, an OpenAPI 3 document, Swagger UI and a small web
// page, all served from files embedded in the binary.
//
// Endpoints (openapi.json describes them; a test fails when it and the
// registered routes drift apart):
//
//	GET  /healthz                                    liveness
//	GET  /readyz                                     readiness (503 while loading)
//	GET  /openapi.json                               the OpenAPI document
//	POST /api/v1/ask                                 question → the answer of the kind asked, with evidence
//	GET  /api/v1/documents                           parsed documents
//	GET  /api/v1/documents/{doc}/passages/{ordinal}  one passage
//	POST /api/v1/ocr?mode=page|chart|auto            OCR of an uploaded image
//	POST /api/v1/chart                               data table of an uploaded chart
//	POST /api/v1/solve                               a problem-sheet entry → the batch run's answer JSON
//	GET  /                                           the web page
//	GET  /docs/                                      Swagger UI
//
// POST /api/v1/ask is answered by solve.Solver.Ask, the code that answers
// the batch run's task-4 problems (task 3's with a ref): the question's
// kind of value (an amount, a count in a unit, a date, a body …) decides
// what may answer, and a question whose kind no passage holds gets no
// answer and a note, with the best passages as evidence. The extractive
// reader, when configured, adds candidates that are checked the same way.
// The answer is located in its passage with offsets in code points and in
// bytes.
//
// Limits: JSON bodies and uploads are capped (413), images are checked
// for their pixel count before decoding (413), API requests run under a
// concurrency cap with a bounded wait queue (429 when the queue is full,
// 503 when no worker frees in time) and a per-request time limit (504).
// Errors are JSON objects with status, code and message. Clients name
// documents and refs by id; anything that looks like a path is refused.
//
// Swagger UI is the npm package swagger-ui-dist, vendored into
// static/swagger-ui by scripts/serve/vendor-swagger-ui.sh; the pages send
// a Content-Security-Policy that forbids loading anything from elsewhere.
package serve
