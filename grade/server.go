package grade

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"

	"github.com/policyqa/policyqa/submit"
)

// Handler serves the challenge protocol: POST a message, get
// {"status","msg"}. ended is signalled (once) when end_of_mission arrives.
func (g *Grader) Handler(logger *slog.Logger, ended chan<- struct{}) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		reply := func(code int, resp submit.Response) {
			w.WriteHeader(code)
			json.NewEncoder(w).Encode(resp)
		}
		if r.Method != http.MethodPost {
			reply(http.StatusMethodNotAllowed, submit.Response{Status: "ERROR", Msg: "POST a JSON message"})
			return
		}
		data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 16<<20))
		if err != nil {
			reply(http.StatusRequestEntityTooLarge, submit.Response{Status: "ERROR", Msg: err.Error()})
			return
		}
		var m submit.Message
		if err := json.Unmarshal(data, &m); err != nil {
			g.mu.Lock()
			g.invalid++
			g.messages++
			g.mu.Unlock()
			reply(http.StatusBadRequest, submit.Response{Status: "ERROR", Msg: "malformed JSON: " + err.Error()})
			return
		}
		wasEnded := g.Ended()
		resp := g.Receive(m)
		logger.Info("message", "problem_no", m.ProblemNo, "task_no", m.TaskNo, "end", m.EndOfMission, "status", resp.Status, "msg", resp.Msg)
		reply(http.StatusOK, resp)
		if !wasEnded && g.Ended() && ended != nil {
			close(ended)
		}
	})
}
