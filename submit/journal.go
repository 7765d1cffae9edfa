package submit

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"
)

// Mission identifies one mission: the answers of one problem sheet sent to
// one answer URL as one team. A journal belongs to exactly one mission.
type Mission struct {
	URL    string
	TeamID string
	Hash   string
	// Sheet is the hex SHA-256 of the problem sheet's bytes.
	Sheet string
}

// ID is a digest of all four fields (the hash is a secret and is never
// written to the journal itself).
func (m Mission) ID() string {
	h := sha256.New()
	for _, f := range []string{m.URL, m.TeamID, m.Hash, m.Sheet} {
		fmt.Fprintf(h, "%d:%s\x00", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))[:24]
}

// SheetDigest returns the hex SHA-256 of data (the problem sheet's bytes).
func SheetDigest(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// Made says how an answer was made.
type Made string

const (
	// Solved answers came from a solver.
	Solved Made = "solved"
	// Failed answers are the well-formed empty answer sent because solving
	// failed or ran out of time.
	Failed Made = "failed"
)

// Outcome is the server's verdict on a delivered message.
type Outcome string

const (
	// Accepted: HTTP 2xx with status "OK" to the POST that carried it.
	Accepted Outcome = "accepted"
	// Rejected: the server read the message and refused it in the protocol
	// (status other than "OK"). Sending it again cannot change that.
	Rejected Outcome = "rejected"
)

// Entry is what a journal knows about one problem (or the mission's end).
type Entry struct {
	ProblemNo string
	Made      Made
	Reason    string  // why solving failed, for Failed answers
	Message   Message // the answer as handed over for delivery
	Outcome   Outcome // "" until the server gave a verdict
	Status    string  // the server's reply
	Msg       string
	// MaybeDuplicate marks a refusal that may be the server turning away a
	// second copy of an answer it had already taken (an earlier attempt
	// timed out, or an earlier process died before journaling the reply).
	MaybeDuplicate bool
	At             time.Time
	// Earlier is set for entries read from the file (an earlier process).
	Earlier bool
}

// record is one line of the journal file.
type record struct {
	Type           string    `json:"type"` // mission, answer, reply, end
	At             time.Time `json:"at"`
	Mission        string    `json:"mission,omitempty"`
	URL            string    `json:"url,omitempty"`
	TeamID         string    `json:"team_id,omitempty"`
	Sheet          string    `json:"sheet_sha256,omitempty"`
	ProblemNo      string    `json:"problem_no,omitempty"`
	Made           Made      `json:"made,omitempty"`
	Reason         string    `json:"reason,omitempty"`
	Message        *stored   `json:"message,omitempty"`
	Outcome        Outcome   `json:"outcome,omitempty"`
	Status         string    `json:"status,omitempty"`
	Msg            string    `json:"msg,omitempty"`
	MaybeDuplicate bool      `json:"maybe_duplicate,omitempty"`
}

// stored is an answer message without team_id and hash.
type stored struct {
	TaskNo   string          `json:"task_no"`
	Answer   json.RawMessage `json:"answer"`
	Evidence json.RawMessage `json:"evidence,omitempty"`
}

// Journal records, for one mission, every answer handed over for delivery
// (with how it was made) and every verdict of the server, so that a re-run
// of an unfinished mission sends only what the server has not judged, and
// a finished mission is recognised. The file is JSON lines: a "mission"
// header, then "answer", "reply" and "end" records; each line is written
// and synced before the step it records is taken further. The team's hash
// is not stored (answers are stored without team_id and hash).
//
// A Journal with no file (NewMemoryJournal) keeps the same books for one
// process only. Journal is safe for concurrent use.
type Journal struct {
	mu       sync.Mutex
	mission  Mission
	path     string
	f        *os.File
	answers  map[string]Entry
	order    []string
	replies  map[string]Entry
	end      *Entry
	earlier  bool
	skipped  int
	writeErr error
}

// JournalPath is the file of mission m's journal in dir.
func JournalPath(dir string, m Mission) string {
	return filepath.Join(dir, "mission-"+m.ID()+".jsonl")
}

// NewMemoryJournal returns a journal that is not written anywhere.
func NewMemoryJournal(m Mission) *Journal {
	return &Journal{mission: m, answers: map[string]Entry{}, replies: map[string]Entry{}}
}

// OpenJournal opens (creating dir and the file when needed) the journal of
// mission m in dir and loads what earlier runs recorded. Lines that cannot
// be read (a line cut short when a process was killed) are skipped and
// counted (Skipped).
func OpenJournal(dir string, m Mission) (*Journal, error) {
	j := NewMemoryJournal(m)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j.path = JournalPath(dir, m)
	if f, err := os.Open(j.path); err == nil {
		err := j.load(f)
		f.Close()
		if err != nil {
			return nil, err
		}
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("journal: %w", err)
	}
	f, err := os.OpenFile(j.path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	j.f = f
	if st, err := f.Stat(); err == nil && st.Size() == 0 {
		if err := j.write(record{Type: "mission", Mission: m.ID(), URL: m.URL, TeamID: m.TeamID, Sheet: m.Sheet}); err != nil {
			f.Close()
			return nil, err
		}
	}
	return j, nil
}

func (j *Journal) load(f io.Reader) error {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	first := true
	for sc.Scan() {
		var r record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			j.skipped++
			continue
		}
		if first {
			first = false
			if r.Type != "mission" || r.Mission != j.mission.ID() {
				return fmt.Errorf("journal %s belongs to another mission (%s)", j.path, r.Mission)
			}
			continue
		}
		e := Entry{ProblemNo: r.ProblemNo, Made: r.Made, Reason: r.Reason, Outcome: r.Outcome, Status: r.Status, Msg: r.Msg, MaybeDuplicate: r.MaybeDuplicate, At: r.At, Earlier: true}
		if r.Message != nil {
			e.Message = Message{TeamID: j.mission.TeamID, Hash: j.mission.Hash, ProblemNo: r.ProblemNo, TaskNo: r.Message.TaskNo, Answer: r.Message.Answer, Evidence: r.Message.Evidence}
		}
		switch r.Type {
		case "answer":
			if r.Message == nil || r.ProblemNo == "" {
				j.skipped++
				continue
			}
			j.putAnswer(e)
			j.earlier = true
		case "reply":
			j.replies[r.ProblemNo] = e
			j.earlier = true
		case "end":
			j.end = &e
		default:
			j.skipped++
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("journal %s: %w", j.path, err)
	}
	return nil
}

func (j *Journal) putAnswer(e Entry) {
	if _, ok := j.answers[e.ProblemNo]; !ok {
		j.order = append(j.order, e.ProblemNo)
	}
	j.answers[e.ProblemNo] = e
}

// write appends one record and syncs it. Callers hold j.mu (or own j).
func (j *Journal) write(r record) error {
	if j.f == nil {
		return nil
	}
	if r.At.IsZero() {
		r.At = time.Now().UTC()
	}
	line, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		if j.writeErr == nil {
			j.writeErr = err
		}
		return fmt.Errorf("journal: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	return nil
}

// Path is the journal's file ("" for a memory journal).
func (j *Journal) Path() string { return j.path }

// Mission is the journal's mission.
func (j *Journal) Mission() Mission { return j.mission }

// Resumed reports whether an earlier run recorded answers or replies.
func (j *Journal) Resumed() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.earlier
}

// Skipped is the number of unreadable lines skipped when loading.
func (j *Journal) Skipped() int { return j.skipped }

// Ended returns the accepted end_of_mission, if there was one.
func (j *Journal) Ended() (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.end == nil {
		return Entry{}, false
	}
	return *j.end, true
}

// Verdict returns the server's verdict on a problem's answer, if any.
func (j *Journal) Verdict(problemNo string) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.replies[problemNo]
	return e, ok
}

// Answer returns the latest answer handed over for a problem, if any.
func (j *Journal) Answer(problemNo string) (Entry, bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	e, ok := j.answers[problemNo]
	return e, ok
}

// Verdicts returns every verdict, by problem number.
func (j *Journal) Verdicts() []Entry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := make([]Entry, 0, len(j.replies))
	for _, e := range j.replies {
		out = append(out, e)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].ProblemNo < out[b].ProblemNo })
	return out
}

// addAnswer records an answer before it is sent.
func (j *Journal) addAnswer(e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.putAnswer(e)
	m := &stored{TaskNo: e.Message.TaskNo, Answer: e.Message.Answer, Evidence: e.Message.Evidence}
	return j.write(record{Type: "answer", ProblemNo: e.ProblemNo, Made: e.Made, Reason: e.Reason, Message: m})
}

// addReply records the server's verdict on a problem's answer.
func (j *Journal) addReply(e Entry) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if a, ok := j.answers[e.ProblemNo]; ok {
		e.Made, e.Reason = a.Made, a.Reason
	}
	e.At = time.Now().UTC()
	j.replies[e.ProblemNo] = e
	return j.write(record{Type: "reply", ProblemNo: e.ProblemNo, Made: e.Made, Outcome: e.Outcome, Status: e.Status, Msg: e.Msg, MaybeDuplicate: e.MaybeDuplicate, At: e.At})
}

// addEnd records the accepted end_of_mission.
func (j *Journal) addEnd(resp Response) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	e := Entry{Outcome: Accepted, Status: resp.Status, Msg: resp.Msg, At: time.Now().UTC()}
	j.end = &e
	return j.write(record{Type: "end", Outcome: Accepted, Status: resp.Status, Msg: resp.Msg, At: e.At})
}

// Close closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return nil
	}
	err := j.f.Close()
	j.f = nil
	return err
}
