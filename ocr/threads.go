package ocr

import (
	"fmt"
	"os"
	"syscall"
)

// ThreadLimitSet reports whether OMP_THREAD_LIMIT is set in the
// environment.
func ThreadLimitSet() bool { return os.Getenv("OMP_THREAD_LIMIT") != "" }

// ReexecWithThreadLimit replaces the running program with itself, same
// arguments, with OMP_THREAD_LIMIT=1 added to the environment, unless it is
// set already (then it returns nil at once). libgomp, which tesseract
// uses, reads the variable when the process starts; measured on one
// 200-dpi page: 2.3 CPU-s with the limit against 6.8 without (OpenMP
// threads spinning). Call it first thing in main (or TestMain), before
// any goroutine does work. It returns only on failure.
func ReexecWithThreadLimit() error {
	if ThreadLimitSet() {
		return nil
	}
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("ocr: re-exec: %w", err)
	}
	env := append(os.Environ(), "OMP_THREAD_LIMIT=1")
	if err := syscall.Exec(exe, os.Args, env); err != nil {
		return fmt.Errorf("ocr: re-exec %s: %w", exe, err)
	}
	return nil
}
