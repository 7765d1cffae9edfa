// Package eval scores extractive question answering on KorQuAD 1.0 style
// data the way the official KorQuAD 1.0 evaluation script does.
//
// The official script is the SQuAD v1.1 script with a Korean twist:
// answers are normalised (a fixed set of quote and bracket characters
// becomes a space, then lower case, ASCII punctuation removed, whitespace
// collapsed), exact match compares the normalised strings, and F1 is
// computed over characters (code points) of the normalised answer with the
// spaces left out, not over words. A question scores its best value over
// all gold answers; EM and F1 are averaged over every question in the
// scored set and reported in percent.
//
// The split by article is fixed here so that training scripts and this
// package agree: article titles are sorted, and the article at sorted
// position i is held out when i%5 == 4 (every fifth article, 20%).
//
// Predictors are a small interface: Baseline needs no model (it answers
// with words of the gold paragraph's sentence that overlaps the question
// most), and a reader-backed predictor lives in the command that has the
// model.
package eval
