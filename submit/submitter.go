package submit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
)

// Submitter sends answers through a primary sink (HTTP, or a file when no
// URL is set), copies them to optional extra sinks, and keeps a journal.
type Submitter struct {
	Primary Sink
	Copies  []Sink
	Logger  *slog.Logger

	mu      sync.Mutex
	journal *os.File
	done    map[string]bool
	stats   Stats
}

// Stats counts what happened.
type Stats struct {
	Sent, Accepted, Rejected, Failed, Skipped int
}

// journalEntry is one accepted answer.
type journalEntry struct {
	TeamID    string `json:"team_id"`
	Hash      string `json:"hash"`
	ProblemNo string `json:"problem_no"`
}

// OpenJournal loads (and then appends to) a journal file of accepted
// answers; answers already there are skipped by Submit.
func (s *Submitter) OpenJournal(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.done = map[string]bool{}
	if f, err := os.Open(path); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var e journalEntry
			if json.Unmarshal(sc.Bytes(), &e) == nil && e.ProblemNo != "" {
				s.done[journalKey(e.TeamID, e.Hash, e.ProblemNo)] = true
			}
		}
		f.Close()
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	s.journal = f
	return nil
}

func journalKey(team, hash, no string) string { return team + "\x00" + hash + "\x00" + no }

// Done reports whether the journal already holds an accepted answer.
func (s *Submitter) Done(team, hash, problemNo string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.done[journalKey(team, hash, problemNo)]
}

// Submit sends one message. An ERROR reply is logged and returned as an
// error; the caller goes on with the next problem.
func (s *Submitter) Submit(ctx context.Context, m Message) (Response, error) {
	log := s.logger()
	if !m.IsEnd() && s.Done(m.TeamID, m.Hash, m.ProblemNo) {
		s.count(func(st *Stats) { st.Skipped++ })
		log.Info("already accepted in an earlier run; not sent again", "problem_no", m.ProblemNo)
		return Response{Status: "OK", Msg: "already accepted (journal)"}, nil
	}
	for _, c := range s.Copies {
		if _, err := c.Send(ctx, m); err != nil {
			log.Error("copy of message failed", "err", err)
		}
	}
	s.count(func(st *Stats) { st.Sent++ })
	resp, err := s.Primary.Send(ctx, m)
	if err != nil {
		s.count(func(st *Stats) { st.Failed++ })
		log.Error("submission failed", "what", describe(m), "err", err)
		return resp, err
	}
	if !resp.OK() {
		s.count(func(st *Stats) { st.Rejected++ })
		log.Error("server rejected answer", "what", describe(m), "status", resp.Status, "msg", resp.Msg)
		return resp, fmt.Errorf("%s: server said %s: %s", describe(m), resp.Status, resp.Msg)
	}
	s.count(func(st *Stats) { st.Accepted++ })
	log.Debug("accepted", "what", describe(m), "msg", resp.Msg)
	if !m.IsEnd() {
		s.record(m)
	}
	return resp, nil
}

func (s *Submitter) record(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done != nil {
		s.done[journalKey(m.TeamID, m.Hash, m.ProblemNo)] = true
	}
	if s.journal == nil {
		return
	}
	line, _ := json.Marshal(journalEntry{TeamID: m.TeamID, Hash: m.Hash, ProblemNo: m.ProblemNo})
	if _, err := s.journal.Write(append(line, '\n')); err != nil {
		s.logger().Error("journal write failed", "err", err)
	}
}

func (s *Submitter) count(f func(*Stats)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.stats)
}

// Stats returns the counts so far.
func (s *Submitter) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// Close closes the journal.
func (s *Submitter) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		err := s.journal.Close()
		s.journal = nil
		return err
	}
	return nil
}

func (s *Submitter) logger() *slog.Logger {
	if s.Logger != nil {
		return s.Logger
	}
	return slog.New(slog.DiscardHandler)
}
