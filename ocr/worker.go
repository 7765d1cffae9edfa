//go:build !notesseract

package ocr

import (
	"context"
	"encoding/gob"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/otiai10/gosseract/v2"
)

// A worker process runs one tesseract client for the pool of a parent
// process (Options.Worker). The parent starts it with WorkerCommand, and
// they speak gob over two pipes, the worker's file descriptors 3
// (requests) and 4 (replies): a workerHello and a workerReady, then one
// workerRequest and one workerReply per image. A worker that dies while
// reading an image (tesseract and leptonica are C++ and C: a crash there
// cannot be recovered in Go) fails that image only, with ErrWorkerCrashed;
// the parent starts a new worker for the next image.

// WorkerMain runs the worker end of the pipes on file descriptors 3 and 4
// until the parent closes them, and returns the exit code: 0, or 1 after
// a protocol error (written to stderr).
func WorkerMain() int { return workerMain(workerHooks{}) }

func workerMain(h workerHooks) int {
	in, out := os.NewFile(3, "ocr-requests"), os.NewFile(4, "ocr-replies")
	if in == nil || out == nil {
		fmt.Fprintln(os.Stderr, "ocr worker: file descriptors 3 and 4 must be the request and reply pipes")
		return 1
	}
	if err := serveWorker(in, out, h); err != nil {
		fmt.Fprintln(os.Stderr, "ocr worker:", err)
		return 1
	}
	return 0
}

// serveWorker answers requests with one tesseract client.
func serveWorker(in io.Reader, out io.Writer, h workerHooks) error {
	dec, enc := gob.NewDecoder(in), gob.NewEncoder(out)
	var hello workerHello
	if err := dec.Decode(&hello); err != nil {
		return fmt.Errorf("reading hello: %w", err)
	}
	cs, err := newClientSet(hello.Languages, hello.TessdataPrefix)
	var ready workerReady
	if err != nil {
		ready.Err = err.Error()
	}
	if err := enc.Encode(ready); err != nil || cs == nil {
		return errors.Join(err, errors.New(ready.Err))
	}
	defer cs.close()
	for {
		var req workerRequest
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return fmt.Errorf("reading request: %w", err)
		}
		if h.beforeRecognize != nil {
			h.beforeRecognize(&req)
		}
		var rep workerReply
		var words []tessWord
		c, err := cs.get(req.Languages)
		if err == nil {
			words, err = recognize(c, req.PGM, req.PSM, req.Whitelist)
		}
		if err != nil {
			rep.Err = err.Error()
		}
		for _, w := range words {
			rep.Words = append(rep.Words, wireWord{Text: w.text, X0: w.box.Min.X, Y0: w.box.Min.Y, X1: w.box.Max.X, Y1: w.box.Max.Y,
				Conf: w.conf, Block: w.block, Par: w.par, Line: w.line})
		}
		if err := enc.Encode(rep); err != nil {
			return fmt.Errorf("writing reply: %w", err)
		}
	}
}

// newClient makes a tesseract client for the languages.
func newClient(langs []string, prefix string) (*gosseract.Client, error) {
	c := gosseract.NewClient()
	if prefix != "" {
		if err := c.SetTessdataPrefix(prefix); err != nil {
			c.Close()
			return nil, fmt.Errorf("ocr: tessdata prefix: %w", err)
		}
	}
	if err := c.SetLanguage(langs...); err != nil {
		c.Close()
		return nil, fmt.Errorf("ocr: tesseract languages: %w", err)
	}
	return c, nil
}

// procClient is the parent's end of one worker process, started when the
// first image comes and again after a crash. It is used by one pool
// goroutine at a time.
type procClient struct {
	cmd   WorkerCommand
	hello workerHello

	mu     sync.Mutex // guards p and exited against cpu()
	p      *proc
	exited time.Duration // CPU time of the workers that have ended
}

// setProc replaces the running worker (nil: none), counting the CPU time
// of the one that ended.
func (c *procClient) setProc(p *proc) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if old := c.p; old != nil && old != p {
		select {
		case <-old.done:
			if st := old.cmd.ProcessState; st != nil {
				if ru, ok := st.SysUsage().(*syscall.Rusage); ok {
					c.exited += time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
				}
			}
		default:
		}
	}
	c.p = p
}

// cpu is the CPU time of this client's workers so far.
func (c *procClient) cpu() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	d := c.exited
	if c.p != nil {
		d += procCPU(c.p.cmd.Process.Pid)
	}
	return d
}

// procCPU reads a live process's user and system time from
// /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s); 0 where
// unreadable.
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	f := strings.Fields(s)
	// After the command name: state is field 3, utime 14, stime 15.
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+st) * 10 * time.Millisecond
}

type proc struct {
	cmd    *exec.Cmd
	reqW   *os.File
	respR  *os.File
	enc    *gob.Encoder
	dec    *gob.Decoder
	stderr *stderrLog
	done   chan struct{} // closed when the process has exited
	err    error         // its exit status, set before done is closed
}

// startTimeout bounds a worker's start (loading the models takes about
// half a second).
const startTimeout = 2 * time.Minute

func (c *procClient) start(ctx context.Context) (*proc, error) {
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("ocr: worker pipe: %w", err)
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		reqR.Close()
		reqW.Close()
		return nil, fmt.Errorf("ocr: worker pipe: %w", err)
	}
	p := &proc{reqW: reqW, respR: respR, stderr: &stderrLog{max: 4 << 10}, done: make(chan struct{})}
	cmd := exec.Command(c.cmd.Path, c.cmd.Args...)
	cmd.Env = append(append(os.Environ(), c.cmd.Env...), "OMP_THREAD_LIMIT=1")
	cmd.ExtraFiles = []*os.File{reqR, respW}
	cmd.Stdout, cmd.Stderr = p.stderr, p.stderr
	// Its own process group: a Ctrl-C at the terminal goes to the parent,
	// which stops its workers by closing their pipes.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	err = cmd.Start()
	reqR.Close()
	respW.Close()
	if err != nil {
		reqW.Close()
		respR.Close()
		return nil, fmt.Errorf("ocr: starting worker %s: %w", c.cmd.Path, err)
	}
	p.cmd = cmd
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	p.enc, p.dec = gob.NewEncoder(reqW), gob.NewDecoder(respR)
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	var ready workerReady
	err = p.exchange(ctx, c.hello, &ready)
	if err == nil && ready.Err != "" {
		err = errors.New(ready.Err)
	}
	if err != nil {
		p.stop()
		return nil, fmt.Errorf("ocr: starting worker: %w%s", err, p.stderr.suffix())
	}
	return p, nil
}

// exchange sends msg and decodes the reply into reply. When ctx ends
// first, or the pipes break, the process is killed and reaped.
func (p *proc) exchange(ctx context.Context, msg, reply any) error {
	ch := make(chan error, 1)
	go func() {
		if err := p.enc.Encode(msg); err != nil {
			ch <- err
			return
		}
		ch <- p.dec.Decode(reply)
	}()
	select {
	case err := <-ch:
		if err != nil {
			p.kill()
			<-p.done
			return fmt.Errorf("%w (%v)", ErrWorkerCrashed, exitStatus(p.err, err))
		}
		return nil
	case <-ctx.Done():
		p.kill()
		<-ch
		<-p.done
		return fmt.Errorf("ocr: %w", ctx.Err())
	}
}

func exitStatus(waitErr, ioErr error) string {
	if waitErr != nil {
		return waitErr.Error()
	}
	return "pipe: " + ioErr.Error()
}

func (p *proc) kill() {
	p.cmd.Process.Kill()
	p.reqW.Close()
	p.respR.Close()
}

// stop closes the request pipe, which ends the worker, and kills it when
// it has not exited within a few seconds.
func (p *proc) stop() {
	p.reqW.Close()
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		p.cmd.Process.Kill()
		<-p.done
	}
	p.respR.Close()
}

// recognize sends one image to the worker, starting one when needed.
func (c *procClient) recognize(ctx context.Context, cl call) ([]tessWord, error) {
	if c.p == nil {
		p, err := c.start(ctx)
		if err != nil {
			return nil, err
		}
		c.setProc(p)
	}
	var rep workerReply
	c.p.stderr.reset()
	if err := c.p.exchange(ctx, workerRequest{PGM: cl.pgm, PSM: cl.psm, Whitelist: cl.wl, Languages: cl.langs}, &rep); err != nil {
		tail := c.p.stderr.suffix()
		c.setProc(nil)
		if errors.Is(err, ErrWorkerCrashed) {
			return nil, fmt.Errorf("%w reading image %s%s", err, cl.id, tail)
		}
		return nil, err
	}
	if rep.Err != "" {
		return nil, errors.New(rep.Err)
	}
	words := make([]tessWord, 0, len(rep.Words))
	for _, w := range rep.Words {
		words = append(words, tessWord{text: w.Text, box: image.Rect(w.X0, w.Y0, w.X1, w.Y1), conf: w.Conf,
			block: w.Block, par: w.Par, line: w.Line})
	}
	return words, nil
}

func (c *procClient) close() {
	if c.p != nil {
		c.p.stop()
		c.setProc(nil)
	}
}

// stderrLog keeps the first max bytes a worker writes to stderr since the
// last reset (the start of the current image): where a crash report
// begins ("Image too large", "fatal error: unexpected signal", "SIGSEGV").
type stderrLog struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *stderrLog) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if n := t.max - len(t.b); n > 0 {
		t.b = append(t.b, p[:min(n, len(p))]...)
	}
	return len(p), nil
}

func (t *stderrLog) reset() {
	t.mu.Lock()
	t.b = t.b[:0]
	t.mu.Unlock()
}

// suffix is "; worker stderr: " and the first lines written since the
// reset, or "".
func (t *stderrLog) suffix() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.SplitN(strings.TrimSpace(strings.ToValidUTF8(string(t.b), "?")), "\n", 4)
	s := strings.Join(lines[:min(len(lines), 3)], " | ")
	if s == "" {
		return ""
	}
	return "; worker stderr: " + s
}
