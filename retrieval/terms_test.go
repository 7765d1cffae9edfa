package retrieval

import (
	"slices"
	"testing"
)

// TermAnalyzer gives exactly the terms the bleve index's analyzer gives,
// so another backend fed with them scores the same terms.
func TestTermAnalyzerMatchesIndex(t *testing.T) {
	texts := []string{
		"2024년 지역 일자리 지원 사업의 예산은 185억원이다.",
		"농촌 공공 돌봄 체계 (읍·면 단위) 구축 방안",
		"’23년 대비 11.4% 감축, CO2 배출량 Mt",
		"",
		"  공백   많은\t문장\n둘째 줄",
		"위 임 장 성  명 : 김 영 옥",
	}
	for _, name := range Analyzers() {
		t.Run(name, func(t *testing.T) {
			ta, err := NewTermAnalyzer(name)
			if err != nil {
				t.Fatal(err)
			}
			_, im, err := newMapping(name)
			if err != nil {
				t.Fatal(err)
			}
			an := im.AnalyzerNamed(analyzerID(name))
			if an == nil {
				t.Fatalf("analyzer %s missing from the mapping", name)
			}
			for _, text := range texts {
				var want []string
				for _, tok := range an.Analyze([]byte(text)) {
					want = append(want, string(tok.Term))
				}
				got := ta.Terms(text)
				if len(want) == 0 && len(got) == 0 {
					continue
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q:\n got  %q\n want %q", text, got, want)
				}
			}
		})
	}
}

func TestQueryTermsCountRepeats(t *testing.T) {
	ta, err := NewTermAnalyzer(AnalyzerBigram)
	if err != nil {
		t.Fatal(err)
	}
	got := ta.QueryTerms("지원 지원 예산은 얼마인가?", false)
	qtf := map[string]int{}
	for _, q := range got {
		if qtf[q.Term] != 0 {
			t.Errorf("term %q listed twice", q.Term)
		}
		qtf[q.Term] = q.QTF
	}
	if qtf["지원"] != 2 {
		t.Errorf("qtf(지원) = %d, want 2 (terms %v)", qtf["지원"], got)
	}
	for _, q := range got {
		if q.Term == "얼마" || q.Term == "마인" {
			t.Errorf("interrogative term %q kept", q.Term)
		}
	}
}
