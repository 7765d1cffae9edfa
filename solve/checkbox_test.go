package solve

import "testing"

// TestCheckboxYesNo: a yes/no question over a form is answered by the
// checked option of the row that states it ("□ 예 ■ 아니오" → 아니오),
// whatever the ending (…하는가, …합니까, …인가, …여부는, …있는가), with
// "[V]"/"[ ]" boxes and option pairs other than 예/아니오.
func TestCheckboxYesNo(t *testing.T) {
	runTask3(t, []task3Case{
		{"checkform", "이 시설은 정밀 점검 대상에 해당하는가?", "아니오"},
		{"checkform", "정밀 점검 대상에 해당됩니까?", "아니오"},
		{"checkform", "연면적 1,000㎡ 이상의 다중이용시설인가?", "예"},
		{"checkform", "준공 후 30년이 지난 건축물에 해당하는지?", "아니오"},
		{"checkform", "소방 설비 보완이 필요한가?", "예"},
		{"checkform", "소방 설비 보완 필요 여부는?", "예"},
		{"checkform", "이 시설은 비상 발전기를 보유하고 있는가?", "없음"},
	})
	for q, want := range map[string]bool{
		"점검 대상에 해당하는가?": true, "보완이 필요합니까?": true, "대상 여부는?": true, "대상인지 쓰시오": true,
		"점검 대상은 몇 곳인가?": false, "어느 시설이 대상인가?": false, "보완이 필요한 설비는?": false,
	} {
		if got := isYesNo(q); got != want {
			t.Errorf("isYesNo(%s) = %v, want %v", q, got, want)
		}
	}
}

// TestCheckedChoice: "which option is checked" for a label gives the
// checked option beside it (stacked in a column or in one cell, ○/● and
// ☑ marks), even when another row's text holds more of the question's
// words.
func TestCheckedChoice(t *testing.T) {
	runTask3(t, []task3Case{
		{"checkform", "시설의 관리 방식으로 체크된 것은?", "직영"},
		{"checkform", "이 시설의 관리 방식은 무엇인가?", "직영"},
		{"checkform", "안전 등급은 어느 것에 표시되어 있는가?", "C"},
		{"checkform", "점검표에서 선택된 안전 등급은?", "C"},
	})
	for cell, want := range map[string]string{"[V] 예 [ ] 아니오": "예", "[ ] 적합 [v] 부적합": "부적합", "□ 법령을 나열하는 것입니까?": ""} {
		got, _ := boxChoice(cell)
		if got != want {
			t.Errorf("boxChoice(%q) = %q, want %q", cell, got, want)
		}
	}
}

// TestFormDate: "…날짜를 쓰시오" asks a date (the imperative ending is no
// head noun), and a form's date written on a line of its own, letter
// spaced, answers it.
func TestFormDate(t *testing.T) {
	for _, q := range []string{"점검한 날짜를 쓰시오.", "점검 일자를 적으시오", "점검한 날짜를 기재하시오."} {
		if k := expect(q).Kind; k != kindDate {
			t.Errorf("expect(%s).Kind = %v, want date", q, k)
		}
	}
	runTask3(t, []task3Case{
		{"checkform", "이 점검표로 점검한 날짜를 쓰시오.", "2023년 9월 14일"},
	})
}

// TestCompoundLabel: a compound form label ("현행용도") is named by the
// question's words spelled out in its order, the everyday word standing
// for the form's one ("현재" for "현행"), also in a bare noun question;
// a row that only shares one of the words ("용도 적합성") does not win.
func TestCompoundLabel(t *testing.T) {
	runTask3(t, []task3Case{
		{"checkform", "이 시설은 현재 어떤 용도로 분류되어 있는가?", "문화시설"},
		{"checkform", "현재 용도는 무엇인가?", "문화시설"},
		{"checkform", "현행용도는?", "문화시설"},
		{"checkform", "시설의 용도가 건축물대장과 일치하는가?", "예"},
	})
	for _, tc := range []struct {
		label, core string
		want        float64
	}{
		{"현행분류", "지침 현행 유형 분류되어", 1},
		{"현행 분류", "현행 분류는", 1},
		{"분류 적정성", "지침 현행 유형 분류되어", 0.4},
		{"등록번호", "번호", 0.5},
		{"성명", "성명", 0}, // two letters: the bigram share decides
		{"확인부서장", "확인한 부서장", 1},
	} {
		if got := compoundCover(tc.label, tc.core); got != tc.want {
			t.Errorf("compoundCover(%q, %q) = %v, want %v", tc.label, tc.core, got, tc.want)
		}
	}
}
