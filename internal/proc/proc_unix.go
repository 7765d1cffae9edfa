//go:build unix

// Package proc reads process and machine figures that benchmarks print
// beside wall times: on a shared machine CPU time is the steadier measure,
// and the load average says how shared it was.
package proc

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU returns the CPU time (user + system, all threads, native libraries'
// included) the process has used so far, or 0 where unknown.
func CPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// LoadAvg returns the one-minute load average, or 0 where unknown.
func LoadAvg() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	v, _ := strconv.ParseFloat(f[0], 64)
	return v
}
