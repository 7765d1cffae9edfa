package pdf

import (
	"context"
	"strings"
	"testing"
)

// The demo PDF is written by fpdf: a Type0 font whose ToUnicode map is the
// single range <0000> <FFFF> <0000>, and ragged (left-aligned) lines.
func TestDemoPDFIdentityUCSAndRaggedLines(t *testing.T) {
	d, info, err := ParseFileInfo(context.Background(), "../../examples/demo/dataset/doc/02/demo_r02_startup.pdf", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, pi := range info {
		if !pi.Usable {
			t.Errorf("page %d judged unusable: %+v", pi.Page, pi)
		}
	}
	want := "2023년 한 해 동안 발급된 보증은 모두 4,260건이며, 이 가운데 제조업이 1,120건, 정보통신업이 1,580건, 서비스업이 1,560건을 차지하였다."
	for _, b := range d.Blocks {
		if b.Text == want {
			return
		}
	}
	var got []string
	for _, b := range d.Blocks {
		got = append(got, b.Text)
	}
	t.Errorf("paragraph not found whole; blocks:\n%s", strings.Join(got, "\n"))
}
