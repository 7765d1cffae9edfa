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

// ErrHeld is matched (errors.Is) by the *HeldError Acquire returns when
// another process holds the lock.
var ErrHeld = errors.New("work folder is in use by another policyqa process")

// HeldError says which process holds a work folder: PID and Command as it
// wrote them into DIR/.lock (0 and "" when unknown).
type HeldError struct {
	Dir     string
	PID     int
	Command string
}

func (e *HeldError) Error() string {
	who := ""
	switch {
	case e.PID > 0 && e.Command != "":
		who = fmt.Sprintf(" (pid %d, %s)", e.PID, e.Command)
	case e.PID > 0:
		who = fmt.Sprintf(" (pid %d)", e.PID)
	}
	return fmt.Sprintf("work folder %s is in use by another policyqa process%s; wait for it to end, stop it, or give another --work", e.Dir, who)
}

func (e *HeldError) Is(target error) bool { return target == ErrHeld }

// Lock is a held lock; Release gives it back.
type Lock struct {
	f *os.File
}

// Acquire locks dir for this process. It fails at once, with a *HeldError
// (errors.Is ErrHeld) naming the holder, when another process holds it.
// The lock file records this process's pid and command ("policyqa
// serve"), for the next one to name.
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
			he := &HeldError{Dir: dir}
			if data, rerr := os.ReadFile(path); rerr == nil {
				pid, cmd, _ := strings.Cut(strings.TrimSpace(string(data)), "\n")
				he.PID, _ = strconv.Atoi(strings.TrimSpace(pid))
				he.Command = strings.TrimSpace(cmd)
			}
			return nil, he
		}
		return nil, fmt.Errorf("lock %s: %w", dir, err)
	}
	if writable {
		f.Truncate(0)
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"+command()+"\n"), 0)
	}
	return &Lock{f: f}, nil
}

// command names this process: the program's base name and its first
// argument (the subcommand), at most 64 bytes.
func command() string {
	if len(os.Args) == 0 {
		return ""
	}
	c := filepath.Base(os.Args[0])
	if len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-") {
		c += " " + os.Args[1]
	}
	if len(c) > 64 {
		c = c[:64]
	}
	return strings.Map(func(r rune) rune {
		if r < ' ' {
			return ' '
		}
		return r
	}, c)
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
