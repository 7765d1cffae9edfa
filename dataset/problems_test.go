package dataset

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseProblems(t *testing.T) {
	sheet := `[
 {"problem_no":"001","task_no":"1","doc_file":"d1","question":"무엇인가?"},
 {"problem_no":"002","task_no":"2","doc_file":"d1","question":"q","answer_form":[{"유형":"가","개":""},{"유형":"나","개":""}]},
 {"problem_no":"003","task_no":"9","question":"q"},
 {"problem_no":4,"task_no":"1"},
 {"problem_no":"005","task_no":"3","question":"q"},
 "junk"
]`
	entries, err := ParseProblems([]byte(sheet))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		i       int
		no      string
		wantErr string
	}{
		{0, "001", ""},
		{1, "002", ""},
		{2, "003", "unknown task_no"},
		{3, "4", "malformed"},
		{4, "005", "needs ref_file"},
		{5, "#6", "malformed"},
	}
	for _, tt := range tests {
		e := entries[tt.i]
		if e.Problem.ProblemNo != tt.no {
			t.Errorf("entry %d: problem_no %q, want %q", tt.i, e.Problem.ProblemNo, tt.no)
		}
		switch {
		case tt.wantErr == "" && e.Err != nil:
			t.Errorf("entry %d: unexpected error %v", tt.i, e.Err)
		case tt.wantErr != "" && (e.Err == nil || !strings.Contains(e.Err.Error(), tt.wantErr)):
			t.Errorf("entry %d: error %v, want %q", tt.i, e.Err, tt.wantErr)
		}
	}
	form := entries[1].Problem.AnswerForm
	if len(form) != 2 || form[0].Blank() != "개" || form[0].Values["유형"] != "가" {
		t.Fatalf("form = %+v", form)
	}
	b, _ := json.Marshal(form[0])
	if string(b) != `{"유형":"가","개":""}` {
		t.Errorf("form row JSON = %s", b)
	}
	if _, err := ParseProblems([]byte(`{"not":"an array"}`)); err == nil {
		t.Error("want error for a non-array sheet")
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
