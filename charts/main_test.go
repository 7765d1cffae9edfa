package charts

import (
	"fmt"
	"os"
	"testing"

	"github.com/policyqa/policyqa/ocr"
)

func TestMain(m *testing.M) {
	if err := ocr.ReexecWithThreadLimit(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	os.Exit(m.Run())
}
