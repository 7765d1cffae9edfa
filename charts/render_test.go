package charts

import (
	"bytes"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

func newTestRenderer(t testing.TB) *Renderer {
	t.Helper()
	r, err := NewRenderer("", "")
	if err != nil {
		t.Skipf("fonts unavailable: %v", err)
	}
	return r
}

// TestRenderAll draws one chart of each type; with CHARTS_DUMP=dir it
// writes them there to look at.
func TestRenderAll(t *testing.T) {
	r := newTestRenderer(t)
	rng := rand.New(rand.NewPCG(1, 2))
	dump := os.Getenv("CHARTS_DUMP")
	for _, typ := range Types {
		for _, labels := range []bool{true, false} {
			s := RandomSpec(rng, typ, labels)
			if !labels {
				RandomStyle(rng, &s)
			}
			img, err := r.Render(s)
			if err != nil {
				t.Fatalf("%s: %v", typ, err)
			}
			if labels && img.Rect.Dx() != 800 {
				t.Errorf("%s: width %d", typ, img.Rect.Dx())
			}
			if dump != "" {
				var b bytes.Buffer
				png.Encode(&b, img)
				name := typ
				if labels {
					name += "-labels"
				}
				os.WriteFile(filepath.Join(dump, name+".png"), b.Bytes(), 0o644)
			}
		}
	}
}

func TestSpecValidate(t *testing.T) {
	tests := []struct {
		name string
		spec Spec
		ok   bool
	}{
		{"ok", Spec{Type: TypeBar, Categories: []string{"a"}, Series: []Series{{Values: []float64{1}}}}, true},
		{"type", Spec{Type: "radar", Categories: []string{"a"}, Series: []Series{{Values: []float64{1}}}}, false},
		{"count", Spec{Type: TypeBar, Categories: []string{"a", "b"}, Series: []Series{{Values: []float64{1}}}}, false},
		{"negative", Spec{Type: TypeBar, Categories: []string{"a"}, Series: []Series{{Values: []float64{-1}}}}, false},
		{"empty", Spec{Type: TypeBar}, false},
	}
	for _, tt := range tests {
		if err := tt.spec.Validate(); (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
}
