package pdf

import (
	"reflect"
	"strings"
	"testing"
)

// TestEarlyWraps: lines broken before the right margin (by hand, as Korean
// reports break a long item) join their paragraph when the break falls
// mid-sentence and the next line starts where the paragraph wraps; items,
// headings, titles over indented paragraphs, contents lines, short lines
// (diagram boxes, labels) and sentence ends stay apart.
func TestEarlyWraps(t *testing.T) {
	const l, s, p = 72.0, 12.0, 18.0 // left margin, font size, line pitch
	// Full lines set the measure: 30 em, 72 to 432.
	full := "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나"
	body := func(y float64) []Run { return glyphs(full, l, y, s) }
	tests := []struct {
		name string
		runs []Run
		want []string
	}{
		{"bullet item broken by hand, continuation under its text", cat(
			body(760),
			glyphs("□ 중기적 시계에서 정부의 운용 전략과 목표를", l, 720, s),
			glyphs("제시하기 위해 오년 단위의 계획 수립", l+2*s, 720-p, s),
			glyphs("□ 다음 항목은 따로 읽는다", l, 720-2*p, s),
		), []string{full, "□ 중기적 시계에서 정부의 운용 전략과 목표를 제시하기 위해 오년 단위의 계획 수립", "□ 다음 항목은 따로 읽는다"}},
		{"comma at the break, three lines", cat(
			body(760),
			glyphs("ㅇ 물가는 오름세가 둔화되겠으나, 국제 원자재 가격,", l, 720, s),
			glyphs("기상여건 등 불확실성이 지속되는 가운데 수출은", l+1.5*s, 720-p, s),
			glyphs("회복 흐름", l+1.5*s, 720-2*p, s),
		), []string{full, "ㅇ 물가는 오름세가 둔화되겠으나, 국제 원자재 가격, 기상여건 등 불확실성이 지속되는 가운데 수출은 회복 흐름"}},
		{"plain paragraph at the margin", cat(
			body(760),
			glyphs("지역 균형 발전을 위한 재정 지원은 지난 십 년", l, 720, s),
			glyphs("꾸준히 늘어났다.", l, 720-p, s),
		), []string{full, "지역 균형 발전을 위한 재정 지원은 지난 십 년 꾸준히 늘어났다."}},
		{"sentence end", cat(
			body(760),
			glyphs("□ 지원 규모는 지난해보다 크게 늘어났다.", l, 720, s),
			glyphs("다음 문장은 새 문단이다", l+2*s, 720-p, s),
		), []string{full, "□ 지원 규모는 지난해보다 크게 늘어났다.", "다음 문장은 새 문단이다"}},
		{"numbered heading over body text", cat(
			body(760),
			glyphs("Ⅱ. 이천이십삼년 경제여건 및 중기 전망", l, 720, s),
			glyphs("대내외 경제 여건은 다음과 같다", l, 720-p, s),
		), []string{full, "Ⅱ. 이천이십삼년 경제여건 및 중기 전망", "대내외 경제 여건은 다음과 같다"}},
		{"title over a first-line-indented paragraph", cat(
			body(760),
			glyphs("(소득세법) 배당소득 이중과세 조정을 위한 가산율", l+s, 720, s),
			glyphs("개인이 기업 등으로부터 배당금을 받는 경우", l+s, 720-p, s),
		), []string{full, "(소득세법) 배당소득 이중과세 조정을 위한 가산율", "개인이 기업 등으로부터 배당금을 받는 경우"}},
		{"next line opens a labelled item", cat(
			body(760),
			glyphs("* (창업비자) 연장할 때 매출액 뿐 아니라 고용 등", l, 720, s),
			glyphs("(준비비자) 유학생 비자에서 쉽게 전환하도록", l+2*s, 720-p, s),
		), []string{full, "* (창업비자) 연장할 때 매출액 뿐 아니라 고용 등", "(준비비자) 유학생 비자에서 쉽게 전환하도록"}},
		{"particle after a bracket continues", cat(
			body(760),
			glyphs("ㅇ 스타트업 정책 방향을 마련하고, 글로벌 창업 축제", l, 720, s),
			glyphs("(컴업)을 역대 최대 규모로 개최", l+1.5*s, 720-p, s),
		), []string{full, "ㅇ 스타트업 정책 방향을 마련하고, 글로벌 창업 축제 (컴업)을 역대 최대 규모로 개최"}},
		{"short lines of a diagram", cat(
			body(760),
			glyphs("1 특화전략 기반 자율혁신", l+5*s, 720, s),
			glyphs("2 학생 전공 선택 지원", l+5*s, 720-p, s),
		), []string{full, "1 특화전략 기반 자율혁신", "2 학생 전공 선택 지원"}},
		{"contents lines", cat(
			body(760),
			glyphs("Ⅴ. 재정혁신 추진방향 ················· 14", l, 720, s),
			glyphs("참고 분야별 재원배분 방향 ················ 22", l, 720-p, s),
		), []string{full, "Ⅴ. 재정혁신 추진방향 ················· 14", "참고 분야별 재원배분 방향 ················ 22"}},
		{"centred caption after an item", cat(
			body(760),
			glyphs("ㅇ 분야별 전문가가 참여하는 지원단 운영 등 의견 수렴", l, 720, s),
			glyphs("< 계획 수립 절차 >", l+10*s, 720-p, s),
		), []string{full, "ㅇ 분야별 전문가가 참여하는 지원단 운영 등 의견 수렴", "< 계획 수립 절차 >"}},
		{"a paragraph set looser than the document's pitch", cat(
			body(790), body(790-p), body(790-2*p), body(790-3*p), body(790-4*p), body(790-5*p),
			glyphs("□ (재정수지) 올해는 적자 폭이 커지겠으나 내년부터 가나다라마", l, 650, s),
			glyphs("이후는 준칙을 지키며 점진적으로 개선", l+2*s, 650-1.3*p, s),
			glyphs("ㅇ 다음 항목은 같은 간격에서도 따로 읽는다 가나다라마바사아자차카", l, 650-2.6*p, s),
			glyphs("\uf000 기호 글꼴의 글머리표로 여는 항목", l, 650-3.9*p, s),
		), []string{strings.TrimSpace(strings.Repeat(full+" ", 6)), "□ (재정수지) 올해는 적자 폭이 커지겠으나 내년부터 가나다라마 이후는 준칙을 지키며 점진적으로 개선",
			"ㅇ 다음 항목은 같은 간격에서도 따로 읽는다 가나다라마바사아자차카", "\uf000 기호 글꼴의 글머리표로 여는 항목"}},
		{"paragraph spacing ends the paragraph", cat(
			body(760),
			glyphs("상기 문서에 삽입되는 이미지 개체를 식별하는 장치에 있어서,", l, 720, s),
			body(720-p-6),
			body(720-2*p-6),
		), []string{full, "상기 문서에 삽입되는 이미지 개체를 식별하는 장치에 있어서,", full + " " + full}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, b := range Rebuild([]PageText{page(1, tt.runs)}) {
				got = append(got, strings.Join(strings.Fields(b.Text), " "))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}
