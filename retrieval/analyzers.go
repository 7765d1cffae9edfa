package retrieval

import (
	"fmt"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/policyqa/policyqa/retrieval/korean"
)

// Analyzer names accepted in Options.Analyzer.
const (
	AnalyzerBigram      = "bigram"       // Hangul character bigrams
	AnalyzerMorph       = "morph"        // dictionary morphemes (kagome, mecab-ko-dic)
	AnalyzerBigramMorph = "bigram+morph" // both streams in one field
	AnalyzerWord        = "word"         // whole words (baseline)

	// DefaultAnalyzer is used when Options.Analyzer is empty.
	DefaultAnalyzer = AnalyzerBigramMorph
)

// Analyzers lists the analyzer names.
func Analyzers() []string {
	return []string{AnalyzerBigram, AnalyzerMorph, AnalyzerBigramMorph, AnalyzerWord}
}

// tokenizerType is the bleve registry type of korean.Tokenizer; its
// config carries "mode".
const tokenizerType = "policyqa_korean"

// registerOnce guards the single registration of our tokenizer type with
// bleve's process-wide registry (which panics on nothing but refuses
// duplicates, and is not safe for concurrent writes).
var registerOnce sync.Once

func registerAnalysis() {
	registerOnce.Do(func() {
		// The only error is a duplicate name, impossible under Once.
		_ = registry.RegisterTokenizer(tokenizerType, newRegistryTokenizer)
	})
}

// newRegistryTokenizer is the bleve registry constructor.
func newRegistryTokenizer(config map[string]interface{}, _ *registry.Cache) (analysis.Tokenizer, error) {
	name, _ := config["mode"].(string)
	mode, err := korean.ParseMode(name)
	if err != nil {
		return nil, err
	}
	var m *korean.Morphology
	if mode.NeedsMorphology() {
		// The dictionary itself is loaded once per process by
		// kagome-dict-ko.
		if m, err = korean.NewMorphology(); err != nil {
			return nil, err
		}
	}
	return korean.NewTokenizer(mode, m)
}

func analyzerID(name string) string   { return "policyqa_" + name }
func tokenizerID(name string) string  { return "policyqa_" + name + "_tokenizer" }
func validAnalyzer(name string) error { _, err := korean.ParseMode(name); return err }

// addAnalyzer declares analyzer name on the mapping.
func addAnalyzer(im *mapping.IndexMappingImpl, name string) error {
	if err := validAnalyzer(name); err != nil {
		return fmt.Errorf("retrieval: analyzer: %w", err)
	}
	registerAnalysis()
	if err := im.AddCustomTokenizer(tokenizerID(name), map[string]interface{}{
		"type": tokenizerType,
		"mode": name,
	}); err != nil {
		return fmt.Errorf("retrieval: tokenizer %s: %w", name, err)
	}
	if err := im.AddCustomAnalyzer(analyzerID(name), map[string]interface{}{
		"type":      custom.Name,
		"tokenizer": tokenizerID(name),
	}); err != nil {
		return fmt.Errorf("retrieval: analyzer %s: %w", name, err)
	}
	return nil
}
