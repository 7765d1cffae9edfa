package dataset

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Task numbers of the challenge.
const (
	TaskParagraphs = 1 // top-3 paragraphs of a document
	TaskForm       = 2 // fill the blanks of an answer_form
	TaskTable      = 3 // answer from a table or chart ref_file
	TaskCollection = 4 // answer over the whole collection, with evidence
)

// FormRow is one object of an answer_form, with its keys in sheet order.
type FormRow struct {
	Keys   []string
	Values map[string]string
}

// MarshalJSON keeps the keys in their original order.
func (r FormRow) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range r.Keys {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		vb, err := json.Marshal(r.Values[k])
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// UnmarshalJSON reads an object, keeping key order. Non-string values are
// kept as their JSON text.
func (r *FormRow) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fmt.Errorf("answer_form row: want an object, got %v", tok)
	}
	r.Keys, r.Values = nil, map[string]string{}
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return err
		}
		k, _ := kt.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("answer_form row key %q: %w", k, err)
		}
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			s = string(raw)
		}
		if _, dup := r.Values[k]; !dup {
			r.Keys = append(r.Keys, k)
		}
		r.Values[k] = s
	}
	_, err = dec.Token()
	return err
}

// Blank returns the key to fill: the last key whose value is empty, or the
// last key when none is empty.
func (r FormRow) Blank() string {
	for i := len(r.Keys) - 1; i >= 0; i-- {
		if strings.TrimSpace(r.Values[r.Keys[i]]) == "" {
			return r.Keys[i]
		}
	}
	if len(r.Keys) == 0 {
		return ""
	}
	return r.Keys[len(r.Keys)-1]
}

// Clone returns a deep copy.
func (r FormRow) Clone() FormRow {
	c := FormRow{Keys: append([]string(nil), r.Keys...), Values: make(map[string]string, len(r.Values))}
	for k, v := range r.Values {
		c.Values[k] = v
	}
	return c
}

// Problem is one entry of problemsheet.json.
type Problem struct {
	ProblemNo  string    `json:"problem_no"`
	TaskNo     string    `json:"task_no"`
	DocFile    string    `json:"doc_file,omitempty"`
	RefFile    string    `json:"ref_file,omitempty"`
	AnswerForm []FormRow `json:"answer_form,omitempty"`
	Question   string    `json:"question"`
}

// Task returns the task number, or 0 when task_no is not 1-4.
func (p Problem) Task() int {
	n, err := strconv.Atoi(strings.TrimSpace(p.TaskNo))
	if err != nil || n < 1 || n > 4 {
		return 0
	}
	return n
}

// Validate reports what is missing for the problem's task.
func (p Problem) Validate() error {
	var errs []error
	if strings.TrimSpace(p.ProblemNo) == "" {
		errs = append(errs, errors.New("problem_no is empty"))
	}
	switch p.Task() {
	case 0:
		errs = append(errs, fmt.Errorf("unknown task_no %q", p.TaskNo))
	case TaskParagraphs:
		if p.DocFile == "" {
			errs = append(errs, errors.New("task 1 needs doc_file"))
		}
	case TaskForm:
		if p.DocFile == "" {
			errs = append(errs, errors.New("task 2 needs doc_file"))
		}
		if len(p.AnswerForm) == 0 {
			errs = append(errs, errors.New("task 2 needs answer_form"))
		}
	case TaskTable:
		if p.RefFile == "" && p.DocFile == "" {
			errs = append(errs, errors.New("task 3 needs ref_file or doc_file"))
		}
	}
	if strings.TrimSpace(p.Question) == "" && p.Task() != TaskForm {
		errs = append(errs, errors.New("question is empty"))
	}
	return errors.Join(errs...)
}

// Entry is a problem-sheet entry as read: the problem, or the error that
// kept it from being read. ProblemNo/TaskNo are filled from the raw entry
// whenever they could be recovered, so the item can still be answered with
// an error message.
type Entry struct {
	Problem Problem
	Err     error
}

// ParseProblems reads a problem sheet. A sheet that is not a JSON array is
// an error; a malformed entry becomes an Entry with Err set.
func ParseProblems(data []byte) ([]Entry, error) {
	// A UTF-8 byte order mark (editors on Windows write one) is not JSON.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("problem sheet: %w", err)
	}
	out := make([]Entry, 0, len(raws))
	for i, raw := range raws {
		var p Problem
		if err := json.Unmarshal(raw, &p); err != nil {
			// Recover what identifies the entry.
			var loose map[string]any
			_ = json.Unmarshal(raw, &loose)
			p = Problem{ProblemNo: looseString(loose["problem_no"]), TaskNo: looseString(loose["task_no"])}
			if p.ProblemNo == "" {
				p.ProblemNo = fmt.Sprintf("#%d", i+1)
			}
			out = append(out, Entry{Problem: p, Err: fmt.Errorf("problem %s: malformed entry: %w", p.ProblemNo, err)})
			continue
		}
		if err := p.Validate(); err != nil {
			if p.ProblemNo == "" {
				p.ProblemNo = fmt.Sprintf("#%d", i+1)
			}
			out = append(out, Entry{Problem: p, Err: fmt.Errorf("problem %s: %w", p.ProblemNo, err)})
			continue
		}
		out = append(out, Entry{Problem: p})
	}
	return out, nil
}

func looseString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}
