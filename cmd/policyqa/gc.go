package main

import "runtime/debug"

// batchGCPercent is the garbage collector's target for `run`, a batch job
// that parses, indexes, solves and exits: indexing allocates about 1 GB a
// second of short-lived garbage, and at GOGC 200 instead of 100 a
// 100k-passage build takes about 20 % less CPU for about 0.8 GB more peak
// memory (retrieval/README.md). A process-wide setting, so main decides
// it, not the library.
const batchGCPercent = 200

// raiseGC sets the GC target to percent if that raises it and returns
// the function that puts the previous value back, unless someone has
// changed the setting in between (then theirs stays).
func raiseGC(percent int) func() {
	if percent <= 0 {
		return func() {}
	}
	prev := debug.SetGCPercent(percent)
	if prev < 0 || prev >= percent {
		debug.SetGCPercent(prev)
		return func() {}
	}
	return func() {
		if cur := debug.SetGCPercent(prev); cur != percent {
			debug.SetGCPercent(cur)
		}
	}
}
