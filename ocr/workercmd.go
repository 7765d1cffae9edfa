package ocr

import (
	"errors"
	"fmt"
	"os"
)

// WorkerArg is the first argument that makes a program an OCR worker:
// main checks IsWorkerCall(os.Args) first and then runs WorkerMain.
const WorkerArg = "ocr-worker"

// ErrWorkerCrashed marks an image during which the OCR worker process
// died (a crash in tesseract, or killed from outside).
var ErrWorkerCrashed = errors.New("ocr: tesseract worker process died")

// WorkerCommand starts one OCR worker process: a program whose main calls
// WorkerMain when IsWorkerCall(os.Args).
type WorkerCommand struct {
	Path string
	// Args follow the program name; SelfWorker sets WorkerArg.
	Args []string
	// Env is added to the parent's environment (OMP_THREAD_LIMIT=1 is
	// always added: one thread per worker).
	Env []string
}

// SelfWorker is the command that runs the current executable as an OCR
// worker.
func SelfWorker() (*WorkerCommand, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("ocr: worker executable: %w", err)
	}
	return &WorkerCommand{Path: exe, Args: []string{WorkerArg}}, nil
}

// IsWorkerCall reports whether a program was started as an OCR worker
// (args is os.Args).
func IsWorkerCall(args []string) bool { return len(args) > 1 && args[1] == WorkerArg }

// workerHooks let tests make a worker misbehave.
type workerHooks struct {
	// beforeRecognize runs in the worker before each image.
	beforeRecognize func(req *workerRequest)
}

type workerHello struct {
	Languages      []string
	TessdataPrefix string
}

type workerReady struct {
	Err string
}

type workerRequest struct {
	PGM []byte
	PSM int
	// Whitelist restricts the characters read ("" for all; ModeDigits).
	Whitelist string
	// Languages are the models to read with ("kor", "kor+eng"; "" for
	// the hello's).
	Languages string
}

type workerReply struct {
	Words []wireWord
	Err   string
}

type wireWord struct {
	Text                   string
	X0, Y0, X1, Y1         int
	Conf                   float64
	Block, Par, Line, Word int
}
