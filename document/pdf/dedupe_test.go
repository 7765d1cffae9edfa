package pdf

import (
	"reflect"
	"testing"
)

func TestBigrams(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"국가 재정(2024)", []string{"국가", "가재", "재정", "정2", "20", "02", "24"}},
		{"가", nil},
		{" · · ", nil},
		{"A1", []string{"A1"}},
	}
	for _, tt := range tests {
		if got := Bigrams(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Bigrams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDedupeOCR(t *testing.T) {
	layer := "2 업무추진 방향\n민생안정을 최우선에 두어 재정을 신속집행하고, 현장과 호흡하며"
	tests := []struct {
		name, ocr, want string
	}{
		{"picture text kept", "모두 행복한 민생경제 구현\n원칙 하에 현장 중심 행정", "모두 행복한 민생경제 구현\n원칙 하에 현장 중심 행정"},
		{"line the layer has dropped", "민생안정을 최우선에 두어 재정을\n당면 현안 해결", "당면 현안 해결"},
		{"OCR spacing differences ignored", "업무 추진방향", ""},
		{"specks dropped", "·\n|\n가", ""},
		{"mostly new line kept", "현장 중심의 소상공인 안전망 강화", "현장 중심의 소상공인 안전망 강화"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DedupeOCR(layer, tt.ocr); got != tt.want {
				t.Errorf("DedupeOCR = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestHasPictures(t *testing.T) {
	text := glyphs("정상적인 본문 텍스트가 충분히 있는 페이지입니다", 72, 700, 12)
	tests := []struct {
		name string
		pt   PageText
		want bool
	}{
		{"text only", PageText{Runs: text}, false},
		{"text and a small logo", PageText{Runs: text, ImageArea: 0.02}, false},
		{"text and a large picture", PageText{Runs: text, ImageArea: 0.6}, true},
		{"scan: OCR, not pictures", PageText{ImageArea: 1}, false},
	}
	for _, tt := range tests {
		if got := PageHasText(tt.pt).HasPictures(); got != tt.want {
			t.Errorf("%s: HasPictures = %v, want %v", tt.name, got, tt.want)
		}
	}
}
