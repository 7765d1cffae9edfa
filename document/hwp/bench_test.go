package hwp

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/odt"
	"github.com/policyqa/policyqa/internal/hwptest"
)

// textBlocks counts a document's non-empty blocks (paragraphs, headings,
// list items, notes, tables, figures): the unit of the speed figures.
func textBlocks(d *document.Document) int { return len(d.Blocks) }

// BenchmarkParseTwin parses field_10_mfds_guide_src.hwp and its ODT
// conversion field_10_mfds_guide.odt (the same document) and reports
// blocks per second for each:
//
//	go test ./document/hwp -run X -bench ParseTwin -benchtime 20x
func BenchmarkParseTwin(b *testing.B) {
	dir := filepath.Join(fieldDevDir(b), "doc", "10")
	for _, f := range []struct {
		name  string
		parse func(string) (*document.Document, error)
	}{
		{"field_10_mfds_guide_src.hwp", func(p string) (*document.Document, error) {
			return ParseFile(context.Background(), p, Options{})
		}},
		{"field_10_mfds_guide.odt", func(p string) (*document.Document, error) {
			return odt.ParseFile(context.Background(), p, odt.Options{})
		}},
	} {
		path := filepath.Join(dir, f.name)
		if _, err := os.Stat(path); err != nil {
			b.Skip(err)
		}
		b.Run(f.name, func(b *testing.B) {
			blocks := 0
			for b.Loop() {
				d, err := f.parse(path)
				if err != nil {
					b.Fatal(err)
				}
				blocks += textBlocks(d)
			}
			b.ReportMetric(float64(blocks)/b.Elapsed().Seconds(), "blocks/s")
		})
	}
}

// BenchmarkParseSynthetic parses a written report of 2,000 paragraphs
// and 100 tables as HWP, compressed HWP and HWPX, and reports blocks per
// second (no shared data needed).
func BenchmarkParseSynthetic(b *testing.B) {
	var d hwptest.Doc
	for i := range 2000 {
		d.Paras = append(d.Paras, hwptest.Para{Text: fmt.Sprintf("%d. 사업 %d의 추진 실적은 예산 %d억 원, 집행률 %d%%이다.", i%9+1, i, i*3, i%100)})
		if i%20 == 0 {
			d.Paras = append(d.Paras, hwptest.Para{Table: &hwptest.Table{Rows: 4, Cols: 3, Cells: []hwptest.Cell{
				hwptest.Span(0, 0, 1, 3, "구분"),
				hwptest.T(1, 0, "a"), hwptest.T(1, 1, "1"), hwptest.T(1, 2, "2"),
				hwptest.T(2, 0, "b"), hwptest.T(2, 1, "3"), hwptest.T(2, 2, "4"),
				hwptest.T(3, 0, "c"), hwptest.T(3, 1, "5"), hwptest.T(3, 2, "6"),
			}}})
		}
	}
	for _, f := range formats {
		data, err := f.write(d)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(f.name, func(b *testing.B) {
			blocks := 0
			for b.Loop() {
				doc, err := Parse(context.Background(), bytes.NewReader(data), int64(len(data)), Options{})
				if err != nil {
					b.Fatal(err)
				}
				blocks += textBlocks(doc)
			}
			b.ReportMetric(float64(blocks)/b.Elapsed().Seconds(), "blocks/s")
			b.ReportMetric(float64(len(data)), "file-bytes")
		})
	}
}
