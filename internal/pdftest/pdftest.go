// Package pdftest writes small PDF files for tests: the caller supplies the
// objects' source text, Assemble adds the header, object numbers, the cross
// reference table and the trailer.
package pdftest

import (
	"bytes"
	"fmt"
)

// Assemble returns a PDF 1.4 file whose object i+1 is objs[i] and whose
// document catalog is object root.
func Assemble(objs []string, root int) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, root, xref)
	return b.Bytes()
}
