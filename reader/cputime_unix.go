//go:build unix

package reader

import (
	"syscall"
	"time"
)

// ProcessCPU returns the CPU time (user + system, all threads, ONNX
// Runtime's included) the process has used so far, or 0 where unknown. On a
// shared machine, CPU time per window is a steadier throughput measure than
// wall time.
func ProcessCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
