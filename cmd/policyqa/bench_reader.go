package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/policyqa/policyqa/internal/proc"
	"github.com/policyqa/policyqa/reader"
)

// benchSentences are fictional policy sentences (written for this project)
// that synthetic benchmark passages are built from; the default test model's
// tokenizer was trained on similar text, so they tokenise into real pieces.
var benchSentences = []string{
	"가상의 한빛시는 2021년 3월부터 청년 주거 지원 사업을 시작하였다.",
	"이 사업은 만 19세 이상 34세 이하의 무주택 청년에게 월 20만 원의 임차료를 최대 12개월 동안 지원한다.",
	"신청은 한빛시 청년정책과 누리집에서 받으며, 소득 기준은 중위소득 150% 이하이다.",
	"2022년에는 지원 대상이 신혼부부까지 확대되었고 예산은 45억 원으로 늘었다.",
	"정책 평가 결과 참여자의 주거비 부담이 평균 18% 줄어든 것으로 나타났다.",
	"스마트 교실 사업은 2023년까지 120개 학교에 전자칠판과 태블릿을 보급하는 것을 목표로 한다.",
	"보조금 한도는 기업당 1억 원이며, 신청 기간은 매년 4월 1일부터 4월 30일까지이다.",
	"응급 의료 기관까지의 평균 이동 시간은 도시 지역 12분, 농촌 지역 41분으로 조사되었다.",
}

var benchQuestions = []string{
	"청년 주거 지원 사업은 언제 시작하였나?",
	"보조금 한도는 얼마인가?",
	"농촌 지역의 평균 이동 시간은?",
	"스마트 교실 사업의 목표는 무엇인가?",
}

// benchReaderResult is the JSON line bench reader prints.
type benchReaderResult struct {
	Model           string  `json:"model"`
	ModelFile       string  `json:"model_file"`
	Data            string  `json:"data"`
	Threads         int     `json:"threads"`
	Batch           int     `json:"batch"`
	AvgBatchRows    float64 `json:"avg_batch_rows"`
	Workers         int     `json:"workers"`
	Questions       int     `json:"questions"`
	Rounds          int     `json:"rounds"`
	Windows         int64   `json:"windows"`
	AvgWindowTokens float64 `json:"avg_window_tokens"`
	// AvgPaddedTokens is the columns run per window, padding included; Python
	// runs this length.
	AvgPaddedTokens float64 `json:"avg_padded_tokens"`
	WindowsPerS     float64 `json:"windows_per_s"`
	MsPerQuestion   float64 `json:"ms_per_question"`
	OverheadShare   float64 `json:"overhead_share"`
	// CPUmsPerWindow is process CPU time (all threads) per window: steadier
	// than wall time when the machine is shared.
	CPUmsPerWindow       float64 `json:"cpu_ms_per_window"`
	PythonWindowsPS      float64 `json:"python_windows_per_s,omitempty"`
	RatioVsPython        float64 `json:"ratio_vs_python,omitempty"`
	PythonCPUmsPerWindow float64 `json:"python_cpu_ms_per_window,omitempty"`
	// CPURatioVsPython is Python's CPU time per window over ours (> 1: Go
	// spends less).
	CPURatioVsPython float64 `json:"cpu_ratio_vs_python,omitempty"`
	PythonError      string  `json:"python_error,omitempty"`
}

type benchCase struct {
	question string
	passages []string
}

// runBenchReader times the reader over --rounds rounds of --questions
// questions and reports the best round: windows per second, milliseconds per
// question, the share of wall time spent outside the model's session runs,
// and, where .venv has Python onnxruntime, the ratio to Python running the
// same model with the same threads, batch rows and padded window length, its
// rounds interleaved with ours.
func runBenchReader(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("bench reader", flag.ContinueOnError)
	fs.SetOutput(stdout)
	model := fs.String("model", envOr("POLICYQA_MODEL", "reader/testdata/tiny"), "model directory (model.onnx or model_quantized.onnx + tokenizer.json); env POLICYQA_MODEL")
	modelFile := fs.String("model-file", "", "model file name in --model (default model.onnx, then model_quantized.onnx)")
	lib := fs.String("ort-lib", "", "libonnxruntime.so path (default $ONNXRUNTIME_LIB, then third_party/onnxruntime/lib)")
	threads := fs.Int("threads", runtime.NumCPU(), "ONNX Runtime intra-op threads")
	batch := fs.Int("batch", reader.DefaultBatchSize, "windows per session run")
	workers := fs.Int("workers", 1, "concurrent session runs")
	questions := fs.Int("questions", 16, "questions to time")
	passages := fs.Int("passages", 3, "passages per question")
	passageBytes := fs.Int("passage-bytes", 3000, "synthetic passage length in bytes (about 2 full 384-token windows with the test tokenizer)")
	korquad := fs.String("korquad", "", "take questions and paragraphs from this KorQuAD 1.0 JSON instead of synthetic text")
	rounds := fs.Int("rounds", 3, "timed rounds over the questions; the best round is reported (the machine may be shared)")
	python := fs.String("python", ".venv/bin/python", `Python with onnxruntime for ratio_vs_python ("" to skip)`)
	verbose := fs.Bool("v", false, "log to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *questions < 1 || *passages < 1 || *rounds < 1 {
		return fmt.Errorf("%w: bench reader: --questions, --passages and --rounds must be positive", errUsage)
	}
	log := slog.New(slog.DiscardHandler)
	if *verbose {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}

	cases, data := syntheticCases(*questions, *passages, *passageBytes), "synthetic"
	if *korquad != "" {
		var err error
		if cases, err = korquadCases(*korquad, *questions, *passages); err != nil {
			return fmt.Errorf("bench reader: %w", err)
		}
		data = "korquad"
	}

	r, err := reader.New(reader.Options{ModelDir: *model, ModelFile: *modelFile, LibPath: *lib,
		IntraOpThreads: *threads, BatchSize: *batch, Workers: *workers, Logger: log})
	if err != nil {
		return fmt.Errorf("bench reader: %w", err)
	}
	defer r.Close()

	// One untimed round warms up and measures the shapes Python will run:
	// rows per batch and columns (padding included) per row.
	round := func() (reader.Stats, time.Duration, error) {
		cpu0, before := proc.CPU(), r.Stats()
		for _, c := range cases {
			if _, err := r.Answer(ctx, c.question, c.passages, 5); err != nil {
				return reader.Stats{}, 0, fmt.Errorf("bench reader: %w", err)
			}
		}
		after := r.Stats()
		return reader.Stats{Windows: after.Windows - before.Windows, Batches: after.Batches - before.Batches,
			Tokens: after.Tokens - before.Tokens, PaddedTokens: after.PaddedTokens - before.PaddedTokens,
			Wall: after.Wall - before.Wall, Run: after.Run - before.Run}, proc.CPU() - cpu0, nil
	}
	warm, _, err := round()
	if err != nil {
		return err
	}
	rows := float64(warm.Windows) / float64(max(warm.Batches, 1))
	seq := float64(warm.Tokens) / float64(max(warm.Windows, 1))
	padded := float64(warm.PaddedTokens) / float64(max(warm.Windows, 1))

	// Python rounds interleave with ours so both see the same machine load.
	var py *pyBench
	var pyErr error
	if *python != "" {
		py, pyErr = startPyBench(ctx, *python, r.Info().ModelPath, *threads, int(rows+0.5), int(padded+0.5), int(warm.Windows))
		if py != nil {
			defer py.close()
		}
	}
	var best reader.Stats
	bestPy, bestPyCPU := 0.0, 0.0
	var bestCPU time.Duration
	for range *rounds {
		d, cpu, err := round()
		if err != nil {
			return err
		}
		if bestCPU == 0 || cpu < bestCPU {
			bestCPU = cpu
		}
		if best.Wall == 0 || d.Wall < best.Wall {
			best = d
		}
		if py != nil && pyErr == nil {
			var rate, cpuMS float64
			if rate, cpuMS, pyErr = py.round(); pyErr == nil {
				bestPy = max(bestPy, rate)
				if bestPyCPU == 0 || cpuMS < bestPyCPU {
					bestPyCPU = cpuMS
				}
			}
		}
	}
	res := benchReaderResult{
		Model: *model, ModelFile: filepath.Base(r.Info().ModelPath), Data: data,
		Threads: *threads, Batch: *batch, AvgBatchRows: rows, Workers: *workers,
		Questions: len(cases), Rounds: *rounds, Windows: best.Windows, AvgWindowTokens: seq, AvgPaddedTokens: padded,
		WindowsPerS:    float64(best.Windows) / best.Wall.Seconds(),
		MsPerQuestion:  float64(best.Wall.Microseconds()) / 1000 / float64(len(cases)),
		OverheadShare:  max(0, float64(best.Wall-best.Run)/float64(best.Wall)),
		CPUmsPerWindow: float64(bestCPU.Microseconds()) / 1000 / float64(max(best.Windows, 1)),
	}
	switch {
	case pyErr != nil:
		res.PythonError = pyErr.Error()
	case bestPy > 0:
		res.PythonWindowsPS = bestPy
		res.RatioVsPython = res.WindowsPerS / bestPy
		res.PythonCPUmsPerWindow = bestPyCPU
		if res.CPUmsPerWindow > 0 {
			res.CPURatioVsPython = bestPyCPU / res.CPUmsPerWindow
		}
	}
	return json.NewEncoder(stdout).Encode(res)
}

func syntheticCases(questions, passages, passageBytes int) []benchCase {
	out := make([]benchCase, questions)
	for i := range out {
		c := benchCase{question: benchQuestions[i%len(benchQuestions)]}
		for p := range passages {
			var b strings.Builder
			for j := i + p; b.Len() < passageBytes; j++ {
				b.WriteString(benchSentences[j%len(benchSentences)])
				b.WriteByte(' ')
			}
			c.passages = append(c.passages, b.String())
		}
		out[i] = c
	}
	return out
}

// korquadCases reads questions with their paragraph plus the following
// paragraphs as distractors.
func korquadCases(path string, questions, passages int) ([]benchCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var kq struct {
		Data []struct {
			Paragraphs []struct {
				Context string `json:"context"`
				QAs     []struct {
					Question string `json:"question"`
				} `json:"qas"`
			} `json:"paragraphs"`
		} `json:"data"`
	}
	if err := json.Unmarshal(data, &kq); err != nil {
		return nil, fmt.Errorf("parse %s: %w", path, err)
	}
	type question struct {
		text string
		para int
	}
	var paras []string
	var qs []question
	for _, d := range kq.Data {
		for _, p := range d.Paragraphs {
			paras = append(paras, p.Context)
			for _, qa := range p.QAs {
				qs = append(qs, question{qa.Question, len(paras) - 1})
			}
		}
	}
	if len(qs) == 0 {
		return nil, errors.New("no questions in " + path)
	}
	step := max(len(qs)/questions, 1)
	var out []benchCase
	for i := 0; i < len(qs) && len(out) < questions; i += step {
		c := benchCase{question: qs[i].text}
		for p := range passages {
			c.passages = append(c.passages, paras[(qs[i].para+p)%len(paras)])
		}
		out = append(out, c)
	}
	return out, nil
}

// pyBench is scripts/model/bench_ort.py in --serve mode: one timed round
// of Python onnxruntime per request.
type pyBench struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    *bufio.Scanner
	stderr *bytes.Buffer
}

func startPyBench(ctx context.Context, python, model string, threads, batch, seq, windows int) (*pyBench, error) {
	if _, err := os.Stat(python); err != nil {
		return nil, fmt.Errorf("no python: %w", err)
	}
	cmd := exec.CommandContext(ctx, python, "scripts/model/bench_ort.py", "--serve", "--model", model,
		"--threads", fmt.Sprint(threads), "--batch", fmt.Sprint(max(batch, 1)), "--seq", fmt.Sprint(seq),
		"--windows", fmt.Sprint(max(windows, batch)))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	p := &pyBench{cmd: cmd, stdin: stdin, out: bufio.NewScanner(stdout), stderr: &bytes.Buffer{}}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench_ort.py: %w", err)
	}
	if !p.out.Scan() {
		err := p.close()
		return nil, fmt.Errorf("bench_ort.py did not start: %w: %s", err, lastLine(p.stderr.String()))
	}
	return p, nil
}

// round runs one Python round and returns its windows per second and CPU
// milliseconds per window.
func (p *pyBench) round() (float64, float64, error) {
	if _, err := io.WriteString(p.stdin, "run\n"); err != nil {
		return 0, 0, fmt.Errorf("bench_ort.py: %w", err)
	}
	if !p.out.Scan() {
		return 0, 0, fmt.Errorf("bench_ort.py stopped: %s", lastLine(p.stderr.String()))
	}
	var res struct {
		WindowsPerS    float64 `json:"windows_per_s"`
		CPUmsPerWindow float64 `json:"cpu_ms_per_window"`
	}
	if err := json.Unmarshal(p.out.Bytes(), &res); err != nil {
		return 0, 0, fmt.Errorf("bench_ort.py output: %w", err)
	}
	return res.WindowsPerS, res.CPUmsPerWindow, nil
}

func (p *pyBench) close() error {
	p.stdin.Close()
	return p.cmd.Wait()
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
