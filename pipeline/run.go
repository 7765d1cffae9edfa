package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/internal/progress"
	"github.com/policyqa/policyqa/internal/worklock"
	"github.com/policyqa/policyqa/ocr"
	"github.com/policyqa/policyqa/retrieval"
	"github.com/policyqa/policyqa/retrieval/opensearch"
	"github.com/policyqa/policyqa/solve"
	"github.com/policyqa/policyqa/submit"
)

// Config is one run of the whole job.
type Config struct {
	Dataset string // dataset root
	WorkDir string // index, journal and caches live here ("" = a temp dir)
	URL     string // $REST_ANSWER_URL; "" writes to OutFile only
	OutFile string // JSON-lines copy of every message ("" = WorkDir/answers.jsonl when URL is empty)
	TeamID  string
	Hash    string
	// ProblemTimeout bounds one problem's solving (default 2 minutes); see
	// boundedSolver for solvers that do not stop in time.
	ProblemTimeout time.Duration
	// DeliveryBudget is how long delivery goes on, once every problem is
	// answered, while no message gets through (submit.DefaultBudget).
	DeliveryBudget time.Duration
	// RequestTimeout bounds one POST (submit.DefaultRequestTimeout).
	RequestTimeout time.Duration
	Logger         *slog.Logger
	Progress       io.Writer // terminal for progress bars (nil: log lines)

	// OCR, when set, reads scanned pages, chart images and figures (see
	// corpus.Options.OCR); the caller closes it.
	OCR   ocr.Engine
	Index retrieval.Options
	// OpenSearch, when set, keeps the passages in an OpenSearch cluster
	// (corpus.Options.OpenSearch).
	OpenSearch *opensearch.Options
	// Reader, when set, is the extractive reader the solvers use.
	Reader solve.Reader
	// Sink overrides the primary sink (tests).
	Sink submit.Sink
	// Solver overrides the solver built from the corpus and index (tests).
	Solver ProblemSolver
	// Clock is the delivery's clock (tests; nil: real time).
	Clock submit.Clock
}

// Summary describes a run.
type Summary struct {
	// Problems on the sheet; Answered: answers handed over for delivery in
	// this run (Failed of them empty because solving failed or timed out);
	// Earlier: problems the server had judged in an earlier run of the
	// mission, not sent again.
	Problems, Answered, Failed, Earlier int
	// Duplicates: sheet entries not answered because they repeat an
	// earlier entry's problem_no (counted in Problems).
	Duplicates int
	// Out is the answers file (the --out copy, or the only destination
	// when there is no answer URL); URL is the answer server ("" when
	// none: nothing was submitted).
	Out, URL string
	// Started: delivery began (before it, a failure sent nothing).
	Started  bool
	Delivery submit.Report
	EndSent  bool
	// AlreadyEnded: the mission's end_of_mission had been accepted before;
	// nothing was solved or sent.
	AlreadyEnded bool
	Interrupted  bool
	Journal      string // the mission's journal file ("" when none)
	Elapsed      time.Duration
}

// NotStartedError is returned when the dataset cannot be read at all (its
// folder or problem sheet is missing, unreadable or not a list of
// problems): no answer can be produced, so nothing is sent, not even
// end_of_mission, and the mission can be run once the dataset is fixed.
type NotStartedError struct {
	Err error // a *dataset.OpenError
}

func (e *NotStartedError) Error() string {
	return e.Err.Error() + "; nothing was sent (the mission has not started)"
}

func (e *NotStartedError) Unwrap() error { return e.Err }

// IncompleteError is returned when the mission was not ended: answers are
// undelivered (the server was unreachable past the budget, or refused to
// take them) or the run was interrupted. A re-run with the same work
// folder resumes the mission.
type IncompleteError struct {
	Undelivered []string // problems without the server's verdict
	Interrupted bool
	Err         error // why end_of_mission was not sent or accepted
}

func (e *IncompleteError) Error() string {
	what := "mission not ended"
	if e.Interrupted {
		what += " (interrupted)"
	}
	if len(e.Undelivered) > 0 {
		what += fmt.Sprintf("; %d answers undelivered: %s", len(e.Undelivered), strings.Join(e.Undelivered, " "))
	}
	return what + "; a re-run with the same --work resumes it: " + e.Err.Error()
}

func (e *IncompleteError) Unwrap() error { return e.Err }

// Run answers every problem of the dataset, delivers each answer once and
// ends the mission once, last, when every answer has the server's verdict.
//
// The work folder is locked (a second run on it fails with
// worklock.ErrHeld) and holds the mission's journal (see submit.Journal):
// a mission is the answer URL, team, hash and problem sheet; a re-run of an
// unfinished mission sends only what the server has not judged (answers
// journaled but unsent are sent as they were; failed ones are solved
// again), and a finished mission is not run again. When the work folder
// cannot be written, Run says so before solving, keeps the index in a
// memory and the journal in memory, and still delivers.
//
// When ctx is cancelled (a signal), solving stops, nothing more is sent,
// end_of_mission is not sent, and Run returns an *IncompleteError.
// Problems whose solving failed or ran out of time get a well-formed empty
// answer and an error in the log; their answers are journaled as Failed.
func Run(ctx context.Context, cfg Config) (sum Summary, err error) {
	start := time.Now()
	defer func() { sum.Elapsed = time.Since(start) }()
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if cfg.ProblemTimeout <= 0 {
		cfg.ProblemTimeout = 2 * time.Minute
	}
	if cfg.WorkDir == "" {
		dir, err := os.MkdirTemp("", "policyqa-")
		if err != nil {
			return sum, fmt.Errorf("work dir: %w", err)
		}
		cfg.WorkDir = dir
	}
	writable := checkWritable(cfg.WorkDir)
	if writable != nil && cfg.URL == "" && cfg.OutFile == "" && cfg.Sink == nil {
		return sum, fmt.Errorf("work folder %s is not writable (%w) and no answer URL is set, so the answers would go nowhere: give a writable --work, --out FILE, or an answer URL", cfg.WorkDir, bareErr(writable))
	}
	if writable != nil {
		log.Error("work folder is not writable: no journal (a re-run cannot tell what was delivered), index in memory; answering anyway", "work", cfg.WorkDir, "err", writable)
	}
	if lock, err := worklock.Acquire(cfg.WorkDir); err == nil {
		defer lock.Release()
	} else if errors.Is(err, worklock.ErrHeld) {
		return sum, err // a *worklock.HeldError naming the holder
	} else {
		log.Warn("work folder not locked", "err", err)
	}

	// A dataset that cannot be read yields no answer: the mission is not
	// started (nothing is sent, not even end_of_mission).
	ds, err := dataset.Open(cfg.Dataset)
	if err != nil {
		return sum, &NotStartedError{Err: err}
	}
	for _, w := range ds.Warnings {
		log.Warn("dataset", "warning", w)
	}
	sheet, serr := os.ReadFile(filepath.Join(cfg.Dataset, "problemsheet.json"))
	if serr != nil {
		sheet = nil
	}
	mission := submit.Mission{URL: cfg.URL, TeamID: cfg.TeamID, Hash: cfg.Hash, Sheet: submit.SheetDigest(sheet)}
	journal := submit.NewMemoryJournal(mission)
	if cfg.URL != "" && writable == nil {
		// The journal only matters when answers go to a server: without
		// one, every run writes its own answers file.
		if j, err := submit.OpenJournal(filepath.Join(cfg.WorkDir, "journal"), mission); err != nil {
			log.Error("journal unusable; keeping it in memory (a re-run cannot tell what was delivered)", "err", err)
		} else {
			journal = j
			sum.Journal = j.Path()
			if n := j.Skipped(); n > 0 {
				log.Warn("journal lines that could not be read were skipped", "journal", j.Path(), "lines", n)
			}
		}
		if _, err := os.Stat(filepath.Join(cfg.WorkDir, "journal.jsonl")); err == nil {
			log.Warn("an old journal.jsonl (which does not say which mission it belongs to) is ignored", "file", filepath.Join(cfg.WorkDir, "journal.jsonl"))
		}
	}
	defer journal.Close()
	if e, ok := journal.Ended(); ok {
		sum.AlreadyEnded = true
		log.Warn("this mission already ended; nothing is solved or sent (remove the journal, or use another --work, to run it again)", "ended_at", e.At, "journal", journal.Path())
		return sum, nil
	}
	if journal.Resumed() {
		log.Info("resuming an unfinished mission", "journal", journal.Path())
	}

	if cfg.OutFile == "" && cfg.URL == "" && cfg.Sink == nil {
		cfg.OutFile = filepath.Join(cfg.WorkDir, "answers.jsonl")
	}
	sum.Out, sum.URL = cfg.OutFile, cfg.URL
	primary, copies, closeSinks, err := newSinks(cfg, journal.Resumed(), log)
	if err != nil {
		return sum, err
	}
	defer closeSinks()
	deliverer := &submit.Deliverer{Sink: primary, Copies: copies, Journal: journal, Logger: log, Budget: cfg.DeliveryBudget, Clock: cfg.Clock}
	deliverer.Start(ctx)
	sum.Started = true

	var problems []string
	var errs []error
	defer func() {
		rep := deliverer.Finish(problems)
		sum.Delivery = rep
		sum.EndSent = rep.EndAccepted
		sum.Interrupted = ctx.Err() != nil
		if !rep.EndAccepted {
			errs = append(errs, &IncompleteError{Undelivered: rep.Undelivered, Interrupted: sum.Interrupted, Err: rep.EndErr})
		}
		err = errors.Join(errs...)
	}()

	workDir := cfg.WorkDir
	if writable != nil {
		workDir = "" // an index in memory
	}
	var solver ProblemSolver = cfg.Solver
	if solver == nil {
		c, err := corpus.Open(ctx, corpus.Options{Dataset: cfg.Dataset, Opened: ds, WorkDir: workDir, OCR: cfg.OCR, Index: cfg.Index, OpenSearch: cfg.OpenSearch, Logger: log, Progress: cfg.Progress})
		if c == nil {
			errs = append(errs, err)
			return sum, nil
		}
		defer c.Close()
		if err != nil {
			errs = append(errs, err)
		}
		ds = c.Dataset()
		// Without an index (it could not be built even in memory), the
		// problems that need none are still answered (solve.ErrNoIndex).
		solver = &solve.Solver{Retriever: c.Retriever(), Docs: c, Refs: c, Reader: cfg.Reader, Logger: log}
	}
	sum.Problems = len(ds.Entries)
	for _, e := range ds.Entries {
		if e.DuplicateOf > 0 {
			sum.Duplicates++
			log.Warn("problem sheet entry repeats an earlier problem_no; only the earlier entry is answered (the protocol takes one answer per problem_no)",
				"entry", e.Index, "problem_no", e.Problem.ProblemNo, "first_entry", e.DuplicateOf)
			continue
		}
		problems = append(problems, e.Problem.ProblemNo)
	}
	bounded := newBoundedSolver(solver, cfg.ProblemTimeout, DefaultMaxOverrun)

	prog := progress.New("solve", len(ds.Entries), cfg.Progress, log)
	for _, e := range ds.Entries {
		if ctx.Err() != nil {
			log.Warn("interrupted: solving stopped, nothing more is sent", "err", ctx.Err())
			break
		}
		p := e.Problem
		if e.DuplicateOf > 0 {
			prog.Add(1)
			continue
		}
		if deliverer.Delivered(p.ProblemNo) {
			sum.Earlier++
			prog.Add(1)
			continue
		}
		if prior, ok := journal.Answer(p.ProblemNo); ok && prior.Earlier && prior.Made == submit.Solved {
			// Solved in an earlier run, its verdict unknown: send it as it was.
			deliverer.Deliver(submit.Delivery{Message: prior.Message, Made: prior.Made})
			sum.Answered++
			prog.Add(1)
			continue
		}
		ans := solve.Empty(p)
		perr := e.Err
		if perr == nil {
			t0 := time.Now()
			ans, perr = bounded.Solve(ctx, p)
			log.Debug("solved", "problem_no", p.ProblemNo, "task", p.TaskNo, "ms", time.Since(t0).Milliseconds(), "err", perr)
		}
		if ctx.Err() != nil {
			log.Warn("interrupted: this problem's answer is not sent", "problem_no", p.ProblemNo)
			break
		}
		made, reason := submit.Solved, ""
		if perr != nil {
			sum.Failed++
			made, reason = submit.Failed, perr.Error()
			ans = solve.Empty(p)
			log.Error("problem not solved; sending an empty answer", "problem_no", p.ProblemNo, "err", perr)
		}
		value, evidence := ans.Wire()
		m, merr := submit.NewAnswer(cfg.TeamID, cfg.Hash, p.ProblemNo, p.TaskNo, value, evidence)
		if merr != nil {
			log.Error("answer not encodable", "problem_no", p.ProblemNo, "err", merr)
			value, evidence = solve.Empty(p).Wire()
			m, _ = submit.NewAnswer(cfg.TeamID, cfg.Hash, p.ProblemNo, p.TaskNo, value, evidence)
			made, reason = submit.Failed, merr.Error()
		}
		deliverer.Deliver(submit.Delivery{Message: m, Made: made, Reason: reason})
		sum.Answered++
		prog.Add(1)
	}
	return sum, nil
}

// bareErr drops the operation and path of a *fs.PathError.
func bareErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// checkWritable reports why dir cannot hold the work files (nil when it can).
func checkWritable(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".probe-")
	if err != nil {
		return err
	}
	name := f.Name()
	f.Close()
	return os.Remove(name)
}

// newSinks returns the primary sink (the answer server, or the answers
// file when no URL is set) and the copies (the --out file).
func newSinks(cfg Config, resumed bool, log *slog.Logger) (submit.Sink, []submit.Sink, func(), error) {
	out := cfg.OutFile
	var fileSink *submit.FileSink
	closeAll := func() {}
	if out != "" {
		fs, err := submit.OpenFileSink(out, resumed)
		if err != nil {
			return nil, nil, nil, err
		}
		fileSink = fs
		closeAll = func() { fs.Close() }
	}
	switch {
	case cfg.Sink != nil:
		if fileSink != nil {
			return cfg.Sink, []submit.Sink{fileSink}, closeAll, nil
		}
		return cfg.Sink, nil, closeAll, nil
	case cfg.URL != "":
		h := submit.NewHTTPSink(cfg.URL, log)
		if cfg.RequestTimeout > 0 {
			h.RequestTimeout = cfg.RequestTimeout
		}
		if fileSink != nil {
			return h, []submit.Sink{fileSink}, closeAll, nil
		}
		return h, nil, closeAll, nil
	default:
		log.Info("no answer URL set; writing messages to file", "file", out)
		return fileSink, nil, closeAll, nil
	}
}

// String is the run's one-line account for the terminal. Without an
// answer URL it says where the answers were written and that nothing was
// submitted; with one, what the server accepted and refused.
// scripts/docker/test.sh reads its first clause ("problems N, answered N
// (empty because solving failed: N)"); change both together.
func (s Summary) String() string {
	if s.AlreadyEnded {
		return fmt.Sprintf("mission already ended (journal %s); nothing solved or sent", s.Journal)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "problems %d, answered %d (empty because solving failed: %d)", s.Problems, s.Answered, s.Failed)
	if s.Duplicates > 0 {
		fmt.Fprintf(&b, ", not answered because their problem_no repeats an earlier entry: %d", s.Duplicates)
	}
	d := s.Delivery
	if s.URL == "" {
		if s.Out != "" {
			fmt.Fprintf(&b, "; no answer URL ($REST_ANSWER_URL or --url): nothing was submitted, %d answers", d.Accepted)
			if s.EndSent {
				b.WriteString(" and end_of_mission")
			}
			fmt.Fprintf(&b, " written to %s", s.Out)
		}
		if n := len(d.Undelivered); n > 0 {
			fmt.Fprintf(&b, ", %d not written", n)
		}
	} else {
		fmt.Fprintf(&b, "; submitted to %s: accepted %d, refused %d", s.URL, d.Accepted, d.Rejected)
		if d.MaybeDuplicate > 0 {
			fmt.Fprintf(&b, " (maybe duplicates %d)", d.MaybeDuplicate)
		}
		fmt.Fprintf(&b, ", undelivered %d", len(d.Undelivered))
		if s.Earlier > 0 {
			fmt.Fprintf(&b, ", delivered in earlier runs %d", s.Earlier)
		}
		if s.EndSent {
			b.WriteString(", end_of_mission accepted")
		} else {
			b.WriteString(", end_of_mission not sent")
		}
		if s.Out != "" {
			fmt.Fprintf(&b, "; a copy of every message in %s", s.Out)
		}
	}
	if s.Interrupted {
		b.WriteString("; interrupted")
	}
	fmt.Fprintf(&b, "; wall %s", s.Elapsed.Round(time.Millisecond))
	return b.String()
}
