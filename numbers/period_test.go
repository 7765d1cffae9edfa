package numbers

import (
	"strings"
	"testing"
)

func periodStrings(ps []Period) string {
	var out []string
	for _, p := range ps {
		out = append(out, p.String()+"="+p.Text)
	}
	return strings.Join(out, " | ")
}

func TestFindPeriods(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"사업은 2024년 6월 기준 12곳이다", "2024-06=2024년 6월"},
		{"12곳(’23.6월) → 18곳(’23.12월) → 25곳(’24.6월)", "2023-06=’23.6월 | 2023-12=’23.12월 | 2024-06=’24.6월"},
		{"'24년 2월말 누계", "2024-02='24년 2월말"},
		{"2019년도 예산", "2019=2019년도"},
		{"2024.3.29.부터 시행", "2024-03-29=2024.3.29."},
		{"2024. 6. 30. 기준", "2024-06-30=2024. 6. 30."},
		{"’23~’27년 기간 중", "2023=’23 | 2027=’27년"},
		{"24년 1분기 실적", "2024-Q1=24년 1분기"},
		{"’24.1/4분기", "2024-Q1=’24.1/4분기"},
		{"상반기 중 시행", "-H1=상반기"},
		{"2025년 하반기", "2025-H2=2025년 하반기"},
		{"1월, 2월, 3월", "-01=1월 | -02=2월 | -03=3월"},
		{"1/4 수준", ""},
		{"3분기", "-Q3=3분기"},
		// Amounts, lengths of time and decimals are not periods.
		{"출자금 2000만원", ""},
		{"30년 이상 거주", ""},
		{"5년간 지원", ""},
		{"성장률 2.9%", ""},
		{"13월", ""},
		{"2,024명", ""},
		{"BIN2024년", "2024=2024년"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := periodStrings(FindPeriods(tt.in)); got != tt.want {
				t.Errorf("FindPeriods(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"’24", "2024", true},
		{"2024", "2024", true},
		{"24년", "2024", true},
		{"2024년(조원)", "2024", true},
		{"’27년p", "2027", true},
		{"2023*", "2023", true},
		{"6월", "-06", true},
		{"1분기", "-Q1", true},
		{"연평균", "", false},
		{"증가율(%)", "", false},
	}
	for _, tt := range tests {
		p, ok := ParsePeriod(tt.in)
		if ok != tt.ok || ok && p.String() != tt.want {
			t.Errorf("ParsePeriod(%q) = %q, %v; want %q, %v", tt.in, p.String(), ok, tt.want, tt.ok)
		}
	}
}

func TestPeriodAgree(t *testing.T) {
	p := func(s string) Period {
		t.Helper()
		q, ok := ParsePeriod(s)
		if !ok {
			t.Fatalf("ParsePeriod(%q) failed", s)
		}
		return q
	}
	tests := []struct {
		want, found string
		agree       Agreement
	}{
		{"2024년", "’24", Agrees},
		{"2024년", "’23", Conflicts},
		{"2024년", "’24.6월", Partial},
		{"2024년 6월", "’24.6월", Agrees},
		{"2024년 6월", "6월", Partial},
		{"2024년 6월", "’24.12월", Conflicts},
		{"2024년 1월", "2월", Conflicts},
		{"2024년", "6월", Unrelated},
		{"2024년 2분기", "’24.5월", Partial},
		{"2024년 2분기", "’24.7월", Conflicts},
		{"상반기", "’24.7월", Conflicts},
	}
	for _, tt := range tests {
		if got := p(tt.want).Agree(p(tt.found)); got != tt.agree {
			t.Errorf("%q.Agree(%q) = %d, want %d", tt.want, tt.found, got, tt.agree)
		}
	}
}

func FuzzFindPeriods(f *testing.F) {
	for _, s := range []string{"’24.6월", "2024. 6. 30.", "1/4분기", "24년 2월말", "2000만원", "’", "2024.", "6월말"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, p := range FindPeriods(s) {
			if p.Start < last || p.End <= p.Start || p.End > len(s) || s[p.Start:p.End] != p.Text {
				t.Fatalf("bad period %+v in %q", p, s)
			}
			last = p.End
		}
		ParsePeriod(s)
	})
}
