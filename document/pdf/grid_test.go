package pdf

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/document"
)

// cells draws a grid's borders: column borders xs, row borders ys (top
// down); skipH[i][j] leaves out row border i under column j, skipV[i][j]
// column border j beside row i.
func cells(xs, ys []float64, skipH, skipV map[[2]int]bool) ([]Rule, []VRule) {
	var hs []Rule
	var vs []VRule
	for i, y := range ys {
		for j := 0; j+1 < len(xs); j++ {
			if !skipH[[2]int{i, j}] {
				hs = append(hs, Rule{xs[j], xs[j+1], y})
			}
		}
	}
	for j, x := range xs {
		for i := 0; i+1 < len(ys); i++ {
			if !skipV[[2]int{i, j}] {
				vs = append(vs, VRule{x, ys[i+1], ys[i]})
			}
		}
	}
	return hs, vs
}

func gridPage(runs []Run, hs []Rule, vs []VRule) [][]string {
	blocks := Rebuild([]PageText{{Number: 1, Box: [4]float64{0, 0, 595, 842}, Runs: runs, Rules: hs, VRules: vs}})
	var out [][]string
	for _, b := range blocks {
		if b.Kind == document.KindTable {
			out = append(out, []string{fmt.Sprint(b.Table.Grid())})
		} else {
			out = append(out, []string{b.Text})
		}
	}
	return out
}

func TestGridTables(t *testing.T) {
	at := func(x, y float64, s string) []Run { return glyphs(s, x, y, 10) }
	xs := []float64{60, 160, 300, 400}
	ys := []float64{720, 700, 660, 620}
	header := cat(at(65, 706, "구분"), at(165, 706, "주요 내용"), at(305, 706, "실적"))
	body := cat(
		// Row 1: a label on one line, a wrapped description, a value
		// centred between them.
		at(65, 677, "은행권"), at(165, 686, "가계 일반차주 지원"), at(165, 672, "대출금리 인하"), at(305, 678, "5,025억원"),
		at(65, 637, "여전업권"), at(165, 637, "연체차주 지원"), at(305, 637, "466억원"))
	intro := at(60, 760, "다음 표는 업권별 실적이다.")
	after := at(60, 590, "표 아래 문단.")
	tests := []struct {
		name   string
		runs   []Run
		skipH  map[[2]int]bool
		skipV  map[[2]int]bool
		want   [][]string
		noGrid bool
	}{
		{
			name: "cells from the grid, text at any height inside",
			runs: cat(intro, header, body, after),
			want: [][]string{{"다음 표는 업권별 실적이다."},
				{"[[구분 주요 내용 실적] [은행권 가계 일반차주 지원 대출금리 인하 5,025억원] [여전업권 연체차주 지원 466억원]]"},
				{"표 아래 문단."}},
		},
		{
			name:  "a missing row border spans rows",
			runs:  cat(header, at(65, 657, "은행권"), at(165, 677, "일반차주"), at(305, 677, "5,025"), at(165, 637, "취약차주"), at(305, 637, "930")),
			skipH: map[[2]int]bool{{2, 0}: true},
			want:  [][]string{{"[[구분 주요 내용 실적] [은행권 일반차주 5,025] [은행권 취약차주 930]]"}},
		},
		{
			name:  "a missing column border spans columns",
			runs:  cat(at(180, 706, "지원 실적"), at(65, 677, "구분"), at(165, 677, "2023"), at(305, 677, "2024"), at(65, 637, "은행권"), at(165, 637, "1"), at(305, 637, "2")),
			skipV: map[[2]int]bool{{0, 2}: true, {0, 1}: false},
			want:  [][]string{{"[[ 지원 실적 지원 실적] [구분 2023 2024] [은행권 1 2]]"}},
		},
		{
			name:   "boxes stacked in one column are not a table",
			runs:   cat(at(65, 706, "◇ 민생안정을 최우선에 둔다."), at(65, 686, "◇ 현장과 호흡한다.")),
			noGrid: true,
			want:   [][]string{{"◇ 민생안정을 최우선에 둔다."}, {"◇ 현장과 호흡한다."}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var hs []Rule
			var vs []VRule
			if tt.noGrid {
				hs, vs = cells([]float64{60, 400}, []float64{720, 700, 680}, nil, nil)
			} else {
				hs, vs = cells(xs, ys, tt.skipH, tt.skipV)
			}
			got := gridPage(tt.runs, hs, vs)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("blocks\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestGridFromContentStream draws a 2×2 table with stroked cell boxes in a
// real content stream, the way office exporters do.
func TestGridFromContentStream(t *testing.T) {
	font := type0("/UniKS-UCS2-H", "Adobe", "Korea1", "")
	var cs strings.Builder
	cs.WriteString("0.5 w 60 680 100 20 re S 160 680 100 20 re S 60 640 100 40 re S 160 640 100 40 re S\n")
	show := func(x, y float64, s string) {
		var hex strings.Builder
		for _, r := range s {
			fmt.Fprintf(&hex, "%04X", r)
		}
		fmt.Fprintf(&cs, "BT /F0 10 Tf %g %g Td <%s> Tj ET\n", x, y, hex.String())
	}
	show(65, 686, "구분")
	show(165, 686, "금액")
	show(65, 664, "가계")
	show(65, 650, "지원")
	show(165, 656, "930")
	data := onePage([]string{font}, nil, cs.String())
	d, err := Parse(t.Context(), bytesReader(data), int64(len(data)), "grid", Options{})
	if err != nil {
		t.Fatal(err)
	}
	var grids [][][]string
	for _, b := range d.Blocks {
		if b.Table != nil {
			grids = append(grids, b.Table.Grid())
		}
	}
	want := [][][]string{{{"구분", "금액"}, {"가계 지원", "930"}}}
	if !reflect.DeepEqual(grids, want) {
		t.Errorf("tables %q, want %q", grids, want)
	}
}

// FuzzGrids decodes the input as ruling lines and glyphs (fixed-size
// records) and checks that Rebuild never panics and that every table it
// reads from a grid has spans inside the table.
func FuzzGrids(f *testing.F) {
	f.Add([]byte{60, 200, 120, 60, 200, 100, 60, 200, 80, 60, 60, 80, 120, 200, 80, 120, 130, 80, 120, 1, 65, 110, 2, 66})
	f.Fuzz(func(t *testing.T, data []byte) {
		var hs []Rule
		var vs []VRule
		var runs []Run
		for i := 0; i+3 <= len(data); i += 3 {
			a, b, c := float64(data[i]), float64(data[i+1]), float64(data[i+2])
			switch i / 3 % 3 {
			case 0:
				hs = append(hs, Rule{X0: 2 * a, X1: 2*a + 2*b, Y: 3 * c})
			case 1:
				vs = append(vs, VRule{X: 2 * a, Y0: 3 * b, Y1: 3*b + 2*c})
			default:
				runs = append(runs, Run{Text: string(rune(0xAC00 + int(c))), X: 2 * a, Y: 3 * b, W: 10, Size: 10})
			}
		}
		for _, b := range Rebuild([]PageText{{Number: 1, Box: [4]float64{0, 0, 595, 842}, Runs: runs, Rules: hs, VRules: vs}}) {
			if b.Table == nil {
				continue
			}
			for _, row := range b.Table.Rows {
				for _, c := range row {
					if c.RowSpan < 1 || c.ColSpan < 1 || c.RowSpan > len(b.Table.Rows) {
						t.Fatalf("bad span %+v in %d rows", c, len(b.Table.Rows))
					}
				}
			}
		}
	})
}
