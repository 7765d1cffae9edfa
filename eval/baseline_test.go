package eval

import (
	"context"
	"testing"
)

func TestBaseline(t *testing.T) {
	ctx := context.Background()
	para := "가상의 한빛시는 2021년 3월부터 청년 주거 지원 사업을 시작하였다. 이 사업은 무주택 청년에게 월 20만 원의 임차료를 지원한다."
	tests := []struct {
		name     string
		b        Baseline
		question string
		want     string
	}{
		{"sentence", Baseline{Mode: BaselineSentence}, "무주택 청년에게 지원하는 임차료는?",
			"이 사업은 무주택 청년에게 월 20만 원의 임차료를 지원한다."},
		// Words not in the question just before the question word 임차료를.
		{"span before question word", Baseline{Mode: BaselineSpan}, "무주택 청년에게 지원하는 임차료는?", "20만 원의"},
		{"span three words", Baseline{Mode: BaselineSpan, MaxWords: 3}, "무주택 청년에게 지원하는 임차료는?", "월 20만 원의"},
		{"span before the first question word", Baseline{Mode: BaselineSpan}, "청년 주거 지원 사업을 시작하였다", "2021년 3월부터"},
		{"empty paragraph", Baseline{Mode: BaselineSpan}, "무엇?", ""},
		{"extract narrows to the amount", Baseline{Mode: BaselineExtract}, "무주택 청년에게 지원하는 임차료는 얼마인가?", "20만 원"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := para
			if tt.name == "empty paragraph" {
				p = ""
			}
			got, err := tt.b.Predict(ctx, tt.question, p)
			if err != nil || got != tt.want {
				t.Errorf("Predict = %q, %v, want %q", got, err, tt.want)
			}
		})
	}
}
