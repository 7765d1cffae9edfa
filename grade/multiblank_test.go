package grade

import (
	"encoding/json"
	"testing"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/submit"
)

// formOf builds answer_form rows from JSON objects (keys keep their order).
func formOf(t *testing.T, js string) []dataset.FormRow {
	t.Helper()
	var rows []dataset.FormRow
	if err := json.Unmarshal([]byte(js), &rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestMultiBlankScoring grades every blank cell of a task-2 form in
// row-major order, and stays compatible with gold lists that hold one
// answer per row.
func TestMultiBlankScoring(t *testing.T) {
	twoCols := `[{"품목":"사과","작년(톤)":"","올해(톤)":""},{"품목":"배","작년(톤)":"","올해(톤)":""}]`
	oneCol := `[{"지역":"북부","센터(곳)":""},{"지역":"남부","센터(곳)":""}]`
	tests := []struct {
		name   string
		form   string
		gold   []string
		answer string
		noForm bool // grade without the problem sheet
		want   float64
	}{
		{"every cell right", twoCols, []string{"10", "12", "7", "9"},
			`[{"품목":"사과","작년(톤)":"10","올해(톤)":"12"},{"품목":"배","작년(톤)":"7","올해(톤)":"9"}]`, false, 1},
		{"first column missed", twoCols, []string{"10", "12", "7", "9"},
			`[{"품목":"사과","작년(톤)":"","올해(톤)":"12"},{"품목":"배","작년(톤)":"","올해(톤)":"9"}]`, false, 0.5},
		{"columns swapped", twoCols, []string{"10", "12", "7", "9"},
			`[{"품목":"사과","작년(톤)":"12","올해(톤)":"10"},{"품목":"배","작년(톤)":"7","올해(톤)":"9"}]`, false, 0.5},
		{"one answer per row grades the last blank", twoCols, []string{"12", "9"},
			`[{"품목":"사과","작년(톤)":"","올해(톤)":"12"},{"품목":"배","작년(톤)":"","올해(톤)":"9"}]`, false, 1},
		{"one blank per row", oneCol, []string{"4", "6"},
			`[{"지역":"북부","센터(곳)":"4"},{"지역":"남부","센터(곳)":"5"}]`, false, 0.5},
		{"one blank per row without the sheet", oneCol, []string{"4", "6"},
			`[{"지역":"북부","센터(곳)":"4"},{"지역":"남부","센터(곳)":"6"}]`, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var probs []dataset.Problem
			if !tt.noForm {
				probs = []dataset.Problem{{ProblemNo: "001", TaskNo: "2", AnswerForm: formOf(t, tt.form)}}
			}
			g := New(map[string]Gold{"001": {TaskNo: "2", Answers: tt.gold}}, probs)
			resp := g.Receive(submit.Message{TeamID: "t", Hash: "h", ProblemNo: "001", TaskNo: "2", Answer: json.RawMessage(tt.answer)})
			if resp.Status != "OK" {
				t.Fatalf("status %s: %s", resp.Status, resp.Msg)
			}
			rep := g.Report()
			if got := rep.Results[0].Score; got != tt.want {
				t.Errorf("score %.3f, want %.3f (%s)", got, tt.want, rep.Results[0].Note)
			}
		})
	}
}
