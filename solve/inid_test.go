package solve

import (
	"testing"

	"github.com/policyqa/policyqa/document"
)

// gazetteDoc is a patent gazette's front page: INID-coded fields, the
// inventors carried over to the next page, where the last one's name and
// address stand on lines of their own.
func gazetteDoc() *document.Document {
	p := func(page int, text string) document.Block {
		return document.Block{Kind: document.KindParagraph, Page: page, Text: text}
	}
	return &document.Document{ID: "g1", Blocks: []document.Block{
		p(1, "(19) 대한민국특허청(KR) (12) 공개특허공보(A)"),
		p(1, "(11) 공개번호 10-2031-0001234 (43) 공개일자 2031년01월05일"),
		p(1, "(71) 출원인 주식회사 가온소프트 서울특별시 중구 세종대로 110"),
		p(1, "(72) 발명자 한보람 서울특별시 중구 세종대로 110 가온타워 5층 오세진 서울특별시 중구 세종대로 110 가온타워 5층 (뒷면에 계속)"),
		p(1, "(74) 대리인 특허법인 누리"),
		p(1, "(54) 발명의 명칭 문서 속 표를 인식하는 장치 및 방법"),
		p(2, "(72) 발명자 임다온 경기도 수원시 영통구 광교로 45"),
		p(2, "노하진"),
		p(2, "경기도 수원시 영통구 광교로 45"),
		p(2, "이 발명을 지원한 국가연구개발사업 과제고유번호 1234567890 과제명 문서 인식 기술 개발 연구 사업의 주관기관은 가온연구원이다"),
	}}
}

// TestGazetteParties: the parties of a gazette are read from every
// occurrence of their INID field, in order, names without addresses,
// companies and firms whole; one when one is asked.
func TestGazetteParties(t *testing.T) {
	doc := gazetteDoc()
	docs := fakeDocs{"g1": doc}
	s := &Solver{Retriever: fakeIndex{ps: document.Passages(doc)}, Docs: docs, Refs: docs}
	tests := []struct {
		question string
		want     []string
		not      []string
	}{
		{"문서 속 표를 인식하는 장치 특허의 발명자는 모두 누구인가?", []string{"한보람", "오세진", "임다온", "노하진"}, []string{"세종대로", "가온타워", "과제명", "주관기관"}},
		{"공개번호 10-2031-0001234 특허의 대리인은 누구인가?", []string{"특허법인 누리"}, []string{"한보람"}},
		{"표를 인식하는 장치 특허의 출원인은 누구인가?", []string{"주식회사 가온소프트"}, []string{"세종대로"}},
	}
	for _, tt := range tests {
		checkNames(t, tt.question, collectionValue(t, s, tt.question), tt.want, tt.not)
	}
}

func TestPartyNames(t *testing.T) {
	tests := []struct {
		value string
		want  []string
	}{
		{"한보람 서울특별시 중구 세종대로 110 가온타워 5층 오세진 서울특별시 중구 세종대로 110", []string{"한보람", "오세진"}},
		{"주식회사 가온소프트 서울특별시 중구 세종대로 110", []string{"주식회사 가온소프트"}},
		{"김누리", []string{"김누리"}},
	}
	for _, tt := range tests {
		got := partyNames(tt.value)
		if len(got) != len(tt.want) {
			t.Errorf("partyNames(%q) = %q, want %q", tt.value, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("partyNames(%q) = %q, want %q", tt.value, got, tt.want)
			}
		}
	}
}
