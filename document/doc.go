// Package document is policyqa's data model for parsed documents: blocks
// (headings, paragraphs, list items, footnotes, tables, figures) in reading
// order, each with its section path and page, and the passages cut from them
// for the index.
//
// It imports nothing else of policyqa's: parsers (document/odt, document/pdf)
// produce a *Document, and later stages (retrieval, solvers) consume it.
package document
