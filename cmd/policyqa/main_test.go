package main

import (
	"os"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

func TestMain(m *testing.M) {
	// Tests that run or serve a dataset start OCR worker processes: this
	// test binary again, with ocr.WorkerArg, as main does.
	if ocr.IsWorkerCall(os.Args) {
		os.Exit(ocr.WorkerMain())
	}
	os.Exit(m.Run())
}
