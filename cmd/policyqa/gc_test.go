package main

import (
	"runtime/debug"
	"testing"
)

// TestRaiseGC checks that the batch GC target only ever raises the setting
// and is put back unless changed in between.
func TestRaiseGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		name              string
		before, percent   int
		meanwhile         int // set while raised; 0: nothing
		during, afterward int
	}{
		{"raised and restored", 100, 200, 0, 200, 100},
		{"larger setting stays", 400, 200, 0, 400, 400},
		{"off stays off", -1, 200, 0, -1, -1},
		{"disabled option", 100, 0, 0, 100, 100},
		{"changed in between", 100, 200, 50, 50, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			debug.SetGCPercent(tc.before)
			restore := raiseGC(tc.percent)
			if tc.meanwhile != 0 {
				debug.SetGCPercent(tc.meanwhile)
			}
			cur := debug.SetGCPercent(-1)
			debug.SetGCPercent(cur)
			restore()
			after := debug.SetGCPercent(-1)
			debug.SetGCPercent(after)
			if cur != tc.during || after != tc.afterward {
				t.Errorf("during %d, after %d; want %d, %d", cur, after, tc.during, tc.afterward)
			}
		})
	}
}
