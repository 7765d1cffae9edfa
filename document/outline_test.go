package document

import (
	"reflect"
	"strings"
	"testing"
)

func TestHeadingRules(t *testing.T) {
	odt := HeadingRules{DecimalBase: 2, NoExclaim: true}
	tests := []struct {
		in       string
		hwp, odt int // HeadingRank, the ODT parser's rules
	}{
		{"제1장 서론", 2, 2},
		{"제2편", 1, 1},
		{"제1절 연구의 목적", 3, 3},
		{"Ⅳ. 소 결", 4, 4},
		{"1. 개요", 5, 5},
		{"6.1 재생연료유 성분분석 비교", 6, 4},
		{"6.2.1 설정경과", 7, 5},
		{"1.2.3.4.5 깊은 절", 9, 7},
		{"가. 폐유 성분분석 비교", 6, 6},
		{"가) 세부", 10, 10},
		{"1. 함께 만드는 미래!", 5, 0},
		{"1. 개요 ····· 12", 0, 0},
		{"2. 광고를 함에 있어서는 알기 쉽도록 하여야 한다.", 0, 0},
		{"1. " + strings.Repeat("가", 70), 0, 0},
		{"Ⅰ.", 0, 0},
		{"", 0, 0},
	}
	for _, tt := range tests {
		if got := HeadingRank(tt.in); got != tt.hwp {
			t.Errorf("HeadingRank(%q) = %d, want %d", tt.in, got, tt.hwp)
		}
		if got := odt.Rank(tt.in); got != tt.odt {
			t.Errorf("ODT rules Rank(%q) = %d, want %d", tt.in, got, tt.odt)
		}
	}
}

func TestCaptions(t *testing.T) {
	tests := []struct {
		in           string
		table, image bool
	}{
		{"[표 6-6] 기존 연구용역 제안기준", true, false},
		{"<표 3-1> 지역별 현황", true, false},
		{"〈표 Ⅱ-1〉 현황", true, false},
		{"표 2. 현황", true, false},
		{"<표 차례>", false, false},
		{"표 1과 같이 증가하였다", false, false},
		{"<그림 6-1> 재생연료유 품질기준 설정경과", false, true},
		{"[그림 2] 흐름", false, true},
		{"그림 3. 흐름", false, true},
		{"(도시 계획) 개요", false, false},
		{"[표 1] " + strings.Repeat("가", 150), false, false},
	}
	for _, tt := range tests {
		if got := IsTableCaption(tt.in); got != tt.table {
			t.Errorf("IsTableCaption(%q) = %v", tt.in, got)
		}
		if got := IsFigureCaption(tt.in); got != tt.image {
			t.Errorf("IsFigureCaption(%q) = %v", tt.in, got)
		}
	}
}

// TestOutliner builds a small report the way the ODT and HWP parsers feed
// it and checks sections, levels and captions.
func TestOutliner(t *testing.T) {
	var o Outliner
	o.Heading("제1장 서론", 2, 1)
	o.Paragraph("1. 개요", false, 1)
	o.Paragraph("본문입니다.", false, 1)
	o.Paragraph("1. 목록 항목", true, 1) // a list item is never a numbered heading
	o.Paragraph("[표 1] 현황", false, 2)
	if c, ok := o.CaptionBefore(IsTableCaption); !ok || c != "[표 1] 현황" {
		t.Fatalf("CaptionBefore = %q, %v", c, ok)
	}
	if c, ok := o.CaptionBefore(IsTableCaption); ok {
		t.Errorf("caption taken twice: %q", c)
	}
	o.Blocks = append(o.Blocks, Block{Kind: KindTable, Section: o.Path(), Table: &Table{}})
	o.Blocks = append(o.Blocks, Block{Kind: KindFigure, Section: o.Path(), Image: &Image{}})
	o.Paragraph("<그림 1> 흐름", false, 2)
	o.Paragraph("", false, 2) // ignored
	o.Heading("제2장 결론", 2, 3)
	o.Paragraph("2. 과제", false, 3)

	type row struct {
		kind    Kind
		text    string
		section []string
		level   int
	}
	var got []row
	for _, b := range o.Blocks {
		got = append(got, row{b.Kind, b.Text, b.Section, b.Level})
	}
	ch1, ch2 := "제1장 서론", "제2장 결론"
	want := []row{
		{KindHeading, ch1, nil, 1},
		{KindHeading, "1. 개요", []string{ch1}, 2},
		{KindParagraph, "본문입니다.", []string{ch1, "1. 개요"}, 0},
		{KindListItem, "1. 목록 항목", []string{ch1, "1. 개요"}, 0},
		{KindParagraph, "[표 1] 현황", []string{ch1, "1. 개요"}, 0},
		{KindTable, "", []string{ch1, "1. 개요"}, 0},
		{KindFigure, "<그림 1> 흐름", []string{ch1, "1. 개요"}, 0},
		{KindParagraph, "<그림 1> 흐름", []string{ch1, "1. 개요"}, 0},
		{KindHeading, ch2, []string{}, 1},
		{KindHeading, "2. 과제", []string{ch2}, 2},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("blocks:\n got %v\nwant %v", got, want)
	}
	if img := o.Blocks[6].Image; img.Caption != "<그림 1> 흐름" {
		t.Errorf("figure caption = %q", img.Caption)
	}
	if _, ok := o.CaptionBefore(IsFigureCaption); ok {
		t.Error("a figure caption given after its figure was offered again")
	}
	// Blocks under one heading share its path; appending to it copies.
	p := o.Path()
	_ = append(p, "x")
	if !reflect.DeepEqual(o.Path(), []string{ch2, "2. 과제"}) {
		t.Errorf("path changed by a caller's append: %q", o.Path())
	}
}

func TestIsTOCTitle(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"목 차", true}, {"목차", true}, {"순 서", true}, {"[ 차 례 ]", true}, {"Contents", true},
		{"TABLE OF CONTENTS", true}, {"〈목  차〉", true},
		{"목차 구성 방법", false}, {"순서대로 진행한다", false}, {"Ⅰ. 추진배경", false}, {"", false},
	} {
		if got := IsTOCTitle(tc.in); got != tc.want {
			t.Errorf("IsTOCTitle(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestFieldLabel(t *testing.T) {
	for _, tc := range []struct {
		in           string
		label, value string
		ok           bool
	}{
		{"【발명의 명칭】 문서 처리 장치", "【발명의 명칭】", "문서 처리 장치", true},
		{"【청구항 1】", "【청구항 1】", "", true},
		{" 【 출원인 】", "【 출원인 】", "", true},
		{"【붙임1】주요과제별 담당자", "", "", false},
		{"【참 고】 분야별 투자", "", "", false},
		{"[표 1] 예산", "", "", false},
		{"1. 개요", "", "", false},
	} {
		label, value, ok := FieldLabel(tc.in)
		if label != tc.label || value != tc.value || ok != tc.ok {
			t.Errorf("FieldLabel(%q) = %q, %q, %v; want %q, %q, %v", tc.in, label, value, ok, tc.label, tc.value, tc.ok)
		}
	}
}

// TestOutlinerTOCAndLabels: a contents title closes the cover's sections
// and parents nothing; a form's field label is a paragraph, its value
// joins it when it follows alone, and the sections stay the headings'.
func TestOutlinerTOCAndLabels(t *testing.T) {
	var o Outliner
	o.Heading("2024년 업무계획", 1, 1)
	o.Paragraph("기획부", false, 1)
	o.Heading("목 차", 1, 2)
	o.Paragraph("Ⅰ. 추진배경 ········ 1", false, 2)
	o.Heading("Ⅰ. 추진배경", 4, 3)
	o.Paragraph("본문이다.", false, 3)
	o.Heading("【발명의 명칭】", 2, 4)
	o.Paragraph("문서 처리 장치", false, 4)
	o.Paragraph("【청구항 1】", false, 4)
	o.Paragraph("처리부를 포함하는 장치.", false, 4)
	o.Heading("【출원인】 가나다 주식회사", 2, 4)
	o.Paragraph("다음 문단.", false, 4)
	type blk struct {
		kind    Kind
		text    string
		section string
	}
	var got []blk
	for _, b := range o.Blocks {
		got = append(got, blk{b.Kind, b.Text, strings.Join(b.Section, " > ")})
	}
	want := []blk{
		{KindHeading, "2024년 업무계획", ""},
		{KindParagraph, "기획부", "2024년 업무계획"},
		{KindHeading, "목 차", ""},
		{KindParagraph, "Ⅰ. 추진배경 ········ 1", ""},
		{KindHeading, "Ⅰ. 추진배경", ""},
		{KindParagraph, "본문이다.", "Ⅰ. 추진배경"},
		{KindParagraph, "【발명의 명칭】 문서 처리 장치", "Ⅰ. 추진배경"},
		{KindParagraph, "【청구항 1】 처리부를 포함하는 장치.", "Ⅰ. 추진배경"},
		{KindParagraph, "【출원인】 가나다 주식회사", "Ⅰ. 추진배경"},
		{KindParagraph, "다음 문단.", "Ⅰ. 추진배경"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%v\nwant\n%v", got, want)
	}
}
