package dataset

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestParseProblems: each kind of bad entry gets one error that names the
// entry (index and problem_no), the field and what was expected; integer
// problem_no and task_no are read; a repeated problem_no is marked.
func TestParseProblems(t *testing.T) {
	sheet := `[
 {"problem_no":"001","task_no":"1","doc_file":"d1","question":"무엇인가?"},
 {"problem_no":"002","task_no":"2","doc_file":"d1","question":"q","answer_form":[{"유형":"가","개":""},{"유형":"나","개":""}]},
 {"problem_no":"003","task_no":"9","question":"q"},
 {"problem_no":4,"task_no":"1"},
 {"problem_no":"005","task_no":"3","question":"q"},
 "junk",
 {"problem_no":7,"task_no":3,"ref_file":"r","question":"q"},
 {"problem_no":["a"],"task_no":"1","doc_file":"d","question":"q"},
 {"problem_no":"009","task_no":"2","doc_file":"d","answer_form":"표"},
 {"problem_no":"010","task_no":"4","question":12},
 {"problem_no":"001","task_no":"4","question":"again"},
 {"problem_no":1.5,"task_no":"4","question":"q"},
 {"problem_no":"013","task_no":"2","doc_file":"d","answer_form":[{"a":""},3]}
]`
	entries, err := ParseProblems([]byte(sheet))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 13 {
		t.Fatalf("%d entries, want 13", len(entries))
	}
	tests := []struct {
		no      string
		wantErr []string // substrings of the error, in order; none: no error
		dupOf   int
	}{
		{"001", nil, 0},
		{"002", nil, 0},
		{"003", []string{`entry 3 (problem_no "003")`, `task_no: want 1, 2, 3 or 4, got "9"`}, 0},
		{"4", []string{`entry 4 (problem_no "4")`, "doc_file: missing", "question: missing"}, 0},
		{"005", []string{`entry 5 (problem_no "005")`, "ref_file: missing"}, 0},
		{"#6", []string{"problem sheet entry 6: want an object", "got a string"}, 0},
		{"7", nil, 0},
		{"#8", []string{"problem sheet entry 8: problem_no: want a string or an integer, got a list"}, 0},
		{"009", []string{`entry 9 (problem_no "009")`, "answer_form: want a list of objects, got a string"}, 0},
		{"010", []string{`entry 10 (problem_no "010")`, "question: want a string, got a number (12)"}, 0},
		{"001", nil, 1},
		{"#12", []string{"entry 12: problem_no: want a string or an integer, got a number (1.5)"}, 0},
		{"013", []string{"answer_form[1]: want an object, got a number (3)"}, 0},
	}
	for i, tt := range tests {
		e := entries[i]
		if e.Index != i+1 {
			t.Errorf("entry %d: Index %d", i+1, e.Index)
		}
		if e.Problem.ProblemNo != tt.no {
			t.Errorf("entry %d: problem_no %q, want %q", i+1, e.Problem.ProblemNo, tt.no)
		}
		if e.DuplicateOf != tt.dupOf {
			t.Errorf("entry %d: DuplicateOf %d, want %d", i+1, e.DuplicateOf, tt.dupOf)
		}
		if tt.wantErr == nil {
			if e.Err != nil {
				t.Errorf("entry %d: unexpected error %v", i+1, e.Err)
			}
			continue
		}
		if e.Err == nil {
			t.Errorf("entry %d: no error, want %q", i+1, tt.wantErr)
			continue
		}
		msg, rest := e.Err.Error(), e.Err.Error()
		for _, w := range tt.wantErr {
			k := strings.Index(rest, w)
			if k < 0 {
				t.Errorf("entry %d: error %q lacks %q (in order)", i+1, msg, w)
				break
			}
			rest = rest[k+len(w):]
		}
		if strings.Contains(msg, "\n") || strings.Contains(msg, "json:") {
			t.Errorf("entry %d: error %q has a line break or a decoder's wording", i+1, msg)
		}
		var ee *EntryError
		if !errors.As(e.Err, &ee) || ee.Index != i+1 {
			t.Errorf("entry %d: error %T is no *EntryError for it", i+1, e.Err)
		}
	}
	if p := entries[6].Problem; p.TaskNo != "3" || p.Task() != TaskTable {
		t.Errorf("integer task_no read as %q", p.TaskNo)
	}
	form := entries[1].Problem.AnswerForm
	if len(form) != 2 || form[0].Blank() != "개" || form[0].Values["유형"] != "가" {
		t.Fatalf("form = %+v", form)
	}
	b, _ := json.Marshal(form[0])
	if string(b) != `{"유형":"가","개":""}` {
		t.Errorf("form row JSON = %s", b)
	}
}

// TestSheetErrors: a problem sheet that is no list of problems is one
// error saying what was expected, or where the JSON breaks.
func TestSheetErrors(t *testing.T) {
	for _, tt := range []struct{ sheet, want string }{
		{`{"not":"a list"}`, "want a JSON list of problems, got an object"},
		{`"x"`, "want a JSON list of problems, got a string"},
		{``, "empty file"},
		{"[\n {\"problem_no\": \"001\",\n  \"task_no\" \"1\"}]", "invalid JSON at line 3, column"},
		{`[{"problem_no":`, "invalid JSON at line 1, column"},
	} {
		_, err := ParseProblems([]byte(tt.sheet))
		var se *SheetError
		if err == nil || !errors.As(err, &se) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseProblems(%q) = %v, want a *SheetError with %q", tt.sheet, err, tt.want)
		}
		if err != nil && strings.Contains(err.Error(), "Go value") {
			t.Errorf("ParseProblems(%q): %q names Go types", tt.sheet, err)
		}
	}
}

// TestOpenErrors: a dataset that cannot be read is one *OpenError naming
// the dataset once and what is wrong.
func TestOpenErrors(t *testing.T) {
	root := t.TempDir()
	mk := func(name string, files map[string]string) string {
		dir := filepath.Join(root, name)
		for rel, body := range files {
			p := filepath.Join(dir, rel)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		os.MkdirAll(dir, 0o755)
		return dir
	}
	file := filepath.Join(root, "afile")
	os.WriteFile(file, []byte("x"), 0o644)
	sheetDir := mk("sheetdir", nil)
	os.MkdirAll(filepath.Join(sheetDir, "problemsheet.json"), 0o755)
	for _, tt := range []struct{ root, want string }{
		{filepath.Join(root, "missing"), "no such file or directory"},
		{file, "not a directory"},
		{mk("nosheet", nil), "problemsheet.json: no such file or directory"},
		{sheetDir, "problemsheet.json: a directory"},
		{mk("object", map[string]string{"problemsheet.json": `{}`}), "problemsheet.json: want a JSON list of problems, got an object"},
		{mk("cut", map[string]string{"problemsheet.json": `[{"a":`}), "problemsheet.json: invalid JSON at line 1"},
	} {
		_, err := Open(tt.root)
		var oe *OpenError
		if !errors.As(err, &oe) {
			t.Errorf("Open(%s) = %v, want an *OpenError", tt.root, err)
			continue
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, "dataset "+tt.root+": ") || !strings.Contains(msg, tt.want) {
			t.Errorf("Open(%s) = %q, want %q after the dataset's name", tt.root, msg, tt.want)
		}
		if strings.Count(msg, tt.root) != 1 {
			t.Errorf("Open(%s) = %q names the root more than once", tt.root, msg)
		}
	}
}

func TestOpenLayout(t *testing.T) {
	root := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("problemsheet.json", `[]`)
	write("doc/1/a.odt", "zip")
	write("doc/2/b.pdf", "pdf")
	write("doc/3/c/content.xml", "<x/>")
	write("doc/4/a.pdf", "pdf")
	write("doc/5/notes.txt", "x")
	write("doc/6/d.hwpx", "zip")
	write("doc/7/e.hwp", "cfb")
	write("doc/7/b.hwp", "cfb")
	write("ref/t1.xml", "<x/>")
	write("ref/c1.png", "png")
	ds, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ id, ext string }{{"a", ".odt"}, {"b", ".pdf"}, {"c", "dir"}, {"a.odt", ".odt"}, {"d", ".hwpx"}, {"e", ".hwp"}} {
		f, err := ds.Doc(tt.id)
		if err != nil || f.Ext != tt.ext {
			t.Errorf("Doc(%q) = %+v, %v; want ext %s", tt.id, f, err, tt.ext)
		}
	}
	if _, err := ds.Doc("zzz"); err == nil {
		t.Error("want not-found error")
	}
	if p, err := ds.Ref("c1"); err != nil || filepath.Base(p) != "c1.png" {
		t.Errorf("Ref(c1) = %q, %v", p, err)
	}
	if len(ds.Docs()) != 5 {
		t.Errorf("Docs() = %v", ds.Docs())
	}
}

func FuzzParseProblems(f *testing.F) {
	f.Add([]byte(`[{"problem_no":"001","task_no":"2","doc_file":"d","question":"q","answer_form":[{"a":"b","c":""}]}]`))
	f.Add([]byte(`[{"problem_no":1}]`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ParseProblems(data)
		if err != nil {
			return
		}
		for _, e := range entries {
			if e.Err == nil {
				if e.Problem.Task() == 0 {
					t.Fatalf("valid entry with unknown task: %+v", e.Problem)
				}
				for _, r := range e.Problem.AnswerForm {
					if _, err := json.Marshal(r); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	})
}

// TestParseProblemsWithBOM: a problem sheet saved with a UTF-8 byte order
// mark reads like one without.
func TestParseProblemsWithBOM(t *testing.T) {
	sheet := `[{"problem_no":"001","task_no":"3","ref_file":"r","question":"값은?"}]`
	for _, data := range []string{sheet, "\xef\xbb\xbf" + sheet} {
		es, err := ParseProblems([]byte(data))
		if err != nil || len(es) != 1 || es[0].Err != nil || es[0].Problem.ProblemNo != "001" {
			t.Errorf("ParseProblems(%q) = %+v, %v", data[:5], es, err)
		}
	}
}
