// Package grade scores answers against a gold file, offline, so a team sees
// its score before it submits. It can serve the challenge protocol itself
// (Server) or score a JSON-lines file of messages (ScoreFile).
//
// # Gold file
//
// A JSON object keyed by problem_no; each value has task_no and, by task:
// "para" (the paragraph that holds the answer: task 1's expected first
// result, task 4's evidence), "answers" (the blanks of a task-2 form in
// order; for task 4 the items the answer must contain) and "answer" (task 3).
//
// # Rules
//
//   - Validation: every message needs team_id, hash, problem_no, task_no and
//     answer; task_no must match the problem sheet; problem_no must exist;
//     a second answer to the same problem is refused (the first counts);
//     end_of_mission ends the mission: answers after it and a second
//     end_of_mission are refused (and counted in "invalid").
//     JSON types: task 1 a list of at most 3 objects {"rank","paragraph"};
//     task 2 a list of objects with the answer_form's keys, one per form
//     row; task 3 a string; task 4 a string plus "evidence", a list of
//     objects {"doc_file", "page" or "section", "paragraph"}. A message of
//     the wrong type scores 0 for its problem.
//   - Paragraph hit: two paragraphs match when, with all white space
//     removed, their longest common substring covers at least 80% of the
//     gold paragraph (so a bullet mark or a PDF line break does not matter,
//     a different paragraph does).
//   - Task 1: MRR@3 — 1/rank of the first of the (at most 3) paragraphs that
//     hits the gold paragraph, 0 when none does.
//   - Task 2: cell accuracy — each blank is one cell, every blank of every
//     row in row-major order (dataset.FormRow.Blanks); a cell is right when
//     the value equals the gold answer, numbers compared as numbers
//     (commas, spaces and units ignored: "1,200명" = "1200"). A gold list
//     with one answer per row over a form with several blanks per row (the
//     older layout) grades the last blank of each row.
//   - Task 3: accuracy — right when equal as in task 2, or when both are
//     numbers within 1% of the gold value.
//   - Task 4: answer recall — the share of gold items found in the answer
//     string (numbers as numbers); evidence hit — 1 when any evidence
//     paragraph hits the gold paragraph.
//
// Problems without an answer score 0. Scores are means over the gold
// problems of each task.
package grade
