package grade

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/submit"
)

// Gold is one gold entry.
type Gold struct {
	TaskNo  string   `json:"task_no"`
	Para    string   `json:"para"`
	Answers []string `json:"answers"`
	Answer  string   `json:"answer"`
	DocFile string   `json:"doc_file"`
}

// UnmarshalJSON accepts numbers where strings are expected.
func (g *Gold) UnmarshalJSON(data []byte) error {
	var raw map[string]any
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	str := func(v any) string {
		switch x := v.(type) {
		case string:
			return x
		case nil:
			return ""
		default:
			b, _ := json.Marshal(x)
			return string(b)
		}
	}
	g.TaskNo, g.Para, g.Answer, g.DocFile = str(raw["task_no"]), str(raw["para"]), str(raw["answer"]), str(raw["doc_file"])
	if list, ok := raw["answers"].([]any); ok {
		for _, v := range list {
			g.Answers = append(g.Answers, str(v))
		}
	}
	return nil
}

// LoadGold reads a gold file.
func LoadGold(path string) (map[string]Gold, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("gold: %w", err)
	}
	var g map[string]Gold
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("gold %s: %w", path, err)
	}
	return g, nil
}

// Result is the score of one problem.
type Result struct {
	ProblemNo string
	Task      int
	Score     float64 // MRR, cell accuracy, accuracy or answer recall
	Evidence  float64 // task 4 evidence hit
	Answered  bool
	Note      string
}

// Grader validates and scores messages. It is safe for concurrent use.
type Grader struct {
	gold     map[string]Gold
	problems map[string]dataset.Problem

	mu       sync.Mutex
	results  map[string]Result
	ended    bool
	ends     int
	invalid  int
	messages int
}

// New returns a grader. problems (from the dataset's problem sheet) may be
// nil; with them, task numbers and answer_form keys are checked too.
func New(gold map[string]Gold, problems []dataset.Problem) *Grader {
	g := &Grader{gold: gold, problems: map[string]dataset.Problem{}, results: map[string]Result{}}
	for _, p := range problems {
		g.problems[p.ProblemNo] = p
	}
	return g
}

// Ended reports whether end_of_mission arrived.
func (g *Grader) Ended() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ended
}

// Receive validates and scores one message and returns the protocol reply.
func (g *Grader) Receive(m submit.Message) submit.Response {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.messages++
	reject := func(format string, args ...any) submit.Response {
		g.invalid++
		return submit.Response{Status: "ERROR", Msg: fmt.Sprintf(format, args...)}
	}
	if m.TeamID == "" || m.Hash == "" {
		return reject("team_id and hash are required")
	}
	if m.EndOfMission != "" {
		if m.EndOfMission != "true" {
			return reject(`end_of_mission must be "true"`)
		}
		g.ends++
		if g.ended {
			return reject("end_of_mission already received (%d times)", g.ends)
		}
		g.ended = true
		return submit.Response{Status: "OK", Msg: "end of mission received"}
	}
	if g.ended {
		return reject("problem %s: answer after end_of_mission", m.ProblemNo)
	}
	if m.ProblemNo == "" || m.TaskNo == "" || m.Answer == nil {
		return reject("problem_no, task_no and answer are required")
	}
	gold, ok := g.gold[m.ProblemNo]
	if !ok {
		return reject("unknown problem_no %q", m.ProblemNo)
	}
	if _, dup := g.results[m.ProblemNo]; dup {
		return reject("duplicate answer for problem %s (the first one counts)", m.ProblemNo)
	}
	task := taskOf(gold.TaskNo)
	if p, ok := g.problems[m.ProblemNo]; ok && p.TaskNo != "" {
		task = p.Task()
	}
	if taskOf(m.TaskNo) != task {
		return reject("problem %s is task %d, message says task_no %q", m.ProblemNo, task, m.TaskNo)
	}
	r, err := g.score(m, task, gold)
	r.ProblemNo, r.Task, r.Answered = m.ProblemNo, task, true
	if err != nil {
		r.Score, r.Evidence, r.Note = 0, 0, err.Error()
		g.results[m.ProblemNo] = r
		g.invalid++
		return submit.Response{Status: "ERROR", Msg: fmt.Sprintf("problem %s: %v", m.ProblemNo, err)}
	}
	g.results[m.ProblemNo] = r
	return submit.Response{Status: "OK", Msg: fmt.Sprintf("problem %s received", m.ProblemNo)}
}

func taskOf(s string) int {
	p := dataset.Problem{TaskNo: s}
	return p.Task()
}

func (g *Grader) score(m submit.Message, task int, gold Gold) (Result, error) {
	var r Result
	switch task {
	case dataset.TaskParagraphs:
		var paras []struct {
			Rank      string `json:"rank"`
			Paragraph string `json:"paragraph"`
		}
		if err := json.Unmarshal(m.Answer, &paras); err != nil {
			return r, fmt.Errorf("task 1 answer must be a list of {\"rank\",\"paragraph\"}: %w", err)
		}
		if len(paras) > 3 {
			return r, fmt.Errorf("task 1 answer has %d paragraphs, at most 3 allowed", len(paras))
		}
		for i, p := range paras {
			if ParagraphHit(p.Paragraph, gold.Para) {
				r.Score = 1 / float64(i+1)
				break
			}
		}
	case dataset.TaskForm:
		var rows []dataset.FormRow
		if err := json.Unmarshal(m.Answer, &rows); err != nil {
			return r, fmt.Errorf("task 2 answer must be a list of objects: %w", err)
		}
		if p, ok := g.problems[m.ProblemNo]; ok {
			if len(rows) != len(p.AnswerForm) {
				return r, fmt.Errorf("task 2 answer has %d rows, the form has %d", len(rows), len(p.AnswerForm))
			}
			for i := range rows {
				if strings.Join(rows[i].Keys, "\x00") != strings.Join(p.AnswerForm[i].Keys, "\x00") {
					return r, fmt.Errorf("task 2 row %d keys %q differ from the form's %q", i+1, rows[i].Keys, p.AnswerForm[i].Keys)
				}
			}
		}
		cells := formCells(rows, g.problems[m.ProblemNo].AnswerForm, len(gold.Answers))
		right := 0
		var notes []string
		for i, want := range gold.Answers {
			got, name := "", fmt.Sprintf("cell %d", i+1)
			if i < len(cells) {
				c := cells[i]
				name = fmt.Sprintf("row %d", c.row+1)
				if c.multi {
					name = fmt.Sprintf("row %d %s", c.row+1, c.key)
				}
				if c.row < len(rows) {
					got = rows[c.row].Values[c.key]
				}
			}
			if ValueEqual(got, want, 0) {
				right++
			} else {
				notes = append(notes, fmt.Sprintf("%s: %q want %q", name, got, want))
			}
		}
		if len(gold.Answers) > 0 {
			r.Score = float64(right) / float64(len(gold.Answers))
		}
		r.Note = strings.Join(notes, "; ")
	case dataset.TaskTable:
		var s string
		if err := json.Unmarshal(m.Answer, &s); err != nil {
			return r, fmt.Errorf("task 3 answer must be a string: %w", err)
		}
		if ValueEqual(s, gold.Answer, 0.01) {
			r.Score = 1
		} else {
			r.Note = fmt.Sprintf("%q want %q", s, gold.Answer)
		}
	case dataset.TaskCollection:
		var s string
		if err := json.Unmarshal(m.Answer, &s); err != nil {
			return r, fmt.Errorf("task 4 answer must be a string: %w", err)
		}
		var ev []map[string]any
		if m.Evidence != nil {
			if err := json.Unmarshal(m.Evidence, &ev); err != nil {
				return r, fmt.Errorf("task 4 evidence must be a list of objects: %w", err)
			}
		}
		items := gold.Answers
		if len(items) == 0 && gold.Answer != "" {
			items = []string{gold.Answer}
		}
		found := 0
		for _, it := range items {
			if ItemFound(s, it) {
				found++
			}
		}
		if len(items) > 0 {
			r.Score = float64(found) / float64(len(items))
		}
		for _, e := range ev {
			p, _ := e["paragraph"].(string)
			if gold.Para != "" && ParagraphHit(p, gold.Para) {
				r.Evidence = 1
				break
			}
		}
		if r.Score < 1 {
			r.Note = fmt.Sprintf("%q want %q", s, items)
		}
	default:
		return r, fmt.Errorf("unknown task %d", task)
	}
	return r, nil
}

// formCell is one graded cell of a task-2 form: its row and key; multi
// when its row has several blanks.
type formCell struct {
	row   int
	key   string
	multi bool
}

// formCells lists the cells a task-2 gold list of n answers grades, in
// row-major order. With the form (the problem sheet's answer_form), every
// blank cell is graded (dataset.FormRow.Blanks); a gold list with one
// answer per row over a form with several blanks per row (the older
// gold layout) grades the last blank of each row. Without the form, the
// blanks are unknown: the answer's own last-blank key of each row is
// graded.
func formCells(rows, form []dataset.FormRow, n int) []formCell {
	if len(form) == 0 {
		out := make([]formCell, len(rows))
		for i, r := range rows {
			out[i] = formCell{row: i, key: r.Blank()}
		}
		return out
	}
	var all []formCell
	for i, r := range form {
		bs := r.Blanks()
		for _, k := range bs {
			all = append(all, formCell{row: i, key: k, multi: len(bs) > 1})
		}
	}
	if n == len(all) || n != len(form) {
		return all
	}
	out := make([]formCell, len(form))
	for i, r := range form {
		out[i] = formCell{row: i, key: r.Blank()}
	}
	return out
}

// Report is the score table.
type Report struct {
	Tasks    []TaskScore
	Results  []Result
	Missing  []string
	Invalid  int
	Messages int
	Ended    bool
	Ends     int // end_of_mission messages received (1 is right)
}

// TaskScore aggregates one task.
type TaskScore struct {
	Task     int     `json:"task"`
	Metric   string  `json:"metric"`
	Problems int     `json:"problems"`
	Answered int     `json:"answered"`
	Score    float64 `json:"score"`
	Evidence float64 `json:"evidence_hit,omitempty"`
}

var metricNames = map[int]string{1: "MRR@3", 2: "cell accuracy", 3: "accuracy", 4: "answer recall"}

// Report computes the per-task scores so far.
func (g *Grader) Report() Report {
	g.mu.Lock()
	defer g.mu.Unlock()
	rep := Report{Invalid: g.invalid, Messages: g.messages, Ended: g.ended, Ends: g.ends}
	byTask := map[int]*TaskScore{}
	nos := make([]string, 0, len(g.gold))
	for no := range g.gold {
		nos = append(nos, no)
	}
	sort.Strings(nos)
	for _, no := range nos {
		task := taskOf(g.gold[no].TaskNo)
		ts := byTask[task]
		if ts == nil {
			ts = &TaskScore{Task: task, Metric: metricNames[task]}
			byTask[task] = ts
		}
		ts.Problems++
		r, ok := g.results[no]
		if !ok {
			rep.Missing = append(rep.Missing, no)
			rep.Results = append(rep.Results, Result{ProblemNo: no, Task: task, Note: "no answer"})
			continue
		}
		ts.Answered++
		ts.Score += r.Score
		ts.Evidence += r.Evidence
		rep.Results = append(rep.Results, r)
	}
	for t := 1; t <= 4; t++ {
		if ts, ok := byTask[t]; ok {
			ts.Score /= float64(ts.Problems)
			ts.Evidence /= float64(ts.Problems)
			rep.Tasks = append(rep.Tasks, *ts)
		}
	}
	return rep
}

// Print writes the report as a table; problems below full marks get a line
// each.
func (rep Report) Print(w io.Writer) { rep.print(w, false) }

// PrintAll is Print with a line for every problem, full marks included.
func (rep Report) PrintAll(w io.Writer) { rep.print(w, true) }

func (rep Report) print(w io.Writer, all bool) {
	fmt.Fprintf(w, "%-5s %-14s %8s %8s %7s %9s\n", "task", "metric", "problems", "answered", "score", "evidence")
	for _, t := range rep.Tasks {
		ev := "-"
		if t.Task == 4 {
			ev = fmt.Sprintf("%.3f", t.Evidence)
		}
		fmt.Fprintf(w, "%-5d %-14s %8d %8d %7.3f %9s\n", t.Task, t.Metric, t.Problems, t.Answered, t.Score, ev)
	}
	fmt.Fprintf(w, "messages %d, invalid %d, missing %d, end_of_mission %v (received %d)\n", rep.Messages, rep.Invalid, len(rep.Missing), rep.Ended, rep.Ends)
	for _, r := range rep.Results {
		// task 4 lines also say whether the evidence hit the gold passage
		ev := ""
		if r.Task == 4 && r.Note != "no answer" {
			ev = " evidence " + map[bool]string{true: "hit", false: "miss"}[r.Evidence >= 1]
		}
		switch {
		case r.Score < 1 || (r.Task == 4 && r.Evidence < 1):
			fmt.Fprintf(w, "  %s (task %d): %.2f%s %s\n", r.ProblemNo, r.Task, r.Score, ev, truncate(r.Note, 160))
		case all:
			fmt.Fprintf(w, "  %s (task %d): %.2f%s\n", r.ProblemNo, r.Task, r.Score, ev)
		}
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// ScoreFile feeds every JSON line of r to the grader.
func (g *Grader) ScoreFile(r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var m submit.Message
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			g.mu.Lock()
			g.invalid++
			g.mu.Unlock()
			continue
		}
		g.Receive(m)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("answers file line %d: %w", line, err)
	}
	return nil
}
