package ocr

import (
	"context"
	"errors"
	"image"
	"testing"
)

func TestBuildText(t *testing.T) {
	r := image.Rect(0, 0, 1, 1)
	words := []tessWord{
		{text: "제1장", box: image.Rect(0, 0, 60, 20), block: 1, par: 1, line: 1},
		{text: "서론", box: image.Rect(70, 0, 110, 20), block: 1, par: 1, line: 1},
		{text: "우", box: image.Rect(111, 0, 130, 20), block: 1, par: 1, line: 1},
		{text: "리", box: image.Rect(132, 0, 150, 20), block: 1, par: 1, line: 1},
		{text: "a", box: image.Rect(150, 0, 160, 20), block: 1, par: 1, line: 1},
		{text: "b", box: image.Rect(161, 0, 170, 20), block: 1, par: 1, line: 1},
		{text: "연구", box: r, block: 1, par: 1, line: 2},
		{text: " ", box: r, block: 1, par: 1, line: 2},
		{text: "배경", box: r, block: 1, par: 2, line: 1},
		{text: "표", box: r, block: 2, par: 1, line: 1},
	}
	text, ws := buildText(words)
	want := "제1장 서론우리a b\n연구\n\n배경\n\n표"
	if text != want {
		t.Errorf("text = %q, want %q", text, want)
	}
	if len(ws) != 9 || ws[6].Line != 2 || ws[8].Line != 4 {
		t.Errorf("words = %+v", ws)
	}
}

func TestCache(t *testing.T) {
	c := Cache{Dir: t.TempDir()}
	k := c.Key([]byte("img"), ModeChart, "kor+eng")
	if k == c.Key([]byte("img"), ModePage, "kor+eng") || k == c.Key([]byte("img"), ModeChart, "eng") {
		t.Fatal("key ignores mode or config")
	}
	if _, ok := c.Get(k); ok {
		t.Fatal("hit on empty cache")
	}
	want := Result{Text: "가 1", Words: []Word{{Text: "가", Box: image.Rect(1, 2, 3, 4), Conf: 90, Line: 1}}}
	if err := c.Put(k, want); err != nil {
		t.Fatal(err)
	}
	got, ok := c.Get(k)
	if !ok || got.Text != want.Text || got.Words[0] != want.Words[0] {
		t.Fatalf("got %+v %v", got, ok)
	}
	if c.Len() != 1 {
		t.Errorf("Len = %d", c.Len())
	}
	if err := (Cache{}).Put(k, want); err != nil {
		t.Errorf("disabled cache Put: %v", err)
	}
}

func TestFake(t *testing.T) {
	img := []byte("x")
	f := &Fake{Results: map[[32]byte]Result{FakeKey(img): {Text: "hit"}}}
	r, err := f.Recognize(context.Background(), img, ModePage)
	if err != nil || r.Text != "hit" {
		t.Fatalf("got %v %v", r, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := f.Recognize(ctx, img, ModePage); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if f.Calls() != 1 {
		t.Errorf("calls = %d", f.Calls())
	}
}

func TestSpaces(t *testing.T) {
	// words builds a line from (text, x0, x1) triples, 30 px high.
	words := func(spec ...any) []Word {
		var ws []Word
		for i := 0; i < len(spec); i += 3 {
			ws = append(ws, Word{Text: spec[i].(string), Box: image.Rect(spec[i+1].(int), 0, spec[i+2].(int), 30)})
		}
		return ws
	}
	tests := []struct {
		name string
		ws   []Word
		want string
	}{
		// Syllables 3 px apart, words 12 px apart.
		{"plain", words("작", 0, 30, "년", 33, 63, "부터", 66, 126, "각", 138, 168, "금융", 171, 231), "작년부터 각금융"},
		// Justified: letters 9 px apart, words 22 px: the cut moves up.
		{"justified", words("은", 0, 30, "행", 39, 69, "권", 78, 108, "의", 117, 147, "경", 169, 199, "우", 208, 238), "은행권의 경우"},
		// Two Latin words always get a space.
		{"latin", words("Gross", 0, 60, "up", 62, 90), "Gross up"},
		// One wide gap only: a third of the height decides.
		{"two", words("국", 0, 30, "장", 50, 80), "국 장"},
	}
	for _, tt := range tests {
		if got := LineText(tt.ws); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
