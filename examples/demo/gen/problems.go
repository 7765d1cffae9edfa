package main

// problem is one problem-sheet entry with its gold.
type problem struct {
	no, task, doc, ref, question string
	form                         [][2]string // label key/value; blank key is formKey
	formLabelKey, formKey        string
	// gold
	para    string
	answers []string
	answer  string
}

const (
	paraForestTypes  = "- 2023년까지 조성된 도시숲은 유형별로 보면 생활숲 38개소, 가로숲 27개소, 학교숲 15개소 등 모두 80개소임"
	paraStartupCount = "2023년 한 해 동안 발급된 보증은 모두 4,260건이며, 이 가운데 제조업이 1,120건, 정보통신업이 1,580건, 서비스업이 1,560건을 차지하였다."
	paraStartupLimit = "보증 한도는 창업 단계별로 예비창업자가 5천만 원, 초기창업자가 1억 원, 도약기 기업이 3억 원으로 정해져 있다."
	paraSurvival     = "보증을 받은 기업의 3년 생존율은 68.2%로, 같은 기간 전체 창업 기업 평균 생존율 41.5%보다 높았다."
	paraPayment      = "간편결제 가맹률은 한빛시장이 92%로 가장 높았고, 솔내시장은 47%에 그쳤다."
)

var problems = []problem{
	{no: "001", task: "1", doc: forestReport.id, question: "도시숲은 유형별로 보면 몇 개소인가?", para: paraForestTypes},
	{no: "002", task: "2", doc: forestReport.id, question: "도시숲은 유형별로 보면 몇 개소인가?",
		formLabelKey: "유형", formKey: "개소", form: [][2]string{{"유형", "생활숲"}, {"유형", "가로숲"}, {"유형", "학교숲"}},
		para: paraForestTypes, answers: []string{"38", "27", "15"}},
	{no: "003", task: "4", question: "도시숲은 유형별로 보면 몇 개소인가?", para: paraForestTypes, answers: []string{"38", "27", "15"}},
	{no: "004", task: "1", doc: startupReport.id, question: "2023년 업종별 보증 발급 건수는 몇 건인가?", para: paraStartupCount},
	{no: "005", task: "2", doc: startupReport.id, question: "2023년 업종별 보증 발급 건수는 몇 건인가?",
		formLabelKey: "업종", formKey: "건", form: [][2]string{{"업종", "제조업"}, {"업종", "정보통신업"}, {"업종", "서비스업"}},
		para: paraStartupCount, answers: []string{"1120", "1580", "1560"}},
	{no: "006", task: "2", doc: startupReport.id, question: "창업 단계별 보증 한도는 얼마인가?",
		formLabelKey: "창업 단계", formKey: "보증 한도(만 원)", form: [][2]string{{"창업 단계", "예비창업자"}, {"창업 단계", "초기창업자"}, {"창업 단계", "도약기 기업"}},
		para: paraStartupLimit, answers: []string{"5000", "10000", "30000"}},
	{no: "007", task: "3", ref: refTable.id, question: "수종별 미세먼지 저감 효과 비교에서 이팝나무의 연간 흡착량(g/그루)은 ?", answer: "112"},
	{no: "008", task: "3", ref: refTable.id, question: "수종별 미세먼지 저감 효과 비교에서 소나무의 잎 면적 지수는 ?", answer: "4.4"},
	{no: "009", task: "3", ref: chart.id, question: "연도별 도시숲 조성 개소 수에서 2022년의 조성 개소 수는 ?", answer: "27"},
	{no: "010", task: "2", doc: marketReport.id, question: "시장별 2023년 온라인 매출(백만 원)은 얼마인가?",
		formLabelKey: "시장", formKey: "2023년 온라인 매출(백만 원)", form: [][2]string{{"시장", "한빛시장"}, {"시장", "누리시장"}, {"시장", "솔내시장"}},
		answers: []string{"560", "275", "130"}},
	{no: "011", task: "1", doc: marketReport.id, question: "간편결제 가맹률이 가장 높은 시장은 어디인가?", para: paraPayment},
	{no: "012", task: "4", question: "간편결제 가맹률이 가장 높은 시장의 2023년 온라인 매출은 얼마인가?", para: paraPayment, answers: []string{"560"}},
	{no: "013", task: "4", question: "보증을 받은 기업의 3년 생존율은 얼마인가?", para: paraSurvival, answers: []string{"68.2"}},
	{no: "014", task: "1", doc: libraryID, question: "작은도서관 운영비 지원 단가는 얼마로 오르나?", para: paraLibrary},
	{no: "015", task: "4", question: "야간·주말 개관을 하는 작은도서관에 더 지원하는 운영비는 연 얼마인가?", para: paraLibrary, answers: []string{"300"}},
}
