// Package submit delivers answers in the challenge protocol.
//
// Each answer is one UTF-8 JSON object POSTed to $REST_ANSWER_URL:
//
//	{"team_id": "...", "hash": "...", "problem_no": "001", "task_no": "1", "answer": ..., "evidence": [...]}
//
// and the server replies {"status": "...", "msg": "..."}. The mission ends
// with {"team_id": "...", "hash": "...", "end_of_mission": "true"}.
//
// What the protocol says, and what we infer (the organisers published
// sample clients and a sample answer host, AGC-NewType/agc-submit-guide, and
// no more): success is status "OK" (their host answers "ok", so case is
// ignored) and "ERROR" is a refusal; there is one answer per problem and no
// way to replace or withdraw one, and no idempotency key. Our grader
// (package grade) keeps the first answer and refuses later copies.
//
// So: HTTPSink makes one attempt and classifies the outcome (SendError says
// whether to retry and whether the request may have reached the server);
// Deliverer retries within a budget, sends each answer until it has a
// verdict and never after, and sends end_of_mission last, once, only when
// every problem has a verdict; Journal keeps, per mission, what was handed
// over (marked Solved or Failed) and every verdict, so a re-run resumes.
// See Deliverer for the full policy.
package submit
