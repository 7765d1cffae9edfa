//go:build ort

package reader

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	ort "github.com/yalue/onnxruntime_go"
)

// LibEnv is the environment variable naming libonnxruntime.so.
const LibEnv = "ONNXRUNTIME_LIB"

// localLib is where scripts/install-onnxruntime.sh puts the library.
const localLib = "third_party/onnxruntime/lib/libonnxruntime.so"

// resolveLib picks the ONNX Runtime library path.
func resolveLib(p string) (string, error) {
	if p == "" {
		p = os.Getenv(LibEnv)
	}
	if p == "" {
		if _, err := os.Stat(localLib); err == nil {
			p = localLib
		}
	}
	if p == "" {
		return "libonnxruntime.so", nil // system search path
	}
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("%w: %w (run scripts/install-onnxruntime.sh or set %s)", ErrRuntime, err, LibEnv)
	}
	return p, nil
}

// environment owns the process's ONNX Runtime environment.
type environment struct{}

// openEnvironment initialises ONNX Runtime from lib; it refuses when an
// environment already exists in the process.
func openEnvironment(lib string) (*environment, error) {
	if ort.IsInitialized() {
		return nil, ErrRuntimeInUse
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return nil, fmt.Errorf("%w: load %s: %w", ErrRuntime, lib, err)
	}
	return &environment{}, nil
}

func (*environment) Close() error {
	if err := ort.DestroyEnvironment(); err != nil {
		return fmt.Errorf("reader: destroy ONNX Runtime environment: %w", err)
	}
	return nil
}

// resolveModel finds the model and tokenizer files.
func resolveModel(o Options) (model, tok string, err error) {
	if o.ModelDir == "" && o.ModelFile == "" {
		return "", "", fmt.Errorf("%w: no model directory given", ErrModel)
	}
	switch {
	case o.ModelFile != "" && (filepath.IsAbs(o.ModelFile) || strings.ContainsRune(o.ModelFile, filepath.Separator) || o.ModelDir == ""):
		model = o.ModelFile
	case o.ModelFile != "":
		model = filepath.Join(o.ModelDir, o.ModelFile)
	default:
		for _, name := range modelFileNames {
			if p := filepath.Join(o.ModelDir, name); fileExists(p) {
				model = p
				break
			}
		}
		if model == "" {
			return "", "", fmt.Errorf("%w: no %s in %s", ErrModel, strings.Join(modelFileNames, " or "), o.ModelDir)
		}
	}
	if !fileExists(model) {
		return "", "", fmt.Errorf("%w: model file %s not found", ErrModel, model)
	}
	dir := o.ModelDir
	if dir == "" {
		dir = filepath.Dir(model)
	}
	tok = filepath.Join(dir, TokenizerFile)
	if !fileExists(tok) {
		return "", "", fmt.Errorf("%w: %s not found beside the model", ErrModel, tok)
	}
	return model, tok, nil
}

// ioPlan says how the reader feeds the model and reads it.
type ioPlan struct {
	inputs     []string
	inputTypes []ort.TensorElementDataType
	start, end string
}

// planIO checks that the model takes token ids and returns start and end
// logits, and returns the names to use; it reports all problems at once.
func planIO(ins, outs []ort.InputOutputInfo) (ioPlan, error) {
	var plan ioPlan
	var errs []error
	hasIDs := false
	for _, in := range ins {
		switch in.Name {
		case "input_ids", "attention_mask", "token_type_ids":
		default:
			errs = append(errs, fmt.Errorf("input %q is not one of input_ids, attention_mask, token_type_ids", in.Name))
		}
		hasIDs = hasIDs || in.Name == "input_ids"
		if in.DataType != ort.TensorElementDataTypeInt64 && in.DataType != ort.TensorElementDataTypeInt32 {
			errs = append(errs, fmt.Errorf("input %q has element type %s, want int64 or int32", in.Name, in.DataType))
		}
		plan.inputs = append(plan.inputs, in.Name)
		plan.inputTypes = append(plan.inputTypes, in.DataType)
	}
	if !hasIDs {
		errs = append(errs, errors.New("no input_ids input"))
	}
	var names []string
	for _, o := range outs {
		names = append(names, o.Name)
		l := strings.ToLower(o.Name)
		switch {
		case strings.Contains(l, "start") && plan.start == "":
			plan.start = o.Name
		case strings.Contains(l, "end") && plan.end == "":
			plan.end = o.Name
		}
	}
	if plan.start == "" || plan.end == "" {
		errs = append(errs, fmt.Errorf("outputs %q lack start and end logits (a question-answering head)", names))
	}
	if len(errs) > 0 {
		return ioPlan{}, errors.Join(errs...)
	}
	return plan, nil
}

// session runs batches through an ONNX Runtime session.
type session struct {
	s    *ort.DynamicAdvancedSession
	plan ioPlan
}

func newONNX(o Options) (r *ONNXReader, err error) {
	modelPath, tokPath, err := resolveModel(o)
	if err != nil {
		return nil, err
	}
	tokData, err := os.ReadFile(tokPath)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrModel, err)
	}
	tpl, err := parseTemplate(tokData)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrModel, tokPath, err)
	}
	if err := o.validate(tpl.specials()); err != nil {
		return nil, err
	}
	lib, err := resolveLib(o.LibPath)
	if err != nil {
		return nil, err
	}

	// Everything opened from here is released on failure, in reverse order.
	var closers []func() error
	release := func() error {
		var errs []error
		for i := len(closers) - 1; i >= 0; i-- {
			errs = append(errs, closers[i]())
		}
		return errors.Join(errs...)
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, release())
		}
	}()

	env, err := openEnvironment(lib)
	if err != nil {
		return nil, err
	}
	closers = append(closers, env.Close)

	tok, err := newHFTokenizer(tokData)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrModel, tokPath, err)
	}
	closers = append(closers, tok.Close)

	ins, outs, err := ort.GetInputOutputInfo(modelPath)
	if err != nil {
		return nil, fmt.Errorf("%w: read %s: %w", ErrModel, modelPath, err)
	}
	plan, err := planIO(ins, outs)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrModel, modelPath, err)
	}

	so, err := ort.NewSessionOptions()
	if err != nil {
		return nil, fmt.Errorf("%w: session options: %w", ErrRuntime, err)
	}
	defer so.Destroy()
	if o.IntraOpThreads > 0 {
		if err := so.SetIntraOpNumThreads(o.IntraOpThreads); err != nil {
			return nil, fmt.Errorf("%w: intra-op threads: %w", ErrRuntime, err)
		}
	}
	if err := so.SetInterOpNumThreads(1); err != nil {
		return nil, fmt.Errorf("%w: inter-op threads: %w", ErrRuntime, err)
	}
	s, err := ort.NewDynamicAdvancedSession(modelPath, plan.inputs, []string{plan.start, plan.end}, so)
	if err != nil {
		return nil, fmt.Errorf("%w: load %s: %w", ErrModel, modelPath, err)
	}
	closers = append(closers, s.Destroy)

	o.Logger.Info("reader: model loaded", "model", modelPath, "inputs", plan.inputs,
		"start", plan.start, "end", plan.end, "ort", ort.GetVersion(), "lib", lib,
		"intra_op_threads", o.IntraOpThreads, "batch", o.BatchSize, "workers", o.Workers)
	return &ONNXReader{
		p:       &pipeline{opts: o, tok: tok, tpl: tpl, run: &session{s: s, plan: plan}},
		release: release,
		info: ModelInfo{ModelPath: modelPath, TokenizerPath: tokPath, LibPath: lib,
			Inputs: plan.inputs, StartOutput: plan.start, EndOutput: plan.end},
	}, nil
}

// newInput builds one input tensor of the model's element type.
func newInput(shape ort.Shape, data []int64, typ ort.TensorElementDataType) (ort.Value, error) {
	if typ == ort.TensorElementDataTypeInt32 {
		d32 := make([]int32, len(data))
		for i, v := range data {
			d32[i] = int32(v)
		}
		return ort.NewTensor(shape, d32)
	}
	return ort.NewTensor(shape, data)
}

func (s *session) run(ctx context.Context, b *batch) (out []logits, took time.Duration, err error) {
	shape := ort.NewShape(int64(b.rows), int64(b.cols))
	inputs := make([]ort.Value, 0, len(s.plan.inputs))
	defer func() {
		for _, v := range inputs {
			err = errors.Join(err, v.Destroy())
		}
	}()
	for i, name := range s.plan.inputs {
		var data []int64
		switch name {
		case "input_ids":
			data = b.inputIDs
		case "attention_mask":
			data = b.attention
		case "token_type_ids":
			data = b.typeIDs
		}
		v, err := newInput(shape, data, s.plan.inputTypes[i])
		if err != nil {
			return nil, 0, fmt.Errorf("input %s: %w", name, err)
		}
		inputs = append(inputs, v)
	}

	ro, err := ort.NewRunOptions()
	if err != nil {
		return nil, 0, fmt.Errorf("run options: %w", err)
	}
	defer ro.Destroy()
	terminated := make(chan struct{})
	stop := context.AfterFunc(ctx, func() {
		defer close(terminated)
		_ = ro.Terminate()
	})
	outputs := []ort.Value{nil, nil}
	t0 := time.Now()
	runErr := s.s.RunWithOptions(inputs, outputs, ro)
	took = time.Since(t0)
	if !stop() {
		<-terminated
	}
	defer func() {
		for _, v := range outputs {
			if v != nil {
				err = errors.Join(err, v.Destroy())
			}
		}
	}()
	if runErr != nil {
		if ctx.Err() != nil {
			return nil, 0, ctx.Err()
		}
		return nil, 0, runErr
	}
	start, err := floatRows(outputs[0], b.rows, b.cols)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", s.plan.start, err)
	}
	end, err := floatRows(outputs[1], b.rows, b.cols)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", s.plan.end, err)
	}
	out = make([]logits, b.rows)
	for r := range out {
		out[r] = logits{start: start[r], end: end[r]}
	}
	return out, took, nil
}

// floatRows copies a [rows, cols] float32 tensor into per-row slices.
func floatRows(v ort.Value, rows, cols int) ([][]float32, error) {
	t, ok := v.(*ort.Tensor[float32])
	if !ok {
		return nil, fmt.Errorf("output is %T, want a float32 tensor", v)
	}
	if sh := t.GetShape(); len(sh) != 2 || sh[0] != int64(rows) || sh[1] != int64(cols) {
		return nil, fmt.Errorf("output shape %v, want [%d %d]", sh, rows, cols)
	}
	data := t.GetData()
	flat := make([]float32, len(data))
	copy(flat, data)
	out := make([][]float32, rows)
	for r := range out {
		out[r] = flat[r*cols : (r+1)*cols : (r+1)*cols]
	}
	return out, nil
}
