//go:build ort

package reader

import (
	"context"
	"strings"
	"testing"
)

// BenchmarkAnswerTiny times Answer on the tiny model with three passages of
// about two 384-token windows each; it reports windows/s and the share of
// time outside the session runs.
func BenchmarkAnswerTiny(b *testing.B) {
	r, err := New(Options{ModelDir: "testdata/tiny", LibPath: testLib(b), IntraOpThreads: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	sentence := "가상의 한빛시는 2021년 3월부터 청년 주거 지원 사업을 시작하였다. 보조금 한도는 기업당 1억 원이며, 신청 기간은 매년 4월 1일부터 4월 30일까지이다. "
	passage := strings.Repeat(sentence, 3000/len(sentence)+1)
	passages := []string{passage, passage, passage}
	ctx := context.Background()
	before := r.Stats()
	b.ResetTimer()
	for b.Loop() {
		if _, err := r.Answer(ctx, "보조금 한도는 얼마인가?", passages, 5); err != nil {
			b.Fatal(err)
		}
	}
	st := r.Stats()
	wall, run := st.Wall-before.Wall, st.Run-before.Run
	b.ReportMetric(float64(st.Windows-before.Windows)/wall.Seconds(), "windows/s")
	b.ReportMetric(float64(wall-run)/float64(wall), "overhead")
}
