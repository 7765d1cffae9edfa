package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/policyqa/policyqa/corpus"
	"github.com/policyqa/policyqa/document"
	"github.com/policyqa/policyqa/document/render"
)

// runParse is `policyqa parse FILE|DIR...`: parse documents and ref files
// as the run would and print the document model.
func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("parse", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		format  string
		useOCR  bool
		figures bool
		work    string
		verbose bool
	)
	fs.StringVar(&format, "format", "text", "output format: json, md or text")
	fs.BoolVar(&useOCR, "ocr", true, "OCR PDF pages without a usable text layer and read chart images (needs tesseract)")
	fs.BoolVar(&figures, "figures", true, "read figures inside documents (charts to tables, other images to OCR text), as the run does; needs --ocr")
	fs.StringVar(&work, "work", os.Getenv("POLICYQA_WORK"), "folder for the OCR cache (empty: no cache)")
	fs.BoolVar(&verbose, "v", false, "debug logging")
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "usage: policyqa parse [flags] FILE|DIR...\n\n"+
			"Prints the parsed document model: blocks with kind, page, section path and text,\n"+
			"tables with cells and spans, figures, and per page whether its text came from\n"+
			"the text layer or OCR. FILE: .odt, .pdf, .hwp, .hwpx, a ref .xml table fragment or a ref image;\n"+
			"DIR: an unpacked ODT (content.xml) or any folder (every document and ref under it).\n\nFlags:")
		fs.PrintDefaults()
	}
	var paths []string
	if err := parseHelp(fs, func() (err error) { paths, err = parseInterspersed(fs, args); return err }); err != nil {
		return err
	}
	if len(paths) == 0 {
		fs.Usage()
		return fmt.Errorf("%w: parse needs a FILE or DIR", errUsage)
	}
	f, err := render.ParseFormat(format)
	if err != nil {
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	log := newLogger(stderr, verbose)
	var opts corpus.LoadOptions
	opts.Logger = log
	if useOCR {
		eng, err := newOCR(work, log)
		if err != nil {
			log.Warn("OCR unavailable; pages without a text layer and images will not be read", "err", err)
		} else {
			defer eng.Close()
			e := corpus.NewEngines(eng, 0, log)
			defer e.Close()
			opts.OCR, opts.Charts = e.OCR, e.Charts
			if figures {
				opts.PDFImages = e.PDFImages
			}
		}
	}
	if !figures {
		opts.NoFigures = true
	}
	multi := len(paths) > 1
	for _, p := range paths {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() && !corpus.IsUnpackedODT(p) {
			multi = true
		}
	}
	rw, err := render.NewWriter(stdout, f, multi)
	if err != nil {
		return err
	}
	var failed []string
	for _, p := range paths {
		err := corpus.ParsePath(ctx, p, opts, func(path string, d *document.Document, perr error) error {
			if perr != nil {
				failed = append(failed, path)
				fmt.Fprintf(stderr, "policyqa parse: %v\n", perr) // perr names path (corpus.ParsePath)
				return nil
			}
			return rw.Write(d)
		})
		if err != nil {
			failed = append(failed, p)
			fmt.Fprintf(stderr, "policyqa parse: %v\n", err)
		}
	}
	if err := rw.Close(); err != nil {
		return err
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d failed: %s", len(failed), strings.Join(failed, ", "))
	}
	return nil
}

// parseInterspersed parses flags that may come before or after the
// positional arguments ("parse FILE --format json").
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
