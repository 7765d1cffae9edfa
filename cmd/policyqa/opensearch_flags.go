package main

import (
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/policyqa/policyqa/retrieval/opensearch"
)

// openSearchFlags are the --opensearch-* flags shared by run, serve and
// bench retrieval.
type openSearchFlags struct {
	url              string
	prefix           string
	shards, replicas int
	refresh          string
	bulkWorkers      int
	retries          int
	timeout          time.Duration
}

func (f *openSearchFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.url, "opensearch-url", "", "OpenSearch node URLs, comma-separated (with --retrieval opensearch)")
	fs.StringVar(&f.prefix, "opensearch-index-prefix", opensearch.DefaultIndexPrefix, "OpenSearch index name prefix (the rest: analyzer and corpus fingerprint)")
	fs.IntVar(&f.shards, "opensearch-shards", opensearch.DefaultShards, "number_of_shards of a new OpenSearch index")
	fs.IntVar(&f.replicas, "opensearch-replicas", opensearch.DefaultReplicas, "number_of_replicas of a new OpenSearch index")
	fs.StringVar(&f.refresh, "opensearch-refresh", opensearch.DefaultRefresh, "refresh_interval of the OpenSearch index once loaded")
	fs.IntVar(&f.bulkWorkers, "opensearch-bulk-workers", opensearch.DefaultBulkWorkers, "bulk requests in flight while indexing into OpenSearch")
	fs.IntVar(&f.retries, "opensearch-retries", opensearch.DefaultRetries, "retries of a failed OpenSearch request or rejected bulk item")
	fs.DurationVar(&f.timeout, "opensearch-timeout", opensearch.DefaultRequestTimeout, "timeout of one OpenSearch request")
}

// options checks the flags against backend ("bleve" or "opensearch").
func (f *openSearchFlags) options(backend string) (opensearch.Options, error) {
	switch backend {
	case "bleve":
		return opensearch.Options{}, nil
	case "opensearch":
	default:
		return opensearch.Options{}, fmt.Errorf("%w: --retrieval must be bleve or opensearch, not %q", errUsage, backend)
	}
	var urls []string
	for _, u := range strings.Split(f.url, ",") {
		if u = strings.TrimSpace(u); u != "" {
			urls = append(urls, u)
		}
	}
	if len(urls) == 0 {
		return opensearch.Options{}, fmt.Errorf("%w: --retrieval opensearch needs --opensearch-url", errUsage)
	}
	replicas := f.replicas
	if replicas == 0 {
		replicas = -1 // Options: 0 means the default, negative means none
	}
	return opensearch.Options{
		URLs: urls, IndexPrefix: f.prefix, Shards: f.shards, Replicas: replicas,
		Refresh: f.refresh, BulkWorkers: f.bulkWorkers, Retries: f.retries, RequestTimeout: f.timeout,
	}, nil
}
