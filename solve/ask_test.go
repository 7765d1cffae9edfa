package solve

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/policyqa/policyqa/dataset"
)

func TestExpected(t *testing.T) {
	tests := []struct {
		q    string
		want Expected
	}{
		{"사업 예산은 얼마인가?", Expected{Kind: "amount", Unit: "원"}},
		{"지원 단가는 몇 만 원인가?", Expected{Kind: "amount", Unit: "원"}},
		{"참여 기업은 몇 개사인가?", Expected{Kind: "count", Unit: "개"}},
		{"등록 인원은 몇 명인가?", Expected{Kind: "count", Unit: "명"}},
		{"’24년 6월 기준 센터는 몇 곳인가?", Expected{Kind: "count", Unit: "곳", Periods: []string{"’24년 6월"}}},
		{"이의 신청 기한은 며칠인가?", Expected{Kind: "duration", Unit: "일"}},
		{"가입률은 얼마인가?", Expected{Kind: "ratio", Unit: "%"}},
		{"제도는 언제부터 시행되는가?", Expected{Kind: "date"}},
		{"몇 년도에 개정되었나?", Expected{Kind: "date"}},
		{"사업을 운영하는 기관은 어디인가?", Expected{Kind: "place"}},
		{"본사 주소는 어디인가?", Expected{Kind: "address"}},
		{"심사위원장은 누구인가?", Expected{Kind: "person"}},
		{"권역별 예산은 얼마인가?", Expected{Kind: "list", Unit: "원"}},
		{"감소 요인 세 가지는 무엇인가?", Expected{Kind: "items", Count: 3}},
		{"사업의 목적은 무엇인가?", Expected{Kind: "thing"}},
	}
	for _, tt := range tests {
		if got := expected(tt.q); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("expected(%q) = %+v, want %+v", tt.q, got, tt.want)
		}
	}
}

func TestBodyIn(t *testing.T) {
	tests := []struct{ sent, focus, want string }{
		{"시범사업 위탁 운영은 한결문화재단이 맡는다.", "위탁 운영을 맡는 기관", "한결문화재단"},
		{"산림청과 협의하여 누리환경공단이 조성한다.", "조성하는 곳", "누리환경공단"},
		{"심사는 누리진흥원에서 하며 결과는 산림청에 보고한다.", "심사하는 기관", "누리진흥원"},
		{"기획재정부는 예산을 지원한다.", "예산을 지원하는 부처", "기획재정부"},
		{"한결재단은 사업을 지원한다.", "한결재단이 지원하는 것", ""},          // the question names it
		{"사업은 2025년부터 지원 대상을 늘린다.", "지원 대상을 늘리는 기관", ""}, // "지원" is no body
	}
	for _, tt := range tests {
		if got := bodyIn(tt.sent, tt.focus); got != tt.want {
			t.Errorf("bodyIn(%q, %q) = %q, want %q", tt.sent, tt.focus, got, tt.want)
		}
	}
}

// TestAskSharesTask4 checks that Ask answers a free question as a task-4
// problem is answered (same value, same evidence), keeps to the
// documents asked, answers over a ref file as task 3, and says why when
// no passage holds a value of the kind asked.
func TestAskSharesTask4(t *testing.T) {
	s := collectionSolver()
	ctx := context.Background()
	for _, q := range []string{
		"지원 기업의 5년 유지율은 얼마인가?",
		"단계별 지원 한도는 얼마인가?",
		"카드결제 도입률이 가장 높은 상점가의 2023년 온라인 매출은 얼마인가?",
		"우주 정거장의 궤도 높이는 몇 km인가?",
	} {
		task4, err := s.Solve(ctx, dataset.Problem{ProblemNo: "1", TaskNo: "4", Question: q})
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.Ask(ctx, Query{Question: q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Answer != task4.Value || !reflect.DeepEqual(res.Evidence, task4.Evidence) || res.Score != task4.Score {
			t.Errorf("%s: Ask %q %+v, task 4 %q %+v", q, res.Answer, res.Evidence, task4.Value, task4.Evidence)
		}
		if (res.Answer == "") != (res.Note != "") {
			t.Errorf("%s: answer %q, note %q", q, res.Answer, res.Note)
		}
	}
	tests := []struct {
		name string
		q    Query
		want string
		kind string // "": not checked
		doc  string // the first evidence passage's; every one's with DocIDs or RefFile
		note string // in the note
	}{
		{"rate, whole collection", Query{Question: "지원 기업의 5년 유지율은 얼마인가?"}, "54.3%", "ratio", "s1", ""},
		{"other document only", Query{Question: "지원 기업의 5년 유지율은 얼마인가?", DocIDs: []string{"m1"}}, "", "ratio", "m1", "a ratio in %"},
		{"ref table as task 3", Query{Question: "권역별 예산과 인원에서 남부권의 인원(명)은?", RefFile: "t2"}, "22", "", "t2", ""},
		{"nothing matches", Query{Question: "우주 정거장의 궤도 높이는 몇 km인가?", DocIDs: []string{"none"}}, "", "count", "", "no passage matches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := s.Ask(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Answer != tt.want || tt.kind != "" && res.Expected.Kind != tt.kind || !strings.Contains(res.Note, tt.note) {
				t.Errorf("Ask = %q (%+v, note %q), want %q (%s, note %q)", res.Answer, res.Expected, res.Note, tt.want, tt.kind, tt.note)
			}
			for i, e := range res.Evidence {
				if (i == 0 || tt.q.DocIDs != nil || tt.q.RefFile != "") && e.DocFile != tt.doc || e.Kind == "" {
					t.Errorf("evidence %+v, want doc %q and a kind", e, tt.doc)
				}
			}
		})
	}
	if _, err := s.Ask(ctx, Query{Question: "x", RefFile: "nope"}); err == nil {
		t.Error("unknown ref: no error")
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.Ask(cancelled, Query{Question: "지원 기업의 5년 유지율은 얼마인가?"}); err == nil {
		t.Error("cancelled context: no error")
	}
}
