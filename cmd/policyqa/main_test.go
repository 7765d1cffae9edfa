package main

import (
	"encoding/json"
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
	// Tests of signals and resumption run this binary as policyqa itself
	// (POLICYQA_TEST_MAIN holds the arguments, as JSON).
	if args := os.Getenv("POLICYQA_TEST_MAIN"); args != "" {
		var a []string
		if err := json.Unmarshal([]byte(args), &a); err != nil {
			panic(err)
		}
		os.Exit(runMain(a, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
