//go:build !ort

package reader

// newONNX is the stand-in compiled without the "ort" build tag.
func newONNX(Options) (*ONNXReader, error) { return nil, ErrNotBuilt }
