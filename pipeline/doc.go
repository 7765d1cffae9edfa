// Package pipeline runs the whole job on a dataset mount, one way through
// the stages: dataset → documents (corpus) → passages and index →
// solvers → answers → submission.
package pipeline
