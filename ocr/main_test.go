package ocr

import (
	"fmt"
	"os"
	"syscall"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	// The test binary is also the OCR worker of the worker tests
	// (testWorker): started again with WorkerArg.
	if IsWorkerCall(os.Args) {
		os.Exit(workerMain(workerHooks{beforeRecognize: misbehave}))
	}
	if err := ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(m.Run())
}

// Marker images that make the test worker misbehave, by their size as
// tesseract gets it.
const (
	crashMarker = "P5\n13 7\n" // the worker kills itself, as a crash in C++ would end it
	hangMarker  = "P5\n17 7\n" // the worker hangs
)

func misbehave(req *workerRequest) {
	switch string(req.PGM[:min(len(req.PGM), len(crashMarker))]) {
	case crashMarker:
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute)
	case hangMarker:
		time.Sleep(time.Hour)
	}
}
