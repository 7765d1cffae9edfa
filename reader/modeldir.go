package reader

import (
	"os"
	"path/filepath"
)

// HasModel reports whether dir looks like a model folder New can load:
// TokenizerFile and one of the default model file names.
func HasModel(dir string) bool {
	if !fileExists(filepath.Join(dir, TokenizerFile)) {
		return false
	}
	for _, name := range modelFileNames {
		if fileExists(filepath.Join(dir, name)) {
			return true
		}
	}
	return false
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}
