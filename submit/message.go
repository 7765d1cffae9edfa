package submit

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Message is one protocol message: an answer, or the end of the mission.
type Message struct {
	TeamID       string          `json:"team_id"`
	Hash         string          `json:"hash"`
	ProblemNo    string          `json:"problem_no,omitempty"`
	TaskNo       string          `json:"task_no,omitempty"`
	Answer       json.RawMessage `json:"answer,omitempty"`
	Evidence     json.RawMessage `json:"evidence,omitempty"`
	EndOfMission string          `json:"end_of_mission,omitempty"`
}

// IsEnd reports whether m ends the mission.
func (m Message) IsEnd() bool { return m.EndOfMission == "true" }

// NewAnswer builds an answer message. evidence may be nil.
func NewAnswer(team, hash, problemNo, taskNo string, answer, evidence any) (Message, error) {
	a, err := json.Marshal(answer)
	if err != nil {
		return Message{}, fmt.Errorf("problem %s: encode answer: %w", problemNo, err)
	}
	m := Message{TeamID: team, Hash: hash, ProblemNo: problemNo, TaskNo: taskNo, Answer: a}
	if evidence != nil {
		e, err := json.Marshal(evidence)
		if err != nil {
			return Message{}, fmt.Errorf("problem %s: encode evidence: %w", problemNo, err)
		}
		m.Evidence = e
	}
	return m, nil
}

// NewEnd builds the end-of-mission message.
func NewEnd(team, hash string) Message {
	return Message{TeamID: team, Hash: hash, EndOfMission: "true"}
}

// Response is the server's reply.
type Response struct {
	Status string `json:"status"`
	Msg    string `json:"msg"`
}

// OK reports whether the reply is the protocol's acceptance: status "OK".
// The organisers' sample clients test status == "OK"; their sample answer
// host replies "ok", so the comparison ignores case. Anything else
// ("ERROR", empty, another word) is not an acceptance.
func (r Response) OK() bool { return strings.EqualFold(strings.TrimSpace(r.Status), "OK") }
