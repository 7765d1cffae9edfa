package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/policyqa/policyqa/eval"
	"github.com/policyqa/policyqa/reader"
)

const evalUsage = `usage: policyqa eval korquad --file KorQuAD_v1.0_dev.json [--split all|train|heldout] [--model DIR] [flags]

Scores extractive QA as the official KorQuAD 1.0 evaluation does (EM and
character-level F1, in percent) and prints one JSON line. The split is fixed:
article titles sorted, every fifth article held out. Without --model a
reader-less baseline answers (--baseline sentence|span|extract).
`

// evalResult is the JSON line policyqa eval korquad prints.
type evalResult struct {
	eval.Result
	Model     string `json:"model,omitempty"`
	MaxLength int    `json:"max_length,omitempty"`
}

// runEval implements "policyqa eval".
func runEval(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "korquad" {
		fmt.Fprint(stderr, evalUsage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return nil
		}
		return fmt.Errorf("%w: eval: want a benchmark name: korquad", errUsage)
	}
	fs := flag.NewFlagSet("eval korquad", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(fs.Output(), evalUsage); fs.PrintDefaults() }
	file := fs.String("file", "", "KorQuAD 1.0 JSON file (required)")
	splitName := fs.String("split", "heldout", "articles to score: all, train or heldout")
	modelDir := fs.String("model", "", "reader model directory (model.onnx or model_quantized.onnx + tokenizer.json); empty: baseline")
	modelFile := fs.String("model-file", "", "model file inside --model (default: model.onnx, then model_quantized.onnx)")
	baseline := fs.String("baseline", "span", "reader-less baseline without --model: sentence, span (words next to the question's) or extract (serve's reader-less answer)")
	limit := fs.Int("limit", 0, "score only the first N questions of the split (0: all)")
	maxLen := fs.Int("max-length", 0, "reader window length in tokens (0: reader default)")
	stride := fs.Int("stride", 0, "reader window overlap in tokens (0: reader default)")
	threads := fs.Int("threads", 0, "ONNX Runtime intra-op threads (0: runtime default)")
	batch := fs.Int("batch", 0, "reader windows per session run (0: reader default)")
	verbose := fs.Bool("v", false, "log progress to stderr")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *file == "" {
		fs.Usage()
		return fmt.Errorf("%w: eval korquad: --file is required", errUsage)
	}
	split, err := eval.ParseSplit(*splitName)
	if err != nil {
		return err
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelInfo
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	ds, err := eval.ReadDatasetFile(*file)
	if err != nil {
		return err
	}
	arts := eval.Select(ds.Data, split)

	var pred eval.Predictor
	out := evalResult{}
	if *modelDir == "" {
		var b eval.Baseline
		switch *baseline {
		case "sentence":
			b.Mode = eval.BaselineSentence
		case "span":
			b.Mode = eval.BaselineSpan
		case "extract":
			b.Mode = eval.BaselineExtract
		default:
			return fmt.Errorf("eval korquad: unknown --baseline %q (want sentence, span or extract)", *baseline)
		}
		pred = b
		out.Predictor = "baseline-" + *baseline
	} else {
		r, err := reader.New(reader.Options{
			ModelDir: *modelDir, ModelFile: *modelFile, MaxLength: *maxLen, Stride: *stride,
			IntraOpThreads: *threads, BatchSize: *batch, Logger: log,
		})
		if err != nil {
			return fmt.Errorf("eval korquad: %w", err)
		}
		defer r.Close()
		pred = readerPredictor{r: r}
		out.Predictor = "reader"
		out.Model = *modelDir
		out.MaxLength = *maxLen
		if out.MaxLength == 0 {
			out.MaxLength = reader.DefaultMaxLength
		}
	}
	res, err := eval.Evaluate(ctx, arts, pred, eval.Options{Limit: *limit, Logger: log})
	if err != nil {
		return err
	}
	res.Split, res.Predictor = split.String(), out.Predictor
	out.Result = res
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// readerPredictor answers with the reader's best span in the paragraph.
type readerPredictor struct{ r reader.Reader }

// Predict implements eval.Predictor.
func (p readerPredictor) Predict(ctx context.Context, question, context string) (string, error) {
	spans, err := p.r.Answer(ctx, question, []string{context}, 1)
	if err != nil {
		return "", err
	}
	if len(spans) == 0 {
		return "", nil
	}
	return strings.TrimSpace(spans[0].Text), nil
}
