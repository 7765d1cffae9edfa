package main

// The demo corpus: three short fictional Korean policy reports written for
// policyqa. Every place, programme and number in them is invented.

// item is one block of a report.
type item struct {
	heading string     // a section heading (level 1)
	para    string     // a paragraph
	list    []string   // a bulleted list
	table   *tableSpec // a table
	image   string     // an image file name in the package (bindata/)
	caption string     // caption of a table or image
}

type tableSpec struct {
	rows [][]string
	// spans: "r,c" → colspan for header cells.
	colspan map[[2]int]int
	rowspan map[[2]int]int
}

type report struct {
	id    string
	dir   string // doc/<NN>
	title string
	items []item
}

var forestReport = report{
	id:    "demo_r01_forest",
	dir:   "01",
	title: "도시숲 조성 지원사업 운영 성과와 개선 과제",
	items: []item{
		{heading: "Ⅰ. 사업 개요"},
		{para: "도시숲 조성 지원사업은 도심 열섬 현상을 줄이고 주민의 휴식 공간을 넓히기 위해 2021년에 시작된 지방자치단체 보조사업이다."},
		{para: "사업 대상은 인구 10만 명 이상의 시·군·구이며, 국비와 지방비를 절반씩 부담하는 매칭 방식으로 운영된다."},
		{list: []string{
			"○ 지원 유형은 생활숲, 가로숲, 학교숲의 세 가지로 구분된다.",
			"○ 신청 기관은 매년 3월까지 조성 계획서를 제출하여야 한다.",
		}},
		{heading: "Ⅱ. 추진 실적"},
		{para: "- 2023년까지 조성된 도시숲은 유형별로 보면 생활숲 38개소, 가로숲 27개소, 학교숲 15개소 등 모두 80개소임"},
		{para: "조성 면적은 누적 142헥타르로, 당초 목표였던 120헥타르를 18% 초과 달성하였다."},
		{para: "권역별 예산 집행 현황은 아래 표와 같으며, 수도권의 집행률이 가장 높았다."},
		{caption: "[표 2-1] 권역별 도시숲 예산 집행 현황", table: &tableSpec{
			rows: [][]string{
				{"권역", "예산(억 원)", "집행액(억 원)", "집행률(%)"},
				{"수도권", "120", "114", "95.0"},
				{"충청권", "64", "52", "81.3"},
				{"호남권", "58", "49", "84.5"},
				{"영남권", "96", "83", "86.5"},
			},
		}},
		{para: "주민 만족도 조사에서는 응답자의 76.4%가 도시숲 조성 이후 생활 환경이 나아졌다고 답하였다."},
		{image: "bindata/BIN0001.png", caption: "[그림 2-1] 연도별 도시숲 조성 개소 수"},
		{heading: "Ⅲ. 개선 과제"},
		{para: "유지관리 예산이 조성 예산의 7% 수준에 머물러 있어, 조성 이후 고사목 발생과 시설 노후화가 반복되고 있다."},
		{para: "앞으로는 조성 예산의 최소 15%를 유지관리비로 확보하고, 주민참여형 관리 협약을 확대할 필요가 있다."},
	},
}

var startupReport = report{
	id:    "demo_r02_startup",
	dir:   "02",
	title: "청년 창업 보증 프로그램 평가 보고서",
	items: []item{
		{heading: "1. 평가 배경"},
		{para: "청년 창업 보증 프로그램은 만 39세 이하 창업자가 담보 없이 사업 자금을 빌릴 수 있도록 공공 보증기관이 보증서를 발급하는 제도이다."},
		{para: "최근 금리 상승으로 초기 창업 기업의 자금 사정이 나빠지면서 보증 수요가 빠르게 늘었다."},
		{heading: "2. 운영 현황"},
		{para: "보증 한도는 창업 단계별로 예비창업자가 5천만 원, 초기창업자가 1억 원, 도약기 기업이 3억 원으로 정해져 있다."},
		{para: "2023년 한 해 동안 발급된 보증은 모두 4,260건이며, 이 가운데 제조업이 1,120건, 정보통신업이 1,580건, 서비스업이 1,560건을 차지하였다."},
		{para: "보증을 받은 기업의 3년 생존율은 68.2%로, 같은 기간 전체 창업 기업 평균 생존율 41.5%보다 높았다."},
		{heading: "3. 개선 방안"},
		{para: "보증료율은 현재 연 1.2%이나, 사회적 가치를 인정받은 기업에는 0.5%포인트를 감면하는 방안을 검토할 필요가 있다."},
		{para: "또한 보증 심사 기간이 평균 23일로 길어 창업 적기를 놓친다는 지적이 많으므로, 심사 절차를 전산화하여 10일 이내로 줄여야 한다."},
	},
}

var marketReport = report{
	id:    "demo_r03_market",
	dir:   "03",
	title: "전통시장 디지털 전환 지원 실태",
	items: []item{
		{heading: "가. 추진 배경"},
		{para: "온라인 장보기가 일상이 되면서 전통시장의 매출은 5년 연속 줄어들었고, 상인의 평균 연령은 61세를 넘어섰다."},
		{para: "이에 정부는 2022년부터 전통시장 디지털 전환 지원사업을 추진하여 온라인 판매와 간편결제 도입을 돕고 있다."},
		{heading: "나. 지원 실적"},
		{para: "시장별 지원 실적은 다음 표와 같다."},
		{caption: "[표 3] 시장별 디지털 전환 지원 실적", table: &tableSpec{
			rows: [][]string{
				{"시장", "참여 점포 수", "온라인 매출", ""},
				{"", "", "2022년(백만 원)", "2023년(백만 원)"},
				{"한빛시장", "84", "310", "560"},
				{"누리시장", "52", "120", "275"},
				{"솔내시장", "37", "95", "130"},
			},
			colspan: map[[2]int]int{{0, 2}: 2},
			rowspan: map[[2]int]int{{0, 0}: 2, {0, 1}: 2},
		}},
		{para: "간편결제 가맹률은 한빛시장이 92%로 가장 높았고, 솔내시장은 47%에 그쳤다."},
		{heading: "다. 시사점"},
		{para: "디지털 교육을 받은 상인의 온라인 매출 증가율은 교육을 받지 않은 상인보다 2배 가까이 높았다."},
		{para: "따라서 장비 보급보다 상인 교육과 배송 인프라 지원에 예산을 더 배정할 필요가 있다."},
	},
}

// refTable is the task-3 reference table (an ODF table fragment).
var refTable = struct {
	id, caption string
	rows        [][]string
}{
	id:      "demo_r01_forest_table001",
	caption: "[표 4-2] 수종별 미세먼지 저감 효과 비교",
	rows: [][]string{
		{"수종", "잎 면적 지수", "연간 흡착량(g/그루)", "관리 난이도"},
		{"느티나무", "5.2", "168", "보통"},
		{"이팝나무", "3.9", "112", "쉬움"},
		{"소나무1)", "4.4", "141", "어려움"},
		{"메타세쿼이아", "4.8", "155", "보통"},
	},
}

// chart is the demo chart (ref file and the figure in the forest report).
var chart = struct {
	id, title  string
	categories []string
	values     []float64
}{
	id:         "demo_r01_forest_chart001",
	title:      "연도별 도시숲 조성 개소 수",
	categories: []string{"2021년", "2022년", "2023년"},
	values:     []float64{18, 27, 35},
}
