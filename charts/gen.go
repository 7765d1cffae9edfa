package charts

import (
	"math"
	"math/rand/v2"
)

var (
	categorySets = [][]string{
		{"서울", "부산", "대구", "인천", "광주", "대전", "울산", "세종"},
		{"2017년", "2018년", "2019년", "2020년", "2021년", "2022년"},
		{"제조업", "서비스업", "농림어업", "건설업", "금융업", "정보통신"},
		{"1분기", "2분기", "3분기", "4분기"},
		{"청년", "중장년", "노인", "아동"},
	}
	seriesSets = [][]string{
		{"예산", "집행액", "잔액"},
		{"남성", "여성"},
		{"수출", "수입"},
		{"2021년", "2022년", "2023년"},
	}
	titles = []string{
		"지역별 예산 현황", "연도별 사업 실적", "산업별 고용 비중",
		"분기별 집행률 추이", "대상별 지원 인원", "부문별 투자 규모",
	}
)

// RandomSpec makes a chart spec of type typ with random Korean labels and
// values from rng. labels turns data labels on; legend and grid lines are
// random (a legend is always drawn when there are several series or for a
// pie).
func RandomSpec(rng *rand.Rand, typ string, labels bool) Spec {
	cats := categorySets[rng.IntN(len(categorySets))]
	n := 3 + rng.IntN(len(cats)-2)
	if typ == TypePie {
		n = min(n, 6)
	}
	start := rng.IntN(len(cats) - n + 1)
	cats = cats[start : start+n]
	nSeries := 1
	switch typ {
	case TypeGrouped, TypeStacked:
		nSeries = 2 + rng.IntN(2)
	case TypeLine:
		nSeries = 1 + rng.IntN(3)
	}
	names := seriesSets[rng.IntN(len(seriesSets))]
	nSeries = min(nSeries, len(names))
	// Magnitude: one decimal below 100, or integers up to a few
	// thousand.
	scale := []float64{100, 500, 60, 1000, 8000}[rng.IntN(5)]
	decimals := 0
	if scale <= 100 {
		decimals = 1
	}
	series := make([]Series, nSeries)
	for j := range series {
		series[j].Name = names[j]
		series[j].Values = make([]float64, n)
		for i := range series[j].Values {
			v := scale * (0.15 + 0.85*rng.Float64())
			p := math.Pow(10, float64(decimals))
			series[j].Values[i] = math.Round(v*p) / p
		}
	}
	if typ == TypeHBar || typ == TypeBar || typ == TypePie {
		series[0].Name = ""
	}
	return Spec{
		Title:      titles[rng.IntN(len(titles))],
		Type:       typ,
		Categories: cats,
		Series:     series,
		Labels:     labels,
		Legend:     nSeries > 1 || typ == TypePie,
		Grid:       rng.IntN(2) == 0,
	}
}

// RandomStyle picks a random look: font, sizes, legend place, bar width,
// palette, line width and markers, thousands separators, and a canvas
// size, applied to spec.
func RandomStyle(rng *rand.Rand, spec *Spec) {
	st := Style{
		Font:         []string{"gothic", "barun", "myeongjo", "square"}[rng.IntN(4)],
		LabelSize:    float64(13 + rng.IntN(6)),
		TitleSize:    float64(18 + rng.IntN(9)),
		LegendTop:    rng.IntN(3) == 0,
		BarFrac:      0.4 + 0.4*rng.Float64(),
		PaletteShift: rng.IntN(len(Palette)),
		DarkPalette:  rng.IntN(3) == 0,
		LineWidth:    float64(2 + rng.IntN(3)),
		NoMarkers:    rng.IntN(3) == 0,
		Thousands:    true,
	}
	spec.Style = st
	spec.Width = 640 + 40*rng.IntN(10)
	spec.Height = 420 + 40*rng.IntN(6)
}
