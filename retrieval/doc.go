// Package retrieval is policyqa's passage store: a bleve index of
// document.Passage values with Korean-aware analysis and BM25 ranking.
//
// Passages are indexed with the analyzer named in Options (see Analyzers;
// the default splits Hangul into character bigrams and adds dictionary
// morphemes, package korean). Search analyses the query the same way,
// drops interrogatives, and ranks with Okapi BM25 computed by this package
// (bm25.go) over bleve's postings: bleve v2.6's own BM25 takes the average
// field length as distinct terms per document and squares the IDF, which
// costs recall (see README.md for the measurements).
//
// Retriever is the boundary the solvers depend on; *Index implements it
// and Fake is an in-memory stand-in for tests.
package retrieval
