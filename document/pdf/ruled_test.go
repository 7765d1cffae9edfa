package pdf

import (
	"reflect"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// hrules returns full-width rules at the given heights.
func hrules(x0, x1 float64, ys ...float64) []Rule {
	var out []Rule
	for _, y := range ys {
		out = append(out, Rule{x0, x1, y})
	}
	return out
}

func TestRuledTable(t *testing.T) {
	at := func(x, y float64, s string) []Run { return glyphs(s, x, y, 10) }
	// Three columns at x 72, 200, 330; rows ruled at 712, 694, 652, 610.
	header := cat(at(72, 700, "기관"), at(200, 700, "과정"), at(330, 700, "정원"))
	row1 := cat(at(72, 680, "티웨이항공"), at(72, 667, "훈련센터"),
		at(200, 680, "객실승무원과정"), at(330, 680, "10명×"), at(330, 667, "4차수"), at(330, 654, "= 820명"))
	row2 := cat(at(72, 638, "한국항공대학교"), at(200, 638, "비행훈련과정"), at(330, 638, "120명"))
	tests := []struct {
		name  string
		runs  []Run
		rules []Rule
		want  [][]string
	}{
		{
			"wrapped cells stay in their ruled row",
			cat(header, row1, row2),
			hrules(60, 420, 712, 694, 650, 626),
			[][]string{{"기관", "과정", "정원"}, {"티웨이항공 훈련센터", "객실승무원과정", "10명× 4차수 = 820명"}, {"한국항공대학교", "비행훈련과정", "120명"}},
		},
		{
			"a column without a rule between rows spans them",
			cat(header,
				at(72, 680, "금융위원회"), at(200, 680, "책임자"), at(330, 680, "과장 강영수"),
				at(200, 660, "담당자"), at(330, 660, "사무관 김경호"),
				at(72, 640, "은행연합회"), at(200, 640, "책임자"), at(330, 640, "부장 박진우")),
			append(hrules(60, 420, 712, 694, 650, 630), Rule{190, 420, 672}),
			[][]string{{"기관", "과정", "정원"}, {"금융위원회", "책임자", "과장 강영수"}, {"금융위원회", "담당자", "사무관 김경호"}, {"은행연합회", "책임자", "부장 박진우"}},
		},
		{
			"rules only around the header: rows from the text",
			cat(header, at(72, 680, "가"), at(200, 680, "1"), at(330, 680, "2"),
				at(72, 665, "나"), at(200, 665, "3"), at(330, 665, "4"),
				at(72, 650, "다"), at(200, 650, "5"), at(330, 650, "6"),
				at(72, 635, "라"), at(200, 635, "7"), at(330, 635, "8"),
				at(72, 620, "마"), at(200, 620, "9"), at(330, 620, "10")),
			hrules(60, 420, 712, 694, 610),
			[][]string{{"기관", "과정", "정원"}, {"가", "1", "2"}, {"나", "3", "4"}, {"다", "5", "6"}, {"라", "7", "8"}, {"마", "9", "10"}},
		},
		{
			"no rules",
			cat(header, at(72, 685, "한국항공대학교"), at(200, 685, "비행훈련과정"), at(330, 685, "120명"),
				at(72, 670, "가"), at(200, 670, "1"), at(330, 670, "2")),
			nil,
			[][]string{{"기관", "과정", "정원"}, {"한국항공대학교", "비행훈련과정", "120명"}, {"가", "1", "2"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks := Rebuild([]PageText{{Number: 1, Box: [4]float64{0, 0, 595, 842}, Runs: tt.runs, Rules: tt.rules}})
			var got [][]string
			for _, b := range blocks {
				if b.Kind == document.KindTable {
					got = b.Table.Grid()
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("grid\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestRulesFromPaths(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []Rule
	}{
		{"stroked line", "0.5 w 72 700 m 300 700 l S", []Rule{{72, 300, 700}}},
		{"thin filled rectangle", "72 600 228 0.6 re f", []Rule{{72, 300, 600.3}}},
		{"stroked box gives its top and bottom", "72 500 228 40 re S", []Rule{{72, 300, 500}, {72, 300, 540}}},
		{"transformed by the CTM", "q 1 0 0 1 10 20 cm 72 700 m 300 700 l S Q", []Rule{{82, 310, 720}}},
		{"clipping path is not drawn", "72 700 228 0.5 re W n", nil},
		{"vertical and short lines ignored", "72 700 m 72 400 l S 100 300 m 104 300 l S", nil},
		{"slanted line ignored", "72 700 m 300 720 l S", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := onePage(nil, nil, tt.content)
			r, err := open(bytesReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			pages, _, _ := collectPages(r, 10)
			pt, err := pageText(pages[0], 1, limits{maxOps: 1e6, maxGlyphs: 1e5, maxDepth: 8, fonts: fontCache{}})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(pt.Rules, tt.want) {
				t.Errorf("rules = %v, want %v", pt.Rules, tt.want)
			}
		})
	}
}
