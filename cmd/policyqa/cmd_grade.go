package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/policyqa/policyqa/dataset"
	"github.com/policyqa/policyqa/grade"
)

func runGrade(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("grade", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		dsDir, goldPath, file, addr, addrFile string
		once, verbose, all                    bool
	)
	fs.StringVar(&dsDir, "dataset", "", "dataset root (its problemsheet.json lets the grader check task numbers and form keys)")
	fs.StringVar(&goldPath, "gold", "", "gold file (default DATASET/gold.json)")
	fs.StringVar(&file, "file", "", "score this JSON-lines file of messages instead of serving")
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "address to serve the answer protocol on")
	fs.StringVar(&addrFile, "addr-file", "", "write the bound address here once listening (for --addr 127.0.0.1:0)")
	fs.BoolVar(&once, "once", true, "stop serving after end_of_mission")
	fs.BoolVar(&verbose, "v", false, "log every message")
	fs.BoolVar(&all, "all", false, "print a line for every problem, full marks included")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if goldPath == "" {
		if dsDir == "" {
			return fmt.Errorf("%w: grade needs --gold or --dataset", errUsage)
		}
		goldPath = dsDir + "/gold.json"
	}
	gold, err := grade.LoadGold(goldPath)
	if err != nil {
		return err
	}
	var problems []dataset.Problem
	if dsDir != "" {
		ds, err := dataset.Open(dsDir)
		if err != nil {
			return err
		}
		for _, e := range ds.Entries {
			problems = append(problems, e.Problem)
		}
	}
	g := grade.New(gold, problems)
	if file != "" {
		f, err := os.Open(file)
		if err != nil {
			return fmt.Errorf("answers file: %w", err)
		}
		defer f.Close()
		if err := g.ScoreFile(f); err != nil {
			return err
		}
		printReport(g.Report(), stdout, all)
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("grade: listen: %w", err)
	}
	if addrFile != "" {
		if err := os.WriteFile(addrFile, []byte(ln.Addr().String()), 0o644); err != nil {
			return fmt.Errorf("grade: %w", err)
		}
	}
	log := newLogger(stderr, verbose)
	if !verbose {
		log = newLogger(io.Discard, false)
	}
	ended := make(chan struct{})
	srv := &http.Server{Handler: g.Handler(log, ended), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(stderr, "grader listening on http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if !once {
		ended = nil
	}
	select {
	case <-ctx.Done():
	case <-ended:
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("grade: serve: %w", err)
		}
	}
	shutCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	srv.Shutdown(shutCtx)
	printReport(g.Report(), stdout, all)
	return nil
}

func printReport(rep grade.Report, w io.Writer, all bool) {
	if all {
		rep.PrintAll(w)
		return
	}
	rep.Print(w)
}
