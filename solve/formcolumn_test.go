package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/retrieval"
)

// TestBeforeAfter: a form column or question that asks the new value
// (개정 후, 변경안, "상향된 …") gets the after side of "A → B" and "A에서
// B로"; one that asks the old value (개정 전, 종전, 현행) the before side;
// a change ("N 증가한 M") is not a level unless the column asks a change.
func TestBeforeAfter(t *testing.T) {
	tests := []struct {
		text, label, column, question, want string
	}{
		{"▲ 숙박비 한도: 7만원 → 10만원으로 인상", "숙박비 한도", "개정 후(만원)", "", "10"},
		{"▲ 숙박비 한도: 7만원 → 10만원으로 인상", "숙박비 한도", "개정 전(만원)", "", "7"},
		{"교통비 지원 한도를 20만원에서 30만원으로 상향하였다", "교통비 지원 한도", "금액(만원)", "상향된 지원 한도를 쓰시오", "30"},
		{"교통비 지원 한도를 20만원에서 30만원으로 상향하였다", "교통비 지원 한도", "종전(만원)", "", "20"},
		{"교통비 지원 한도를 20만원에서 30만원으로 상향하였다", "교통비 지원 한도", "현행(만원)", "", "20"},
		{"교통비 지원 한도를 20만원에서 30만원으로 상향하였다", "교통비 지원 한도", "변경안(만원)", "", "30"},
		{"사용료 수입은 전년 대비 1.5억원 증가한 12.5억원이다", "사용료 수입", "금액(억원)", "", "12.5"},
		{"사용료 수입은 전년 대비 1.5억원 증가한 12.5억원이다", "사용료 수입", "증감(억원)", "", "1.5"},
		// The label as a cause ("… 증가로") is not the subject.
		{"총수입은 임대·사용료 수입 증가로 2.0억원 증가한 40.0억원이며, 사용료 수입은 12.5억원이다", "사용료 수입", "금액(억원)", "", "12.5"},
	}
	for _, tt := range tests {
		got, _ := valueAfterColumn(tt.text, tt.label, columnOf(tt.column, tt.question))
		if got != tt.want {
			t.Errorf("%s | %s | %s\n  = %q, want %q", tt.text, tt.label, tt.column, got, tt.want)
		}
	}
}

// TestRangesAreDates: the ends of a date range in a passage do not fill an
// amount or count column.
func TestRangesAreDates(t *testing.T) {
	tests := []struct{ text, label, column, want string }{
		{"▪ 운영비 정산 점검(’22.9.~11.)", "운영비 정산", "금액(억원)", ""},
		{"▪ 운영비 정산 점검(’22.9.~11.) 결과 4.2억원 환수", "운영비 정산", "금액(억원)", "4.2"},
		{"◦ (점검 기관) 9.~11월 중 공공기관 12개소", "점검 기관", "기관 수(개소)", "12"},
	}
	for _, tt := range tests {
		got, _ := valueAfterColumn(tt.text, tt.label, columnOf(tt.column, ""))
		if got != tt.want {
			t.Errorf("%s | %s\n  = %q, want %q", tt.text, tt.label, got, tt.want)
		}
	}
}

// TestFormLabelParaphrase: a form label the text words differently
// ("보증한도" for "보증금액 한도", "공제 상한" for "상한액") is found by the
// label's bigrams in a clause, and the clause's value read for the column.
func TestFormLabelParaphrase(t *testing.T) {
	text := "▲ (청년 전세 보증 확대) 무주택 청년이 받을 수 있는 전세 보증금액 한도를 2억원에서 3억원으로 높이고, " +
		"▲ (이사비 지원) 이사비 지원 상한액을 40만원 → 60만원으로 인상하였다. " +
		"▲ (기타) 관련 서식을 정비하였다."
	hits := []retrieval.Hit{{Passage: document.Passage{ID: "p1", Text: text, Kind: document.KindParagraph}}}
	tests := []struct{ label, column, want string }{
		{"청년 전세 보증한도", "개정 후(억원)", "3"},
		{"이사비 지원 상한", "개정 후(만원)", "60"},
		{"이사비 지원 상한", "개정 전(만원)", "40"},
		{"주택 구입 대출 금리", "개정 후(%)", ""},
	}
	for _, tt := range tests {
		got, _, _ := paraphrasedValue(hits, tt.label, columnOf(tt.column, ""))
		if got != tt.want {
			t.Errorf("paraphrasedValue(%q, %q) = %q, want %q", tt.label, tt.column, got, tt.want)
		}
	}
}
