package odt

import (
	"context"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding/korean"

	"github.com/policyqa/policyqa/document"
)

func TestParseTableXML(t *testing.T) {
	fixture, err := os.ReadFile("testdata/fragment.xml")
	if err != nil {
		t.Fatal(err)
	}
	wantGrid := [][]string{
		{"구분", "기준 A", "기준 B"},
		{"납", "100 ㎎/㎏", "100 ㎎/㎏"},
		{"납", "5", "6"},
	}
	cp949, err := korean.EUCKR.NewEncoder().String(`<?xml version="1.0" encoding="EUC-KR"?><text:p>[표 2] 지역별 현황</text:p><table:table><table:table-row><table:table-cell><text:p>지역</text:p></table:table-cell><table:table-cell><text:p>값</text:p></table:table-cell></table:table-row></table:table>`)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		input   string
		err     error
		grid    [][]string // the one table's grid; nil: no table with rows
		caption string
		paras   []string // paragraph texts, when checked
	}{
		{name: "fixture", input: string(fixture), grid: wantGrid, caption: "[표 1-2] 시험 기준 비교"},
		{name: "with declaration and BOM", input: "\ufeff<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + string(fixture),
			grid: wantGrid, caption: "[표 1-2] 시험 기준 비교"},
		{name: "own namespace declarations", input: `<table:table xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"a", "b"}}},
		{name: "own prefixes for ODF namespaces", input: `<t:table xmlns:t="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:x="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><t:table-row><t:table-cell t:number-columns-spanned="2"><x:p>a</x:p></t:table-cell><t:covered-table-cell/></t:table-row><t:table-row><t:table-cell><x:p>b</x:p></t:table-cell><t:table-cell><x:p>c</x:p></t:table-cell></t:table-row></t:table>`,
			grid: [][]string{{"a", "a"}, {"b", "c"}}},
		{name: "undeclared prefixes", input: `<text:p>[표 3] 비교<loext:contentcontrol loext:alias="x">표</loext:contentcontrol></text:p><table:table><table:table-row><table:table-cell calcext:value-type="string"><text:p><foo:bar>값</foo:bar></text:p></table:table-cell><table:table-cell><text:p>2</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"값", "2"}}, caption: "[표 3] 비교표"},
		{name: "no caption", input: `<text:p>그냥 문단</text:p><table:table><table:table-row><table:table-cell><text:p>x</text:p></table:table-cell><table:table-cell><text:p>y</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"x", "y"}}},
		{name: "cut short", input: cutAfter(t, string(fixture), "100 ㎎/㎏"), grid: wantGrid[:2], caption: "[표 1-2] 시험 기준 비교"},
		{name: "cut inside a tag", input: `<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:number-`,
			grid: [][]string{{"a", "b"}}},
		{name: "cut inside an attribute value", input: `<table:table><table:table-row><table:table-cell><text:p>a</text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell table:style-name="표1.A`,
			grid: [][]string{{"a", "b"}}},
		{name: "starts inside a paragraph (fixture)", input: "@fragment_cut_start.xml",
			grid: [][]string{
				{"사업 유형", "지원 한도(백만 원)", "지원 한도(백만 원)", "보조율(%)"},
				{"사업 유형", "국비", "지방비", "보조율(%)"},
				{"생활권 정비", "450", "300", "60"},
				{"공동체 회복", "280", "190", "50"},
				{"노후 시설 개선", "620", "410", "70"},
			},
			paras: []string{"사업 유형별 지원 한도 및 보조율(2024)", "※ 자료: 내부 집계(2024년 12월 말 기준"}},
		{name: "unescaped angle brackets (fixture)", input: "@fragment_angle_caption.xml",
			grid: [][]string{
				{"시도", "2022년", "2023년", "증감률(%)"},
				{"서울", "1,240", "1,515", "22.2"},
				{"부산", "610", "702", "15.1"},
				{"대구", "388", "401", "3.4"},
				{"광주<주1>", "295", "350", "18.6"},
			},
			caption: "<표 3-1> 시도별 청년 주거 지원 실적(단위: 가구)",
			paras: []string{"<표 3-1> 시도별 청년 주거 지원 실적(단위: 가구)",
				"주1) 2023년부터 광역 통합 신청 기준 (가구 수 < 500 인 시도는 통합 집계)", "<그림 3-2> 시도별 지원 현황"}},
		{name: "caption with angle brackets cut from its paragraph", input: `<표 4-1> 권역별 현황</text:span></text:p><table:table><table:table-row><table:table-cell><text:p>권역</text:p></table:table-cell><table:table-cell><text:p>값</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"권역", "값"}}, caption: "<표 4-1> 권역별 현황"},
		{name: "starts inside a cell", input: `값</text:p></table:table-cell><table:table-cell><text:p>둘</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell><text:p>셋</text:p></table:table-cell><table:table-cell><text:p>넷</text:p></table:table-cell></table:table-row></table:table><text:p>뒤 문단</text:p>`,
			grid: [][]string{{"값", "둘"}, {"셋", "넷"}}, paras: []string{"뒤 문단"}},
		{name: "starts inside a row span", input: `<table:table-cell table:number-rows-spanned="2"><text:p>가</text:p></table:table-cell><table:table-cell><text:p>1</text:p></table:table-cell></table:table-row><table:table-row><table:covered-table-cell/><table:table-cell><text:p>2</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"가", "1"}, {"가", "2"}}},
		{name: "unclosed element closed by an outer end tag", input: `<table:table><table:table-row><table:table-cell><text:p>a</table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"a", "b"}}},
		{name: "stray end tag inside an element", input: `<table:table><table:table-row><table:table-cell><text:p>a</text:h></text:p></table:table-cell><table:table-cell><text:p>b</text:p></table:table-cell></table:table-row></table:table>`,
			grid: [][]string{{"a", "b"}}},
		{name: "open paragraph closed by its table", input: `<text:p>열림
<table:table><table:table-row></text:p>`, paras: []string{"열림"}},
		{name: "comments, CDATA and processing instructions", input: `<!-- 주석 <text:p>x</text:p> --><?hwp x?><text:p><![CDATA[<표 1> 값]]></text:p>`, paras: []string{"<표 1> 값"}},
		{name: "references", input: `<text:p>A &amp; B &lt;표&gt; &#44032;&#xAC01; &nope; &#0; R&D</text:p>`, paras: []string{"A & B <표> 가각 &nope; &#0; R&D"}},
		{name: "text that looks like tags", input: `<text:p><Table 1> 비교 <Note> 참고 <A안> 5 <10 a<b 끝</text:p>`, paras: []string{"<Table 1> 비교 <Note> 참고 <A안> 5 <10 a<b 끝"}},
		{name: "unprefixed wrapper element", input: `<root><text:p>값</text:p></root>`, paras: []string{"값"}},
		{name: "DOCTYPE with entities is not expanded", input: `<!DOCTYPE x [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]><text:p>&b;</text:p>`, paras: []string{"&b;"}},
		{name: "CP949", input: cp949, grid: [][]string{{"지역", "값"}}, caption: "[표 2] 지역별 현황"},
		{name: "invalid UTF-8 and control characters", input: "<text:p>값\xff\x01끝</text:p>", paras: []string{"값\uFFFD끝"}},
		{name: "empty", input: "", err: ErrEmptyFragment},
		{name: "comments only", input: "<!-- x -->\n  ", err: ErrEmptyFragment},
		{name: "stray end only", input: `</table:table>`, err: ErrEmptyFragment},
		{name: "empty table", input: `<table:table><table:table-row></table:table>`, err: ErrEmptyFragment},
		{name: "empty cells", input: `<table:table><table:table-row><table:table-cell/><table:table-cell><text:p> </text:p></table:table-cell></table:table-row></table:table>`, err: ErrEmptyFragment},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := tt.input
			if name, ok := strings.CutPrefix(input, "@"); ok {
				b, err := os.ReadFile("testdata/" + name)
				if err != nil {
					t.Fatal(err)
				}
				input = string(b)
			}
			blocks, err := ParseTableXML(context.Background(), strings.NewReader(input))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Errorf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkBlocks(t, blocks)
			var tables []document.Block
			var paras []string
			for _, b := range blocks {
				switch b.Kind {
				case document.KindTable:
					if len(b.Table.Rows) > 0 {
						tables = append(tables, b)
					}
				case document.KindParagraph, document.KindHeading:
					paras = append(paras, b.Text)
				}
			}
			if tt.paras != nil && !reflect.DeepEqual(paras, tt.paras) {
				t.Errorf("paragraphs = %q, want %q", paras, tt.paras)
			}
			if tt.grid == nil {
				if len(tables) != 0 {
					t.Errorf("got %d tables, want none", len(tables))
				}
				return
			}
			if len(tables) != 1 {
				t.Fatalf("got %d tables, want 1", len(tables))
			}
			if got := tables[0].Table.Grid(); !reflect.DeepEqual(got, tt.grid) {
				t.Errorf("grid = %q, want %q", got, tt.grid)
			}
			if tables[0].Text != tt.caption || tables[0].Table.Caption != tt.caption {
				t.Errorf("caption = %q / %q, want %q", tables[0].Text, tables[0].Table.Caption, tt.caption)
			}
		})
	}
}

func TestParseFragmentWarnings(t *testing.T) {
	tests := []struct {
		name, input string
		want        []string // substrings, one per expected warning
	}{
		{"well formed", `<text:p>a</text:p>`, nil},
		{"cut start", `b</text:span></text:p><text:p>c</text:p>`, []string{"starts inside text:span < text:p"}},
		{"cut end", `<text:p>a`, []string{"cut short: 1 open"}},
		{"unescaped", `<text:p><표 1> a</text:p>`, []string{"1 unescaped '<'"}},
		{"stray inside", `<text:p>a</text:span></text:p>`, []string{"1 stray end tags dropped"}},
		{"loose text", `<text:p>a</text:p> b <text:span>c</text:span>`, []string{"1 runs of text outside any paragraph"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseFragment(context.Background(), strings.NewReader(tt.input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Warnings) != len(tt.want) {
				t.Fatalf("warnings = %q, want %d", d.Warnings, len(tt.want))
			}
			for i, w := range tt.want {
				if !strings.Contains(d.Warnings[i], w) {
					t.Errorf("warning %q does not say %q", d.Warnings[i], w)
				}
			}
			if d.Format != document.FormatODFFragment {
				t.Errorf("format = %q", d.Format)
			}
		})
	}
}

func TestParseFragmentTooLarge(t *testing.T) {
	big := strings.NewReader(strings.Repeat("가", maxFragmentBytes/3+1))
	if _, err := ParseFragment(context.Background(), big, Options{}); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

// TestRepairIsWellFormed: whatever the input, the repaired stream is XML
// the strict decoder reads to the end.
func TestRepairIsWellFormed(t *testing.T) {
	inputs := []string{
		"", "<", "</", "<a", "<a:b", "<a:b x", `<a:b x="`, "&", "&#", "&#x;", "]]>", "<![CDATA[", "<!--", "<?",
		"</a:b></c:d>x<e:f>", `<a:b x="1" x="2"/>`, `<a:b xmlns:a="urn:x" a:y="1"/>`, "<text:p>\x00\x1f</text:p>",
		`<a:b c="<">`, `<a:b c=d>e</a:b>`, "<a:b/>>", strings.Repeat("</text:p>", 100),
	}
	for _, in := range inputs {
		out, _ := repairFragment([]byte(in))
		if err := decodeAll(out); err != nil {
			t.Errorf("repair(%q) = %q: %v", in, out, err)
		}
	}
}

// cutAfter truncates s just after the first occurrence of marker.
func cutAfter(t *testing.T, s, marker string) string {
	t.Helper()
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("marker %q not in fixture", marker)
	}
	return s[:i+len(marker)]
}
