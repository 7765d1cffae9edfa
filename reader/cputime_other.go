//go:build !unix

package reader

import "time"

// ProcessCPU returns 0: process CPU time is not read on this platform.
func ProcessCPU() time.Duration { return 0 }
