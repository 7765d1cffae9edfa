package reader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
)

// Span is one answer candidate.
type Span struct {
	// Text is Passages[Passage][Start:End].
	Text string
	// Passage is the index into the passages given to Answer.
	Passage int
	// Start and End are byte offsets in that passage (End exclusive).
	Start, End int
	// Score is start_logit + end_logit: comparable across windows and
	// passages of one call (higher is better), not a probability.
	Score float64
	// Null is the passage's no-answer score (start+end logit of the [CLS]
	// position, minimum over the passage's windows, as SQuAD 2.0 models
	// are read). For a SQuAD 2.0 style model Score < Null means the model
	// prefers "no answer in this passage"; for SQuAD 1.x models (KorQuAD
	// 1.0) ignore it.
	Null float64
}

// Reader answers a question from passages.
type Reader interface {
	// Answer returns at most k spans over all passages, best first.
	Answer(ctx context.Context, question string, passages []string, k int) ([]Span, error)
	// Close releases the reader's resources.
	Close() error
}

// Errors returned by New and Answer.
var (
	// ErrNotBuilt is returned by New in binaries built without the "ort" tag.
	ErrNotBuilt = errors.New("reader: built without ONNX Runtime support (rebuild with -tags ort: make build)")
	// ErrModel means the model directory or file is missing or unusable.
	ErrModel = errors.New("reader: unusable model")
	// ErrRuntime means the ONNX Runtime shared library could not be loaded
	// or initialised.
	ErrRuntime = errors.New("reader: ONNX Runtime unavailable")
	// ErrRuntimeInUse means an ONNX Runtime environment already exists in
	// this process (ONNX Runtime allows one per process).
	ErrRuntimeInUse = errors.New("reader: ONNX Runtime environment already initialised in this process")
	// ErrClosed is returned by Answer after Close.
	ErrClosed = errors.New("reader: closed")
)

// Defaults used for zero Options fields.
const (
	DefaultMaxLength         = 384
	DefaultStride            = 128
	DefaultMaxQuestionTokens = 64
	DefaultMaxAnswerTokens   = 30
	DefaultBatchSize         = 8
	DefaultWorkers           = 1
)

// Model file names looked up in Options.ModelDir when ModelFile is empty, in
// this order.
var modelFileNames = []string{"model.onnx", "model_quantized.onnx"}

// TokenizerFile is the Hugging Face tokenizer file expected in ModelDir.
const TokenizerFile = "tokenizer.json"

// Options configure an ONNXReader. Zero values take the defaults above.
type Options struct {
	// ModelDir holds model.onnx (or model_quantized.onnx) and tokenizer.json.
	ModelDir string
	// ModelFile overrides the model file: a path, or a name inside ModelDir.
	ModelFile string
	// LibPath is the path of libonnxruntime.so. Empty: $ONNXRUNTIME_LIB,
	// then third_party/onnxruntime/lib/libonnxruntime.so under the working
	// directory, then the system loader's search path.
	LibPath string
	// IntraOpThreads is ONNX Runtime's intra-op thread count; 0 lets ONNX
	// Runtime choose (one per physical core).
	IntraOpThreads int
	// Workers is the number of batches run concurrently.
	Workers int
	// BatchSize is the number of windows per session run.
	BatchSize int
	// MaxLength is the window length in tokens, special tokens included.
	MaxLength int
	// Stride is the overlap, in passage tokens, of neighbouring windows.
	Stride int
	// MaxQuestionTokens cuts longer questions.
	MaxQuestionTokens int
	// MaxAnswerTokens is the longest span considered, in tokens.
	MaxAnswerTokens int
	// Logger receives start-up and per-call debug records; nil discards.
	Logger *slog.Logger
}

// withDefaults returns o with zero fields set to defaults.
func (o Options) withDefaults() Options {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.MaxLength, DefaultMaxLength)
	def(&o.Stride, DefaultStride)
	def(&o.MaxQuestionTokens, DefaultMaxQuestionTokens)
	def(&o.MaxAnswerTokens, DefaultMaxAnswerTokens)
	def(&o.BatchSize, DefaultBatchSize)
	def(&o.Workers, DefaultWorkers)
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// validate reports every problem of already defaulted options at once.
// specials is the number of special tokens the pair template adds.
func (o Options) validate(specials int) error {
	var errs []error
	neg := func(name string, v int) {
		if v < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative (got %d)", name, v))
		}
	}
	neg("IntraOpThreads", o.IntraOpThreads)
	for _, f := range []struct {
		name string
		v    int
	}{{"Workers", o.Workers}, {"BatchSize", o.BatchSize}, {"MaxLength", o.MaxLength}, {"MaxQuestionTokens", o.MaxQuestionTokens}, {"MaxAnswerTokens", o.MaxAnswerTokens}} {
		if f.v < 1 {
			errs = append(errs, fmt.Errorf("%s must be at least 1 (got %d)", f.name, f.v))
		}
	}
	neg("Stride", o.Stride)
	if room := o.MaxLength - o.MaxQuestionTokens - specials; room <= o.Stride {
		errs = append(errs, fmt.Errorf("MaxLength %d leaves %d passage tokens after a %d-token question and %d special tokens: must exceed Stride %d",
			o.MaxLength, room, o.MaxQuestionTokens, specials, o.Stride))
	}
	if len(errs) > 0 {
		return fmt.Errorf("reader: invalid options: %w", errors.Join(errs...))
	}
	return nil
}
