package main

import (
	"context"
	"log/slog"

	"github.com/policyqa/policyqa/pipeline"
)

// configureOCR wires the OCR engine and chart extraction into the corpus.
func configureOCR(ctx context.Context, cfg *pipeline.Config, log *slog.Logger) error {
	return nil
}
