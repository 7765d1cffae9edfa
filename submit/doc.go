// Package submit sends answers in the challenge protocol.
//
// Each answer is one UTF-8 JSON object POSTed to $REST_ANSWER_URL:
//
//	{"team_id": "...", "hash": "...", "problem_no": "001", "task_no": "1", "answer": ..., "evidence": [...]}
//
// and the server replies {"status": "...", "msg": "..."}. The mission always
// ends with {"team_id": "...", "hash": "...", "end_of_mission": "true"}.
//
// A Submitter retries transient failures (connection errors, timeouts, 5xx)
// with backoff, logs ERROR replies and goes on, keeps a journal of accepted
// answers so that a re-run after a crash does not send an answer twice, and
// can copy every message to a JSON-lines file.
package submit
