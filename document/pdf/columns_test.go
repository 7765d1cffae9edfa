package pdf

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// justified sets text on baseline y from x0 to x1 as glyphs does, the
// slack spread over its spaces (a justified line of a text column).
func justified(text string, x0, x1, y, size float64) []Run {
	rs := glyphs(text, x0, y, size)
	n := strings.Count(text, " ")
	if n == 0 {
		return rs
	}
	extra := (x1 - end(rs)) / float64(n)
	shift := 0.0
	for i := range rs {
		rs[i].X += shift
		if rs[i].Text == " " {
			shift += extra
		}
	}
	return rs
}

// setColumn sets a column's lines from x0 to x1, the first on baseline y,
// each pitch below the last; a line starting with "\n" is set one blank
// line further down, a line ending in "|" is justified to x1 (the "|"
// dropped), the others set ragged.
func setColumn(x0, x1, y, size, pitch float64, lines ...string) []Run {
	var out []Run
	for _, l := range lines {
		if strings.HasPrefix(l, "\n") {
			y -= pitch
			l = l[1:]
		}
		if t, ok := strings.CutSuffix(l, "|"); ok {
			out = append(out, justified(t, x0, x1, y, size)...)
		} else {
			out = append(out, glyphs(l, x0, y, size)...)
		}
		y -= pitch
	}
	return out
}

// blockTexts lists the blocks' kinds and texts, a table as its grid rows
// joined with " | ".
func blockTexts(bs []document.Block) []string {
	var out []string
	for _, b := range bs {
		if b.Table != nil {
			var rows []string
			for _, r := range b.Table.Grid() {
				rows = append(rows, strings.Join(r, " | "))
			}
			out = append(out, "table: "+strings.Join(rows, " / "))
			continue
		}
		out = append(out, string(b.Kind)+": "+b.Text)
	}
	return out
}

// journal is a page set in two columns of justified running text under a
// title across both; the right column's baselines lie drop points lower
// than the left's.
func journal(drop float64) []Run {
	return cat(
		glyphs("재정 지원 성과 분석", 220, 760, 16),
		setColumn(60, 280, 700, 10, 14,
			"지역 균형 발전을 위한 재정 지원은 지난|",
			"십 년 동안 꾸준히 늘어났으며 특히 비수도권|",
			"중소도시의 기반 시설 확충에 집중되었다.",
			"\n다만 지원 효과를 측정하는 지표가 부족하여|",
			"성과 관리가 어렵다는 지적이 이어졌다."),
		setColumn(310, 530, 700-drop, 10, 14,
			"이에 따라 정부는 성과 지표를 새로 마련하고|",
			"사업별 목표를 매년 점검하는 체계를 도입하기로|",
			"하였다.",
			"\n새 체계는 다음 연도 예산 편성부터 적용된다."),
	)
}

func TestColumnLayouts(t *testing.T) {
	tests := []struct {
		name  string
		pages []PageText
		want  []string
	}{
		{
			name:  "two columns of running text are read column by column",
			pages: []PageText{page(1, journal(0))},
			want: []string{
				"heading: 재정 지원 성과 분석",
				"paragraph: 지역 균형 발전을 위한 재정 지원은 지난 십 년 동안 꾸준히 늘어났으며 특히 비수도권 중소도시의 기반 시설 확충에 집중되었다.",
				"paragraph: 다만 지원 효과를 측정하는 지표가 부족하여 성과 관리가 어렵다는 지적이 이어졌다.",
				"paragraph: 이에 따라 정부는 성과 지표를 새로 마련하고 사업별 목표를 매년 점검하는 체계를 도입하기로 하였다.",
				"paragraph: 새 체계는 다음 연도 예산 편성부터 적용된다.",
			},
		},
		{
			name:  "two columns whose baselines do not line up are read column by column too",
			pages: []PageText{page(1, journal(7))},
			want: []string{
				"heading: 재정 지원 성과 분석",
				"paragraph: 지역 균형 발전을 위한 재정 지원은 지난 십 년 동안 꾸준히 늘어났으며 특히 비수도권 중소도시의 기반 시설 확충에 집중되었다.",
				"paragraph: 다만 지원 효과를 측정하는 지표가 부족하여 성과 관리가 어렵다는 지적이 이어졌다.",
				"paragraph: 이에 따라 정부는 성과 지표를 새로 마련하고 사업별 목표를 매년 점검하는 체계를 도입하기로 하였다.",
				"paragraph: 새 체계는 다음 연도 예산 편성부터 적용된다.",
			},
		},
		{
			name: "a two-column form (bibliographic page) is two columns, not a table",
			pages: []PageText{page(1,
				setColumn(60, 280, 740, 10, 14,
					"(10) 등록번호 제10-1234567호",
					"(24) 등록일자 2024년03월05일",
					"(73) 권리자 가나다주식회사",
					"서울특별시 중구 세종대로 110, 3층"),
				setColumn(310, 530, 740, 10, 14,
					"(21) 출원번호 10-2022-0123456",
					"(22) 출원일자 2022년09월14일",
					"(72) 발명자 홍길동",
					"부산광역시 해운대구 센텀중앙로 55",
					"(74) 대리인 특허법인 다라마"),
				glyphs("발명의 명칭 전자 문서의 개인 정보를 가리는 장치 및 그 방법", 60, 650, 10),
			)},
			want: []string{ // "(10) …" are bibliographic field codes (INID), not numbered headings
				"paragraph: (10) 등록번호 제10-1234567호",
				"paragraph: (24) 등록일자 2024년03월05일",
				"paragraph: (73) 권리자 가나다주식회사 서울특별시 중구 세종대로 110, 3층",
				"paragraph: (21) 출원번호 10-2022-0123456",
				"paragraph: (22) 출원일자 2022년09월14일",
				"paragraph: (72) 발명자 홍길동 부산광역시 해운대구 센텀중앙로 55",
				"paragraph: (74) 대리인 특허법인 다라마",
				"paragraph: 발명의 명칭 전자 문서의 개인 정보를 가리는 장치 및 그 방법",
			},
		},
		{
			name: "a form in columns: a label line and the values indented under it are one entry",
			pages: []PageText{page(1,
				setColumn(60, 280, 740, 10, 14, "(10) 등록번호 제10-1234567호", "(73) 권리자"),
				setColumn(80, 280, 712, 10, 14, "가나다주식회사", "서울특별시 중구 세종대로 110, 3층"),
				setColumn(60, 280, 684, 10, 14, "(24) 등록일자 2024년03월05일"),
				setColumn(310, 530, 740, 10, 14, "(21) 출원번호 10-2022-0123456", "(72) 발명자"),
				setColumn(330, 530, 712, 10, 14, "홍길동", "부산광역시 해운대구 센텀중앙로 55", "김철수", "대구광역시 수성구 동대구로 10"),
			)},
			want: []string{
				"paragraph: (10) 등록번호 제10-1234567호",
				"paragraph: (73) 권리자 가나다주식회사 서울특별시 중구 세종대로 110, 3층",
				"paragraph: (24) 등록일자 2024년03월05일",
				"paragraph: (21) 출원번호 10-2022-0123456",
				"paragraph: (72) 발명자 홍길동 부산광역시 해운대구 센텀중앙로 55 김철수 대구광역시 수성구 동대구로 10",
			},
		},
		{
			name: "a heading in a column stays apart from a paragraph whose first line is indented",
			pages: []PageText{page(1,
				setColumn(60, 280, 740, 10, 14, "연구 방법"),
				setColumn(70, 280, 726, 10, 14, "이 연구는 전국 지방자치단체의 재정|"),
				setColumn(60, 280, 712, 10, 14, "자료를 2015년부터 2023년까지 모아 분석|", "하였다."),
				setColumn(310, 530, 740, 10, 14, "분석 결과 재정 자립도가 낮은 지역일수록|", "지원 효과가 크게 나타났으며 이는 앞선|", "연구들과 같은 결과이다."),
			)},
			want: []string{
				"paragraph: 연구 방법",
				"paragraph: 이 연구는 전국 지방자치단체의 재정 자료를 2015년부터 2023년까지 모아 분석 하였다.",
				"paragraph: 분석 결과 재정 자립도가 낮은 지역일수록 지원 효과가 크게 나타났으며 이는 앞선 연구들과 같은 결과이다.",
			},
		},
		{
			name: "three columns of text",
			pages: []PageText{page(1,
				setColumn(50, 200, 700, 10, 14, "첫째 단의 글은 여기에서 시작하여|", "둘째 줄과 셋째 줄을 지나 넷째|", "줄에서 끝이 난다."),
				setColumn(220, 370, 700, 10, 14, "둘째 단의 글은 앞의 단을 이어|", "받아서 같은 방식으로 계속 써|", "내려간 다음에 끝난다."),
				setColumn(390, 540, 700, 10, 14, "셋째 단의 글은 이 쪽의 마지막|", "글이 되어 앞의 두 단을 모두|", "읽은 뒤에 읽힌다."),
			)},
			want: []string{
				"paragraph: 첫째 단의 글은 여기에서 시작하여 둘째 줄과 셋째 줄을 지나 넷째 줄에서 끝이 난다.",
				"paragraph: 둘째 단의 글은 앞의 단을 이어 받아서 같은 방식으로 계속 써 내려간 다음에 끝난다.",
				"paragraph: 셋째 단의 글은 이 쪽의 마지막 글이 되어 앞의 두 단을 모두 읽은 뒤에 읽힌다.",
			},
		},
		{
			name: "a column running over to the next page joins its paragraph",
			pages: []PageText{
				page(1,
					setColumn(60, 280, 700, 10, 14, "왼쪽 단의 첫 문단은 이 줄에서 바로|", "끝나지 않고 다음 줄로 이어지며 여기서|", "마친다."),
					setColumn(310, 530, 700, 10, 14, "오른쪽 단의 문단은 이 쪽의 끝에서|", "끝나지 않고 다음 쪽 왼쪽 단으로 계속|", "넘어가서 다음 쪽의 첫 줄로 이어지게|")),
				page(2,
					setColumn(60, 280, 760, 10, 14, "되는데 이렇게 이어진 문장은 하나로|", "읽혀야 한다.", "\n다음 문단은 새로 시작한다."),
					setColumn(310, 530, 760, 10, 14, "오른쪽 단도 여전히 따로 읽힌다. 이|", "단의 글은 왼쪽 단 다음에 나온다.", "\n끝.")),
			},
			want: []string{
				"paragraph: 왼쪽 단의 첫 문단은 이 줄에서 바로 끝나지 않고 다음 줄로 이어지며 여기서 마친다.",
				"paragraph: 오른쪽 단의 문단은 이 쪽의 끝에서 끝나지 않고 다음 쪽 왼쪽 단으로 계속 넘어가서 다음 쪽의 첫 줄로 이어지게 되는데 이렇게 이어진 문장은 하나로 읽혀야 한다.",
				"paragraph: 다음 문단은 새로 시작한다.",
				"paragraph: 오른쪽 단도 여전히 따로 읽힌다. 이 단의 글은 왼쪽 단 다음에 나온다.",
				"paragraph: 끝.",
			},
		},
		{
			name: "paragraph numbers hung in the margin open paragraphs, not table rows",
			pages: []PageText{page(1,
				setColumn(20, 50, 700, 10, 14, "[0012]", "", "[0013]"),
				setColumn(70, 530, 700, 10, 14,
					"본 발명의 장치는 문서에 삽입되는 그림 속의 글자를 읽어 개인 정보가 들어 있는지|",
					"확인한 다음 사용자에게 알린다.",
					"확인 결과는 화면에 표시되며 사용자는 그림을 그대로 넣을지 고를 수 있다."),
			)},
			want: []string{
				"paragraph: [0012] 본 발명의 장치는 문서에 삽입되는 그림 속의 글자를 읽어 개인 정보가 들어 있는지 확인한 다음 사용자에게 알린다.",
				"paragraph: [0013] 확인 결과는 화면에 표시되며 사용자는 그림을 그대로 넣을지 고를 수 있다.",
			},
		},
		{
			name: "bullets set apart from their text are paragraphs",
			pages: []PageText{page(1,
				setColumn(64, 74, 700, 10, 16, "◦", "◦"),
				setColumn(97, 530, 700, 10, 16, "대학별 성과 지표의 관리 방안과 환류 계획을 함께 평가한다", "지표 달성도와 목표의 적절성은 매년 다시 점검한다"),
			)},
			want: []string{
				"paragraph: ◦ 대학별 성과 지표의 관리 방안과 환류 계획을 함께 평가한다",
				"paragraph: ◦ 지표 달성도와 목표의 적절성은 매년 다시 점검한다",
			},
		},
		{
			name: "numbered rows of numbers stay a table",
			pages: []PageText{page(1,
				setColumn(64, 74, 700, 10, 16, "1", "2", "3"),
				setColumn(200, 240, 700, 10, 16, "1,200", "950", "430"),
			)},
			want: []string{"table: 1 | 1,200 / 2 | 950 / 3 | 430"},
		},
		{
			name: "a borderless table of numbers stays a table",
			pages: []PageText{page(1,
				setColumn(60, 200, 700, 10, 15, "구분", "중앙정부", "지방정부", "합계"),
				setColumn(250, 300, 700, 10, 15, "2022", "1,200", "800", "2,000"),
				setColumn(350, 400, 700, 10, 15, "2023", "1,350", "900", "2,250"),
				setColumn(450, 500, 700, 10, 15, "2024", "1,500", "950", "2,450"),
			)},
			want: []string{"table: 구분 | 2022 | 2023 | 2024 / 중앙정부 | 1,200 | 1,350 | 1,500 / 지방정부 | 800 | 900 | 950 / 합계 | 2,000 | 2,250 | 2,450"},
		},
		{
			name: "a key-value table (short keys, long values) stays a table",
			pages: []PageText{page(1,
				setColumn(60, 120, 700, 10, 16, "지원대상", "지원내용", "신청기간", "문의처"),
				setColumn(150, 530, 700, 10, 16,
					"중소기업 및 소상공인으로서 연 매출 10억원 이하인 사업자",
					"운전자금 최대 5천만원을 연 2% 금리로 융자 지원",
					"2024년 3월 4일부터 3월 29일까지 온라인 접수",
					"지역 경제 진흥원 기업지원팀 대표 전화"),
			)},
			want: []string{"table: 지원대상 | 중소기업 및 소상공인으로서 연 매출 10억원 이하인 사업자 / 지원내용 | 운전자금 최대 5천만원을 연 2% 금리로 융자 지원 / " +
				"신청기간 | 2024년 3월 4일부터 3월 29일까지 온라인 접수 / 문의처 | 지역 경제 진흥원 기업지원팀 대표 전화"},
		},
		{
			name: "two text columns beside a column of numbers are a table",
			pages: []PageText{page(1,
				setColumn(60, 260, 700, 10, 15, "도시재생 뉴딜 사업 지원 확대", "농어촌 생활 기반 시설 정비 사업", "지역 거점 대학 연구 역량 강화"),
				setColumn(290, 470, 700, 10, 15, "노후 주거지 정비와 생활 기반 확충", "상하수도 및 마을 안길 개선 지원", "산학 협력 연구소 설치 운영비 지원"),
				setColumn(500, 540, 700, 10, 15, "1,200", "850", "430"),
			)},
			want: []string{"table: 도시재생 뉴딜 사업 지원 확대 | 노후 주거지 정비와 생활 기반 확충 | 1,200 / " +
				"농어촌 생활 기반 시설 정비 사업 | 상하수도 및 마을 안길 개선 지원 | 850 / 지역 거점 대학 연구 역량 강화 | 산학 협력 연구소 설치 운영비 지원 | 430"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := blockTexts(Rebuild(tt.pages))
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestColumnLayoutPDF parses a PDF set in two columns (written by
// makePDF: a composite font with 1 em glyphs and a ToUnicode map): no
// table, the left column read before the right.
func TestColumnLayoutPDF(t *testing.T) {
	var items []item
	add := func(x, y float64, text string) { items = append(items, item{"K", 10, x, y, text}) }
	add(200, 780, "두 단으로 짠 보고서")
	left := []string{"왼쪽 단의 첫 줄에 놓인 글은", "둘째 줄로 이어져 하나의 문단을", "이루고 셋째 줄과 넷째 줄을", "지나 다섯째 줄에서 끝나는", "문단이다."}
	right := []string{"오른쪽 단의 첫 줄 역시 글이", "이어지며 왼쪽 단을 다", "읽은 다음에 읽는 것이 맞는 순서", "가 되도록 이 단은 쓰였다.", "끝."}
	for i := range left {
		add(60, 740-14*float64(i), left[i])
		add(320, 740-14*float64(i), right[i])
	}
	data := makePDF([]fixturePage{{items: items}})
	d, info, err := ParseInfo(context.Background(), bytes.NewReader(data), int64(len(data)), "cols", Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(info) != 1 || info[0].NeedsOCR() {
		t.Fatalf("page info %+v", info)
	}
	text := docText(d)
	for _, b := range d.Blocks {
		if b.Table != nil {
			t.Errorf("table block %q", b.Table.Grid())
		}
	}
	l, r := strings.Index(text, "끝나는 문단이다."), strings.Index(text, "오른쪽 단의 첫 줄")
	if l < 0 || r < 0 || l > r {
		t.Errorf("left column not read before the right:\n%s", text)
	}
	if !strings.Contains(text, "왼쪽 단의 첫 줄에 놓인 글은 둘째 줄로") {
		t.Errorf("left column lines not read on:\n%s", text)
	}
}
