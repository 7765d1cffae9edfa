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

// Blanks returns the keys to fill, in key order: every key whose value is
// empty, or the last key alone when none is empty (as Blank). A form's
// cells are graded in row-major order over these keys.
func (r FormRow) Blanks() []string {
	var out []string
	for _, k := range r.Keys {
		if strings.TrimSpace(r.Values[k]) == "" {
			out = append(out, k)
		}
	}
	if len(out) == 0 && len(r.Keys) > 0 {
		out = []string{r.Keys[len(r.Keys)-1]}
	}
	return out
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

// FieldError is what is wrong with one field of a problem: Field is its
// JSON key ("" for the entry as a whole), Problem says what was expected
// and, for a value of the wrong type, what was given.
type FieldError struct {
	Field   string
	Problem string
}

func (e FieldError) String() string {
	if e.Field == "" {
		return e.Problem
	}
	return e.Field + ": " + e.Problem
}

// FieldErrors lists what is wrong with a problem, field by field, in a
// fixed order; it is the error Problem.UnmarshalJSON and Problem.Validate
// return.
type FieldErrors []FieldError

func (fe FieldErrors) Error() string {
	parts := make([]string, len(fe))
	for i, e := range fe {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

// EntryError is a problem-sheet entry that cannot be answered as given:
// Index is its 1-based position in the sheet, ProblemNo its problem_no as
// read ("" when missing or unreadable), Err what is wrong (FieldErrors,
// or the duplicate problem_no).
type EntryError struct {
	Index     int
	ProblemNo string
	Err       error
}

func (e *EntryError) Error() string {
	if e.ProblemNo == "" {
		return fmt.Sprintf("problem sheet entry %d: %v", e.Index, e.Err)
	}
	return fmt.Sprintf("problem sheet entry %d (problem_no %q): %v", e.Index, e.ProblemNo, e.Err)
}

func (e *EntryError) Unwrap() error { return e.Err }

// UnmarshalJSON reads one problem-sheet entry. problem_no and task_no may
// be a string or an integer JSON number (1 reads as "1"); doc_file,
// ref_file and question are strings; answer_form is a list of objects;
// null counts as absent and unknown keys are ignored. A field of another
// type is left empty and reported, with the rest read: the error is
// FieldErrors naming each such field, what it wants and what it got.
func (p *Problem) UnmarshalJSON(data []byte) error {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return FieldErrors{{Problem: "want an object with problem_no, task_no, question, got " + jsonKind(data)}}
	}
	*p = Problem{}
	var errs FieldErrors
	for _, f := range []struct {
		key  string
		dst  *string
		want string
		ints bool
	}{
		{"problem_no", &p.ProblemNo, "a string or an integer", true},
		{"task_no", &p.TaskNo, "a string or an integer 1-4", true},
		{"doc_file", &p.DocFile, "a string (a document id under doc/)", false},
		{"ref_file", &p.RefFile, "a string (a file id under ref/)", false},
		{"question", &p.Question, "a string", false},
	} {
		raw, ok := fields[f.key]
		if !ok || string(raw) == "null" {
			continue
		}
		if err := json.Unmarshal(raw, f.dst); err == nil {
			continue
		}
		if f.ints && isInteger(raw) {
			*f.dst = string(raw)
			continue
		}
		errs = append(errs, FieldError{f.key, "want " + f.want + ", got " + jsonKind(raw)})
	}
	if raw, ok := fields["answer_form"]; ok && string(raw) != "null" {
		var rows []json.RawMessage
		if err := json.Unmarshal(raw, &rows); err != nil {
			errs = append(errs, FieldError{"answer_form", "want a list of objects, got " + jsonKind(raw)})
		} else {
			for i, row := range rows {
				var r FormRow
				if err := json.Unmarshal(row, &r); err != nil {
					errs = append(errs, FieldError{fmt.Sprintf("answer_form[%d]", i), "want an object, got " + jsonKind(row)})
					p.AnswerForm = nil
					break
				}
				p.AnswerForm = append(p.AnswerForm, r)
			}
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// isInteger reports whether raw is a JSON number without fraction or
// exponent.
func isInteger(raw json.RawMessage) bool {
	s := strings.TrimPrefix(string(raw), "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// jsonKind names the JSON type of raw, with the value when short
// ("a number (1.5)", "an object", "an empty string").
func jsonKind(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "nothing"
	}
	switch s[0] {
	case '{':
		return "an object"
	case '[':
		return "a list"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean (" + s + ")"
	case 'n':
		return "null"
	}
	if len(s) > 20 {
		s = s[:20] + "…"
	}
	return "a number (" + s + ")"
}

// Task returns the task number, or 0 when task_no is not 1-4.
func (p Problem) Task() int {
	n, err := strconv.Atoi(strings.TrimSpace(p.TaskNo))
	if err != nil || n < 1 || n > 4 {
		return 0
	}
	return n
}

// Validate reports what the problem lacks for its task, field by field
// (FieldErrors), or nil. The needs per task are the challenge's: task 1
// and 2 name a document, task 2 an answer_form, task 3 a ref_file or a
// document; every task but 2 asks a question.
func (p Problem) Validate() error {
	var errs FieldErrors
	if strings.TrimSpace(p.ProblemNo) == "" {
		errs = append(errs, FieldError{"problem_no", "missing"})
	}
	task := p.Task()
	switch task {
	case 0:
		got := fmt.Sprintf("%q", p.TaskNo)
		if p.TaskNo == "" {
			got = "nothing"
		}
		errs = append(errs, FieldError{"task_no", "want 1, 2, 3 or 4, got " + got})
	case TaskParagraphs, TaskForm:
		if strings.TrimSpace(p.DocFile) == "" {
			errs = append(errs, FieldError{"doc_file", fmt.Sprintf("missing (task %d answers from one document)", task)})
		}
	case TaskTable:
		if strings.TrimSpace(p.RefFile) == "" && strings.TrimSpace(p.DocFile) == "" {
			errs = append(errs, FieldError{"ref_file", "missing (task 3 answers from a ref_file or a doc_file)"})
		}
	}
	if task == TaskForm && len(p.AnswerForm) == 0 {
		errs = append(errs, FieldError{"answer_form", "missing (task 2 fills an answer_form)"})
	}
	if strings.TrimSpace(p.Question) == "" && task != TaskForm {
		errs = append(errs, FieldError{"question", "missing or empty"})
	}
	if len(errs) > 0 {
		return errs
	}
	return nil
}

// Entry is a problem-sheet entry as read: the problem, or the error that
// kept it from being read (an *EntryError). ProblemNo/TaskNo are filled
// whenever they could be read, so the item can still be answered with an
// empty answer; an entry without a readable problem_no gets "#<Index>".
type Entry struct {
	Problem Problem
	Err     error
	// Index is the entry's 1-based position in the sheet.
	Index int
	// DuplicateOf is the Index of an earlier entry with the same
	// problem_no (0 when none). The protocol takes one answer per
	// problem_no, so only the first such entry is answered.
	DuplicateOf int
}

// ParseProblems reads a problem sheet. A sheet that is not a JSON list is
// an error (*SheetError); a malformed entry becomes an Entry with Err set
// (*EntryError: which entry, which field, what was expected), and an entry
// repeating an earlier problem_no gets DuplicateOf.
func ParseProblems(data []byte) ([]Entry, error) {
	// A UTF-8 byte order mark (editors on Windows write one) is not JSON.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, sheetError(data, err)
	}
	out := make([]Entry, 0, len(raws))
	first := map[string]int{}
	for i, raw := range raws {
		var p Problem
		err := json.Unmarshal(raw, &p)
		var fe FieldErrors
		if err != nil && !errors.As(err, &fe) {
			fe = FieldErrors{{Problem: err.Error()}}
		}
		notObject := err != nil && len(fe) == 1 && fe[0].Field == ""
		if verr := p.Validate(); verr != nil && !notObject {
			var more FieldErrors
			errors.As(verr, &more)
			for _, m := range more {
				if !hasField(fe, m.Field) {
					fe = append(fe, m)
				}
			}
		}
		e := Entry{Problem: p, Index: i + 1}
		if len(fe) > 0 {
			e.Err = &EntryError{Index: i + 1, ProblemNo: p.ProblemNo, Err: fe}
		}
		if p.ProblemNo == "" {
			p.ProblemNo = fmt.Sprintf("#%d", i+1)
			e.Problem.ProblemNo = p.ProblemNo
		} else if j, ok := first[p.ProblemNo]; ok {
			e.DuplicateOf = j
		} else {
			first[p.ProblemNo] = i + 1
		}
		out = append(out, e)
	}
	return out, nil
}

func hasField(fe FieldErrors, field string) bool {
	for _, e := range fe {
		if e.Field == field {
			return true
		}
	}
	return false
}

// SheetError is a problem sheet that cannot be read as a list of
// problems: Line and Column (1-based, 0 when unknown) locate invalid JSON.
type SheetError struct {
	Line, Column int
	Err          error
}

func (e *SheetError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("invalid JSON at line %d, column %d: %v", e.Line, e.Column, e.Err)
	}
	return e.Err.Error()
}

func (e *SheetError) Unwrap() error { return e.Err }

// sheetError explains why data is not a JSON list.
func sheetError(data []byte, err error) error {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return &SheetError{Err: errors.New("empty file, want a JSON list of problems")}
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		line, col := position(data, syn.Offset)
		return &SheetError{Line: line, Column: col, Err: err}
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) || trimmed[0] != '[' {
		return &SheetError{Err: fmt.Errorf("want a JSON list of problems, got %s", jsonKind(trimmed))}
	}
	return &SheetError{Err: err}
}

// position turns a byte offset into a 1-based line and column (in runes).
func position(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	last := bytes.LastIndexByte(before, '\n')
	col = len([]rune(string(before[last+1:])))
	if col == 0 {
		col = 1
	}
	return line, col
}
