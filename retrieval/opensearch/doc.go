// Package opensearch is a second backend of the retrieval boundary: the
// passages of a corpus in an OpenSearch index, for deployments that have
// outgrown one machine (sharding, replication, many readers).
//
// Korean analysis stays the product's own: the Go side analyses each
// passage's text and section with retrieval.TermAnalyzer (Hangul bigrams +
// kagome-dict-ko morphemes by default) and sends the terms, joined by
// spaces, into fields indexed with OpenSearch's whitespace analyzer. Queries
// are analysed the same way and sent as boosted term queries, and the
// index's BM25 similarity carries the same k1 and b, so both backends score
// the same terms with the same formula; with the dfs_query_then_fetch
// search type the statistics are the whole index's rather than a shard's.
// What still differs is Lucene's one-byte encoding of field lengths (a
// length is rounded to one of 256 buckets), which can reorder near ties.
//
// The index is named after the analyzer and the corpus fingerprint
// (IndexName), so a changed corpus is indexed afresh; an index whose load
// was cut short is not marked complete in its mapping's _meta and is
// rebuilt on the next Open.
//
// Tests run against a real two-node cluster started by
// scripts/opensearch/cluster.sh (POLICYQA_OPENSEARCH_URL), never a mock.
package opensearch
