package proc

import (
	"runtime"
	"testing"
)

func TestCPUAdvances(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("CPU time and load average are read on Linux")
	}
	c0 := CPU()
	x := 0
	for i := 0; i < 50_000_000; i++ {
		x += i % 7
	}
	_ = x
	if c1 := CPU(); c1 <= c0 {
		t.Fatalf("CPU did not advance: %v -> %v", c0, c1)
	}
	if l := LoadAvg(); l < 0 {
		t.Fatalf("LoadAvg = %v", l)
	}
}
