package worklock

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHelperHold is the child process: it takes the lock, says so, and
// waits for stdin to close.
func TestHelperHold(t *testing.T) {
	dir := os.Getenv("WORKLOCK_DIR")
	if dir == "" {
		t.Skip("helper process only")
	}
	l, err := Acquire(dir)
	if err != nil {
		os.Stdout.WriteString("error " + err.Error() + "\n")
		os.Exit(3)
	}
	os.Stdout.WriteString("locked\n")
	buf := make([]byte, 1)
	os.Stdin.Read(buf)
	l.Release()
	os.Exit(0)
}

func hold(t *testing.T, dir string) (*exec.Cmd, func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperHold$")
	cmd.Env = append(os.Environ(), "WORKLOCK_DIR="+dir)
	stdin, _ := cmd.StdinPipe()
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 7)
	if n, _ := out.Read(buf); !strings.HasPrefix(string(buf[:n]), "locked") {
		t.Fatalf("child said %q", buf[:n])
	}
	return cmd, func() { stdin.Close(); cmd.Wait() }
}

func TestSecondProcessIsRefused(t *testing.T) {
	dir := t.TempDir()
	cmd, stop := hold(t, dir)
	_, err := Acquire(dir)
	if !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire: %v, want ErrHeld", err)
	}
	if want := fmt.Sprintf("in use by another policyqa process (pid %d, worklock.test)", cmd.Process.Pid); !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not say %q", err, want)
	}
	var he *HeldError
	if !errors.As(err, &he) || he.PID != cmd.Process.Pid || he.Dir != dir {
		t.Errorf("error %#v: want a *HeldError for pid %d", err, cmd.Process.Pid)
	}
	stop()
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after the holder exited: %v", err)
	}
	l.Release()
}

// TestKilledHolderLeavesNoStaleLock: SIGKILL drops the lock.
func TestKilledHolderLeavesNoStaleLock(t *testing.T) {
	dir := t.TempDir()
	cmd, stop := hold(t, dir)
	cmd.Process.Kill()
	stop()
	if _, err := os.Stat(filepath.Join(dir, ".lock")); err != nil {
		t.Fatal(err)
	}
	l, err := Acquire(dir)
	if err != nil {
		t.Fatalf("after SIGKILL: %v", err)
	}
	l.Release()
}
