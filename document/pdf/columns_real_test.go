package pdf

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

// columnParagraphs is the text of the two-column test document: each
// paragraph long enough to wrap over several column lines.
func columnParagraphs() []string {
	base := []string{
		"지역 균형 발전을 위한 재정 지원은 지난 십 년 동안 꾸준히 늘어났으며 특히 비수도권 중소도시의 기반 시설 확충에 집중되었다. 이 기간 동안 지원 규모는 연평균 %d.2%% 증가하였다.",
		"다만 지원 효과를 측정하는 지표가 부족하여 성과 관리가 어렵다는 지적이 이어졌다. 감사 결과 전체 사업 가운데 %d%%는 성과 지표를 두지 않았고 나머지도 투입 중심의 지표에 머물렀다.",
		"이에 따라 정부는 성과 지표를 새로 마련하고 사업별 목표를 매년 점검하는 체계를 도입하기로 하였다. 새 체계는 산출 지표와 결과 지표를 함께 두고 주민 만족도 조사를 %d회 실시한다.",
		"새 체계는 다음 연도 예산 편성부터 적용되며 첫해에는 시범 사업 %d개를 대상으로 운영한다. 시범 운영 결과는 국회에 보고하고 그 다음 해부터 모든 사업으로 넓힌다.",
	}
	var out []string
	for i := range 24 {
		out = append(out, fmt.Sprintf("%d. ", i+1)+fmt.Sprintf(base[i%len(base)], 10+i*7))
	}
	return out
}

// TestColumnLayoutFPDF sets a report in two justified columns with fpdf
// (a real producer: a Nanum Gothic subset, its own line breaking and word
// spacing) and checks that every paragraph comes out whole and in order,
// across columns and pages. Skipped without Debian's fonts-nanum.
func TestColumnLayoutFPDF(t *testing.T) {
	const fontFile = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf"
	ttf, err := os.ReadFile(fontFile)
	if err != nil {
		t.Skipf("%s: %v", fontFile, err)
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("nanum", "", ttf)
	const left, colW, gap, top = 15.0, 85.0, 10.0, 30.0
	col := 0
	setCol := func(c int) {
		col = c
		x := left + float64(c)*(colW+gap)
		p.SetLeftMargin(x)
		p.SetRightMargin(210 - x - colW)
		p.SetX(x)
	}
	p.SetAcceptPageBreakFunc(func() bool {
		if col == 0 {
			setCol(1)
			p.SetY(top)
			return false
		}
		setCol(0)
		return true
	})
	p.SetAutoPageBreak(true, 20)
	p.AddPage()
	p.SetFont("nanum", "", 16)
	p.CellFormat(0, 10, "재정 지원 성과 관리 체계 개편", "", 1, "C", false, 0, "")
	p.SetY(top)
	p.SetFont("nanum", "", 10)
	setCol(0)
	paras := columnParagraphs()
	for _, para := range paras {
		p.MultiCell(colW, 5.5, para, "", "J", false)
		p.Ln(2)
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	got, info := parseBytes(t, buf.Bytes())
	if len(info) < 2 {
		t.Fatalf("%d pages: the text should run over two", len(info))
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), "") }
	flat := norm(got)
	at := 0
	for _, para := range paras {
		i := strings.Index(flat[at:], norm(para))
		if i < 0 {
			t.Errorf("paragraph not whole or out of order: %q\nparse:\n%s", para, got)
			continue
		}
		at += i
	}
	if pop := popplerText(t, buf.Bytes()); pop != "" {
		t.Logf("bigram recall against pdftotext -raw: %.4f", bigramRecall(pop, got))
	}
}
