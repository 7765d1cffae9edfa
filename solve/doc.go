// Package solve answers challenge problems. It sits between the index
// (retrieval), the parsed documents and the optional neural reader, and
// produces JSON-ready answers for the submission stage:
//
//   - task 1: the three best paragraphs of doc_file, ranked;
//   - task 2: the answer_form with its blanks filled from doc_file;
//   - task 3: one value from the table or chart in ref_file;
//   - task 4: an answer found anywhere in the collection, with evidence.
package solve
