package pdf

import (
	"reflect"
	"strings"
	"testing"
)

// TestContentsAndLabels: a contents page (its title, entries with dotted
// leaders or bare page numbers, an entry without a number) parents
// nothing and closes the cover's sections; field labels of a form
// (bibliographic INID codes "(21) …" out of sequence, "【…】" labels) are
// paragraphs with their value, while "(1)", "(2)" headings in sequence
// stay headings.
func TestContentsAndLabels(t *testing.T) {
	const l, s = 72.0, 12.0
	full := "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나"
	pages := []PageText{
		page(1, glyphs("국가 재정 운용 계획", l, 700, 20), glyphs("기 획 재 정 부", l, 600, 18), glyphs(full+".", l, 500, s)),
		page(2, glyphs("순 서", l, 760, 18),
			glyphs("Ⅰ. 계획의 의의 ··················· 1", l, 720, s),
			glyphs("Ⅱ. 경제여건 및 전망 ·············· 2", l, 700, s),
			glyphs("Ⅲ. 재정운용 방향", l, 680, s),
			glyphs("Ⅳ. 분야별 재원배분 ·············· 10", l, 660, s)),
		page(3, glyphs("Ⅰ. 계획의 의의", l, 760, s), glyphs("본문은 여러 단어로 된 문장이다.", l, 730, s),
			glyphs("(1) 보건 분야", l, 700, s), glyphs("보건 본문이다.", l, 680, s),
			glyphs("(2) 교육 분야", l, 650, s), glyphs("교육 본문이다.", l, 630, s)),
		page(4, glyphs("(19) 대한민국특허청(KR)", l, 760, s),
			glyphs("(21) 출원번호 10-2021-0000001", l, 730, s),
			glyphs("(57) 요 약", l, 700, s), glyphs("본 발명은 문서를 처리하는 장치에 관한 것이다.", l, 670, s),
			glyphs("【발명의 명칭】", l, 640, 16), glyphs("문서 처리 장치", l, 610, s)),
	}
	type blk struct{ kind, text, section string }
	var got []blk
	for _, b := range Rebuild(pages) {
		got = append(got, blk{string(b.Kind), b.Text, strings.Join(b.Section, " > ")})
	}
	want := []blk{
		{"heading", "국가 재정 운용 계획", ""},
		{"heading", "기 획 재 정 부", ""},
		{"paragraph", full + ".", "기 획 재 정 부"},
		{"heading", "순 서", ""},
		{"paragraph", "Ⅰ. 계획의 의의 ··················· 1", ""},
		{"paragraph", "Ⅱ. 경제여건 및 전망 ·············· 2", ""},
		{"heading", "Ⅲ. 재정운용 방향", ""},
		{"paragraph", "Ⅳ. 분야별 재원배분 ·············· 10", ""},
		{"heading", "Ⅰ. 계획의 의의", ""},
		{"paragraph", "본문은 여러 단어로 된 문장이다.", "Ⅰ. 계획의 의의"},
		{"heading", "(1) 보건 분야", "Ⅰ. 계획의 의의"},
		{"paragraph", "보건 본문이다.", "Ⅰ. 계획의 의의 > (1) 보건 분야"},
		{"heading", "(2) 교육 분야", "Ⅰ. 계획의 의의"},
		{"paragraph", "교육 본문이다.", "Ⅰ. 계획의 의의 > (2) 교육 분야"},
		{"paragraph", "(19) 대한민국특허청(KR)", "Ⅰ. 계획의 의의 > (2) 교육 분야"},
		{"paragraph", "(21) 출원번호 10-2021-0000001", "Ⅰ. 계획의 의의 > (2) 교육 분야"},
		{"paragraph", "(57) 요 약 본 발명은 문서를 처리하는 장치에 관한 것이다.", "Ⅰ. 계획의 의의 > (2) 교육 분야"},
		{"paragraph", "【발명의 명칭】 문서 처리 장치", "Ⅰ. 계획의 의의 > (2) 교육 분야"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%q\nwant\n%q", got, want)
	}
}
