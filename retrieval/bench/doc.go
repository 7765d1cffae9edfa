// Package bench measures retrieval quality and speed: KorQuAD 1.0 dev
// (each question's own paragraph is the one relevant passage; recall@1,
// recall@5, MRR@10) and a synthetic scale test (N passages drawn from the
// corpus vocabulary) for indexing throughput, query latency and index size.
//
// cmd/policyqa's "bench retrieval" parses flags and prints the Results of
// this package as JSON lines.
package bench
