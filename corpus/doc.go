// Package corpus owns loading a dataset: it opens the dataset mount
// (package dataset), parses every document (ODT, PDF with OCR of scanned
// pages and figures), reads ref files (ODF table fragments, chart images)
// and opens or rebuilds the passage index under the work folder. `policyqa
// run` (package pipeline) and `policyqa serve` (package serve) answer from
// the Corpus that Open returns.
package corpus
