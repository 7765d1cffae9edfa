//go:build !unix

package worklock

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("would block")

// flock is a no-op where flock(2) does not exist.
func flock(*os.File) error { return nil }
