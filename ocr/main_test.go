package ocr

import (
	"fmt"
	"os"
	"testing"
)

func TestMain(m *testing.M) {
	if err := ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(m.Run())
}
