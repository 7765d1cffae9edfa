// Package worklock keeps two processes from using one work folder at once.
//
// Acquire takes an exclusive, non-blocking flock(2) on DIR/.lock (or, when
// the folder cannot be written, on the folder itself). The kernel drops the
// lock when the process exits, however it exits (SIGKILL included), so a
// stale lock file never blocks a later run.
package worklock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ErrHeld is returned (wrapped, with the holder's pid when known) when
// another process holds the lock.
var ErrHeld = errors.New("work folder is in use by another run")

// Lock is a held lock; Release gives it back.
type Lock struct {
	f *os.File
}

// Acquire locks dir for this process. It fails at once with ErrHeld when
// another process holds it.
func Acquire(dir string) (*Lock, error) {
	path := filepath.Join(dir, ".lock")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	writable := err == nil
	if err != nil {
		// A read-only folder: lock the folder itself.
		if f, err = os.Open(dir); err != nil {
			return nil, fmt.Errorf("lock %s: %w", dir, err)
		}
	}
	if err := flock(f); err != nil {
		defer f.Close()
		if errors.Is(err, errWouldBlock) {
			holder := ""
			if data, rerr := os.ReadFile(path); rerr == nil {
				if pid, perr := strconv.Atoi(strings.TrimSpace(string(data))); perr == nil {
					holder = fmt.Sprintf(" (pid %d)", pid)
				}
			}
			return nil, fmt.Errorf("%s%s: %w", dir, holder, ErrHeld)
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if writable {
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// Release unlocks (closing the file drops the flock).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}
