package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTask3OnBrokenFragments answers task-3 questions end to end (dataset
// → corpus → solver → answer messages) on the two kinds of reference
// fragments real HWP→ODT cuts produce: one that starts inside a paragraph
// (end tags without start tags, a merged header over covered cells, cut off
// at the end) and one whose captions and cells hold unescaped "<" ("<표
// 3-1>", "<그림 3-2>", "<주1>"). The fixtures are the project's own, in
// document/odt/testdata.
func TestTask3OnBrokenFragments(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "ref"), 0o755); err != nil {
		t.Fatal(err)
	}
	for src, dst := range map[string]string{
		"fragment_cut_start.xml":     "frag_cut_start_table01.xml",
		"fragment_angle_caption.xml": "frag_angle_caption_table01.xml",
	} {
		data, err := os.ReadFile(filepath.Join("..", "document", "odt", "testdata", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "ref", dst), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	problems := []struct {
		no, ref, question, want string
	}{
		{"1", "frag_cut_start_table01", "노후 시설 개선 사업의 국비 지원 한도는 몇 백만 원인가?", "620"},
		{"2", "frag_cut_start_table01", "공동체 회복 사업의 보조율은 몇 %인가?", "50"},
		{"3", "frag_cut_start_table01", "생활권 정비 사업의 지방비 지원 한도는?", "300"},
		{"4", "frag_angle_caption_table01", "2023년 부산의 청년 주거 지원 실적은 몇 가구인가?", "702"},
		{"5", "frag_angle_caption_table01", "대구의 증감률은 몇 %인가?", "3.4"},
		{"6", "frag_angle_caption_table01", "광주의 2022년 지원 실적은?", "295"},
	}
	var sheet []map[string]string
	want := map[string]string{}
	for _, p := range problems {
		sheet = append(sheet, map[string]string{"problem_no": p.no, "task_no": "3", "ref_file": p.ref, "question": p.question})
		want[p.no] = p.want
	}
	data, _ := json.Marshal(sheet)
	if err := os.WriteFile(filepath.Join(root, "problemsheet.json"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "answers.jsonl")
	sum, err := Run(context.Background(), Config{Dataset: root, WorkDir: t.TempDir(), TeamID: "t", Hash: "h", OutFile: out})
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if sum.Failed != 0 || !sum.EndSent {
		t.Errorf("summary = %+v", sum)
	}
	lines, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(lines)), "\n") {
		var m struct {
			ProblemNo string          `json:"problem_no"`
			Answer    json.RawMessage `json:"answer"`
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("message %s: %v", line, err)
		}
		if m.ProblemNo == "" {
			continue // end_of_mission
		}
		var s string
		if err := json.Unmarshal(m.Answer, &s); err != nil {
			t.Errorf("problem %s: answer %s is not a string", m.ProblemNo, m.Answer)
		}
		got[m.ProblemNo] = s
	}
	for _, p := range problems {
		if got[p.no] != p.want {
			t.Errorf("problem %s (%s): %q, want %q", p.no, p.question, got[p.no], p.want)
		}
	}
}
