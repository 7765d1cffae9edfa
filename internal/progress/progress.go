// Package progress reports long work: a bar on a terminal, log lines elsewhere.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"
	"time"
)

// Progress reports long work: a bar redrawn in place on a terminal,
// periodic log lines otherwise.
type Progress struct {
	name   string
	total  int
	w      io.Writer // non-nil when drawing a bar
	logger *slog.Logger
	every  time.Duration

	mu    sync.Mutex
	done  int
	start time.Time
	last  time.Time
}

// New starts a progress report. out is the terminal to draw on
// (usually os.Stderr); when it is not a terminal, lines go to logger.
func New(name string, total int, out io.Writer, logger *slog.Logger) *Progress {
	p := &Progress{name: name, total: total, logger: logger, every: 5 * time.Second, start: time.Now()}
	if f, ok := out.(*os.File); ok && isTerminal(f) {
		p.w = out
	}
	p.last = p.start
	return p
}

func isTerminal(f *os.File) bool {
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// Add records n more items done.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done += n
	now := time.Now()
	switch {
	case p.w != nil:
		const width = 30
		fill := 0
		if p.total > 0 {
			fill = width * p.done / p.total
		}
		fmt.Fprintf(p.w, "\r%-10s [%s%s] %d/%d %s", p.name, strings.Repeat("=", fill), strings.Repeat(" ", width-fill), p.done, p.total, now.Sub(p.start).Round(time.Second))
		if p.done >= p.total {
			fmt.Fprintln(p.w)
		}
	case p.logger != nil && (now.Sub(p.last) >= p.every || p.done >= p.total):
		p.last = now
		p.logger.Info("progress", "stage", p.name, "done", p.done, "total", p.total, "elapsed", now.Sub(p.start).Round(time.Millisecond))
	}
}
