//go:build !unix

// Package proc reads process and machine figures that benchmarks print
// beside wall times; on this platform they are not read.
package proc

import "time"

// CPU returns 0: process CPU time is not read on this platform.
func CPU() time.Duration { return 0 }

// LoadAvg returns 0: the load average is not read on this platform.
func LoadAvg() float64 { return 0 }
