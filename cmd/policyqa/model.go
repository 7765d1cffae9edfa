package main

import (
	"log/slog"
	"os"
	"path/filepath"

	"github.com/policyqa/policyqa/reader"
)

// bundledModelDir is where a reader model ships beside the binary: the
// Docker image has /opt/policyqa/bin/policyqa and /opt/policyqa/models/ko-reader,
// a checkout has bin/policyqa and models/ko-reader (made by `make model`).
const bundledModelDir = "models/ko-reader"

// resolveModel picks the reader model folder: the --model flag or
// POLICYQA_MODEL when given ("none" turns the reader off), else the bundled
// model beside the executable when one is there, else none.
func resolveModel(flagValue string, log *slog.Logger) string {
	switch flagValue {
	case "none", "off":
		return ""
	case "":
	default:
		return flagValue
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	return bundledModel(exe, log)
}

// bundledModel returns EXE/../../models/ko-reader when it holds a model.
func bundledModel(exe string, log *slog.Logger) string {
	if resolved, err := filepath.EvalSymlinks(exe); err == nil {
		exe = resolved
	}
	dir := filepath.Join(filepath.Dir(filepath.Dir(exe)), bundledModelDir)
	if !reader.HasModel(dir) {
		log.Debug("no bundled reader model", "dir", dir)
		return ""
	}
	log.Info("using the bundled reader model (--model none turns it off)", "dir", dir)
	return dir
}
