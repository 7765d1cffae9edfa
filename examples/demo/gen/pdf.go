package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
)

// buildPDF lays a report out on A4 pages with a Korean TrueType font.
func buildPDF(r report, font string) ([]byte, error) {
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	// Fixed dates keep regenerated files byte-identical.
	fixed := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	p.SetCreationDate(fixed)
	p.SetModificationDate(fixed)
	ttf, err := os.ReadFile(font)
	if err != nil {
		return nil, err
	}
	p.AddUTF8FontFromBytes("nanum", "", ttf)
	if err := p.Error(); err != nil {
		return nil, fmt.Errorf("font %s: %w", font, err)
	}
	p.SetMargins(25, 25, 25)
	p.SetAutoPageBreak(true, 25)
	p.SetFooterFunc(func() {
		p.SetY(-15)
		p.SetFont("nanum", "", 9)
		p.CellFormat(0, 10, fmt.Sprintf("- %d -", p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetFont("nanum", "", 18)
	p.MultiCell(0, 10, r.title, "", "C", false)
	p.Ln(6)
	for i, it := range r.items {
		switch {
		case it.heading != "":
			p.Ln(3)
			p.SetFont("nanum", "", 14)
			p.MultiCell(0, 8, it.heading, "", "L", false)
			p.Ln(1)
		case it.para != "":
			p.SetFont("nanum", "", 11)
			p.MultiCell(0, 6.5, it.para, "", "L", false)
			p.Ln(2.5)
		case it.list != nil:
			p.SetFont("nanum", "", 11)
			for _, li := range it.list {
				p.MultiCell(0, 6.5, li, "", "L", false)
				p.Ln(1)
			}
		}
		if i == 5 {
			p.AddPage()
		}
	}
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF")) || strings.Count(buf.String(), "/Type /Page") == 0 {
		return nil, fmt.Errorf("pdf: output is not a PDF")
	}
	return buf.Bytes(), nil
}
