package solve

import (
	"encoding/json"
	"testing"

	"github.com/policyqa/policyqa/dataset"
)

// TestWire checks which fields each task's answer puts on the wire:
// evidence for task 4 only, [] when none was found.
func TestWire(t *testing.T) {
	form := []dataset.FormRow{{Keys: []string{"유형", "개소"}, Values: map[string]string{"유형": "생활숲", "개소": ""}}}
	tests := []struct {
		name         string
		p            dataset.Problem
		ans          *Answer // nil: Empty(p)
		wantAnswer   string
		wantEvidence string // "" means no evidence field
	}{
		{"task 1 empty", dataset.Problem{TaskNo: "1"}, nil, `[]`, ""},
		{"task 2 empty keeps the form", dataset.Problem{TaskNo: "2", AnswerForm: form}, nil, `[{"유형":"생활숲","개소":""}]`, ""},
		{"task 2 rows with several blanks keep every key in order", dataset.Problem{},
			&Answer{Task: 2, Value: []dataset.FormRow{{Keys: []string{"분야", "책임자", "연락처"}, Values: map[string]string{"분야": "기획", "책임자": "한가람", "연락처": "02-123-4567"}}}},
			`[{"분야":"기획","책임자":"한가람","연락처":"02-123-4567"}]`, ""},
		{"task 3 empty", dataset.Problem{TaskNo: "3"}, nil, `""`, ""},
		{"task 4 empty", dataset.Problem{TaskNo: "4"}, nil, `""`, `[]`},
		{"unknown task", dataset.Problem{TaskNo: "9"}, nil, `""`, ""},
		{"task 4 without evidence", dataset.Problem{}, &Answer{Task: 4, Value: "38개소"}, `"38개소"`, `[]`},
		{"task 4 with evidence", dataset.Problem{}, &Answer{Task: 4, Value: "38개소", Evidence: []Evidence{{DocFile: "d", Paragraph: "p"}}},
			`"38개소"`, `[{"doc_file":"d","paragraph":"p"}]`},
		{"task 3 drops evidence", dataset.Problem{}, &Answer{Task: 3, Value: "12", Evidence: []Evidence{{DocFile: "d", Paragraph: "p"}}}, `"12"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := Empty(tt.p)
			if tt.ans != nil {
				a = *tt.ans
			}
			v, ev := a.Wire()
			b, err := json.Marshal(v)
			if err != nil || string(b) != tt.wantAnswer {
				t.Errorf("answer %s, %v; want %s", b, err, tt.wantAnswer)
			}
			if tt.wantEvidence == "" {
				if ev != nil {
					t.Errorf("evidence %v, want none", ev)
				}
				return
			}
			b, err = json.Marshal(ev)
			if err != nil || string(b) != tt.wantEvidence {
				t.Errorf("evidence %s, %v; want %s", b, err, tt.wantEvidence)
			}
		})
	}
}
