// Command gen writes policyqa's demo dataset (examples/demo/dataset): four
// fictional Korean policy reports (an ODT package, a PDF, an unpacked ODT
// folder, an HWPX package), a reference table, a chart image, a problem sheet with all four
// task types and its gold file.
//
//	go run ./examples/demo/gen [-out examples/demo/dataset] [-font /usr/share/fonts/truetype/nanum/NanumGothic.ttf]
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "examples/demo/dataset", "output folder")
	font := flag.String("font", "/usr/share/fonts/truetype/nanum/NanumGothic.ttf", "Korean TTF font for the PDF and the chart")
	flag.Parse()
	if err := generate(*out, *font); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func generate(out, font string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	var chartPNG bytes.Buffer
	if err := renderChart(&chartPNG); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	// Report 1: a zipped ODT with a table, a list and the chart image.
	odt, err := buildODT(forestReport, map[string][]byte{"bindata/BIN0001.png": chartPNG.Bytes()}, false)
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "doc", forestReport.dir, forestReport.id+".odt"), odt); err != nil {
		return err
	}
	// Report 2: a PDF with a text layer.
	pdf, err := buildPDF(startupReport, font)
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "doc", startupReport.dir, startupReport.id+".pdf"), pdf); err != nil {
		return err
	}
	// Report 3: an unpacked ODT folder.
	files, err := odtFiles(marketReport, nil)
	if err != nil {
		return err
	}
	for name, data := range files {
		if err := write(filepath.Join(out, "doc", marketReport.dir, marketReport.id, name), data); err != nil {
			return err
		}
	}
	// Report 4: an HWPX press release.
	hwpx, err := buildHWPX()
	if err != nil {
		return err
	}
	if err := write(filepath.Join(out, "doc", libraryDir, libraryID+".hwpx"), hwpx); err != nil {
		return err
	}
	// Reference files.
	if err := write(filepath.Join(out, "ref", refTable.id+".xml"), refTableXML()); err != nil {
		return err
	}
	if err := write(filepath.Join(out, "ref", chart.id+".png"), chartPNG.Bytes()); err != nil {
		return err
	}
	sheet, gold := sheets()
	if err := write(filepath.Join(out, "problemsheet.json"), sheet); err != nil {
		return err
	}
	return write(filepath.Join(out, "gold.json"), gold)
}

func write(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// ordered is a JSON object with keys in insertion order.
type ordered struct {
	keys []string
	vals map[string]any
}

func obj() *ordered { return &ordered{vals: map[string]any{}} }

func (o *ordered) set(k string, v any) *ordered {
	if _, ok := o.vals[k]; !ok {
		o.keys = append(o.keys, k)
	}
	o.vals[k] = v
	return o
}

func (o *ordered) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func sheets() (sheet, gold []byte) {
	var entries []*ordered
	golds := obj()
	for _, p := range problems {
		e := obj().set("problem_no", p.no).set("task_no", p.task)
		if p.doc != "" {
			e.set("doc_file", p.doc)
		}
		if p.ref != "" {
			e.set("ref_file", p.ref)
		}
		if len(p.form) > 0 {
			var form []*ordered
			for _, kv := range p.form {
				form = append(form, obj().set(kv[0], kv[1]).set(p.formKey, ""))
			}
			e.set("answer_form", form)
		}
		e.set("question", p.question)
		entries = append(entries, e)

		g := obj().set("task_no", p.task)
		if len(p.answers) > 0 {
			g.set("answers", p.answers)
		}
		if p.answer != "" {
			g.set("answer", p.answer)
		}
		if p.para != "" {
			g.set("para", p.para)
		}
		if p.doc != "" {
			g.set("doc_file", p.doc)
		}
		golds.set(p.no, g)
	}
	sheet, _ = json.MarshalIndent(entries, "", "  ")
	gold, _ = json.MarshalIndent(golds, "", "  ")
	return append(sheet, '\n'), append(gold, '\n')
}
