package grade

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/submit"
)

func TestParagraphHit(t *testing.T) {
	gold := "- 유형별로 보면 가형 12개, 나형 7개 등 19개임"
	tests := []struct {
		got  string
		want bool
	}{
		{gold, true},
		{"유형별로 보면 가형 12개, 나형 7개\n등 19개임", true},
		{"앞 문장. - 유형별로 보면 가형 12개, 나형 7개 등 19개임 뒤 문장.", true},
		{"유형별로 보면 가형 12개", false},
		{"전혀 다른 문단이다.", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ParagraphHit(tt.got, gold); got != tt.want {
			t.Errorf("ParagraphHit(%q) = %v, want %v", tt.got, got, tt.want)
		}
	}
}

func TestValueEqual(t *testing.T) {
	tests := []struct {
		got, gold string
		tol       float64
		want      bool
	}{
		{"22", "22", 0, true},
		{"22개", "22", 0, true},
		{"1,200명", "1200", 0, true},
		{"1.5", "1.50", 0, true},
		{"1.51", "1.5", 0.01, true},
		{"1.6", "1.5", 0.01, false},
		{"23", "22", 0, false},
		{"서울", "서울", 0, true},
		{"서울 ", " 서울", 0, true},
		{"", "", 0, false},
		{"1 2", "12", 0, true}, // white space removed before text compare
	}
	for _, tt := range tests {
		if got := ValueEqual(tt.got, tt.gold, tt.tol); got != tt.want {
			t.Errorf("ValueEqual(%q, %q, %v) = %v, want %v", tt.got, tt.gold, tt.tol, got, tt.want)
		}
	}
}

func TestItemFound(t *testing.T) {
	ans := "가형 22개, 나형 24개, 다형 4개"
	for _, tt := range []struct {
		item string
		want bool
	}{{"22", true}, {"4", true}, {"2", false}, {"나형", true}, {"라형", false}} {
		if got := ItemFound(ans, tt.item); got != tt.want {
			t.Errorf("ItemFound(%q) = %v", tt.item, got)
		}
	}
}

func msg(t *testing.T, no, task string, answer, evidence any) submit.Message {
	t.Helper()
	m, err := submit.NewAnswer("team", "h", no, task, answer, evidence)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestGraderFlow(t *testing.T) {
	gold := map[string]Gold{
		"001": {TaskNo: "1", Para: "가형은 12개이다."},
		"002": {TaskNo: "2", Answers: []string{"12", "7"}},
		"003": {TaskNo: "3", Answer: "1.5"},
		"004": {TaskNo: "4", Answers: []string{"12", "7"}, Para: "가형은 12개, 나형은 7개이다."},
		"005": {TaskNo: "3", Answer: "9"},
	}
	var form []dataset.FormRow
	json.Unmarshal([]byte(`[{"유형":"가형","개":""},{"유형":"나형","개":""}]`), &form)
	g := New(gold, []dataset.Problem{{ProblemNo: "002", TaskNo: "2", AnswerForm: form}})
	filled := []dataset.FormRow{form[0].Clone(), form[1].Clone()}
	filled[0].Values["개"], filled[1].Values["개"] = "12", "8"
	steps := []struct {
		m      submit.Message
		status string
	}{
		{msg(t, "001", "1", []map[string]string{{"rank": "1", "paragraph": "다른 문단"}, {"rank": "2", "paragraph": "가형은 12개이다."}}, nil), "OK"},
		{msg(t, "002", "2", filled, nil), "OK"},
		{msg(t, "003", "3", "1.51", nil), "OK"},
		{msg(t, "003", "3", "1.5", nil), "ERROR"}, // duplicate
		{msg(t, "004", "4", "12, 7", []map[string]string{{"doc_file": "d", "paragraph": "가형은 12개, 나형은 7개이다."}}), "OK"},
		{msg(t, "005", "2", "9", nil), "ERROR"}, // wrong task
		{msg(t, "999", "3", "9", nil), "ERROR"}, // unknown
		{submit.NewEnd("team", "h"), "OK"},
		{msg(t, "005", "3", "9", nil), "ERROR"}, // after end_of_mission
		{submit.NewEnd("team", "h"), "ERROR"},   // a second end_of_mission
	}
	for i, s := range steps {
		if got := g.Receive(s.m); got.Status != s.status {
			t.Errorf("step %d: status %s (%s), want %s", i, got.Status, got.Msg, s.status)
		}
	}
	rep := g.Report()
	want := map[int]float64{1: 0.5, 2: 0.5, 3: 0.5, 4: 1}
	for _, ts := range rep.Tasks {
		if ts.Score != want[ts.Task] {
			t.Errorf("task %d score %v, want %v", ts.Task, ts.Score, want[ts.Task])
		}
		if ts.Task == 4 && ts.Evidence != 1 {
			t.Errorf("evidence %v", ts.Evidence)
		}
	}
	if !rep.Ended || rep.Ends != 2 || rep.Invalid != 5 || len(rep.Missing) != 1 {
		t.Errorf("ended %v (%d received), invalid %d, missing %v", rep.Ended, rep.Ends, rep.Invalid, rep.Missing)
	}
	var buf bytes.Buffer
	rep.Print(&buf)
	if !strings.Contains(buf.String(), "MRR@3") {
		t.Errorf("report:\n%s", buf.String())
	}
}

func TestServer(t *testing.T) {
	g := New(map[string]Gold{"001": {TaskNo: "3", Answer: "2"}}, nil)
	ended := make(chan struct{})
	srv := httptest.NewServer(g.Handler(nil, ended))
	defer srv.Close()
	post := func(body string) submit.Response {
		res, err := http.Post(srv.URL, "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var r submit.Response
		json.NewDecoder(res.Body).Decode(&r)
		return r
	}
	if r := post(`{not json`); r.Status != "ERROR" {
		t.Errorf("malformed: %+v", r)
	}
	if r := post(`{"team_id":"t","hash":"h","problem_no":"001","task_no":"3","answer":"2"}`); r.Status != "OK" {
		t.Errorf("answer: %+v", r)
	}
	if r := post(`{"team_id":"t","hash":"h","end_of_mission":"true"}`); r.Status != "OK" {
		t.Errorf("end: %+v", r)
	}
	select {
	case <-ended:
	default:
		t.Error("ended not signalled")
	}
	if s := g.Report().Tasks[0].Score; s != 1 {
		t.Errorf("score %v", s)
	}
}

// TestPrintEvidenceLines: a task-4 answer that is right but cites the
// wrong passage still gets a line, and every task-4 line says whether its
// evidence hit the gold passage.
func TestPrintEvidenceLines(t *testing.T) {
	gold := map[string]Gold{
		"001": {TaskNo: "4", Answers: []string{"12"}, Para: "가형은 12개이다."},
		"002": {TaskNo: "4", Answers: []string{"7"}, Para: "나형은 7개이다."},
		"003": {TaskNo: "4", Answers: []string{"3"}, Para: "다형은 3개이다."},
	}
	g := New(gold, nil)
	for _, m := range []submit.Message{
		msg(t, "001", "4", "12", []map[string]string{{"doc_file": "d", "paragraph": "다른 문단"}}),
		msg(t, "002", "4", "8", []map[string]string{{"doc_file": "d", "paragraph": "나형은 7개이다."}}),
		msg(t, "003", "4", "3", []map[string]string{{"doc_file": "d", "paragraph": "다형은 3개이다."}}),
	} {
		if got := g.Receive(m); got.Status != "OK" {
			t.Fatalf("%s: %s", got.Status, got.Msg)
		}
	}
	tests := []struct {
		all  bool
		want []string
		not  []string
	}{
		{false, []string{"001 (task 4): 1.00 evidence miss", "002 (task 4): 0.00 evidence hit"}, []string{"003 (task 4)"}},
		{true, []string{"001 (task 4): 1.00 evidence miss", "003 (task 4): 1.00 evidence hit"}, nil},
	}
	for _, tc := range tests {
		var buf bytes.Buffer
		if tc.all {
			g.Report().PrintAll(&buf)
		} else {
			g.Report().Print(&buf)
		}
		for _, w := range tc.want {
			if !strings.Contains(buf.String(), w) {
				t.Errorf("all=%v: no %q in\n%s", tc.all, w, buf.String())
			}
		}
		for _, w := range tc.not {
			if strings.Contains(buf.String(), w) {
				t.Errorf("all=%v: %q should not be printed:\n%s", tc.all, w, buf.String())
			}
		}
	}
}
