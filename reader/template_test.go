package reader

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestParseTemplate(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		want    []int64 // layout of question [10] and passage [20]
		types   []int64
		pad     int64
		wantErr bool
	}{
		{
			name: "bert template",
			json: `{"padding":{"pad_id":0},"post_processor":{"type":"TemplateProcessing",
				"single":[],"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},
				{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
				"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}}}`,
			want: []int64{2, 10, 3, 20, 3}, types: []int64{0, 0, 0, 1, 1},
		},
		{
			name: "bert processing",
			json: `{"added_tokens":[{"id":7,"content":"[PAD]"}],"post_processor":{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}}`,
			want: []int64{101, 10, 102, 20, 102}, types: []int64{0, 0, 0, 1, 1}, pad: 7,
		},
		{
			name: "roberta in sequence",
			json: `{"added_tokens":[{"id":1,"content":"<pad>"}],"post_processor":{"type":"Sequence","processors":[
				{"type":"ByteLevel","add_prefix_space":true},{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0]}]}}`,
			want: []int64{0, 10, 2, 2, 20, 2}, types: []int64{0, 0, 0, 0, 0, 0}, pad: 1,
		},
		{name: "no post processor", json: `{"post_processor":null}`, wantErr: true},
		{name: "unsupported", json: `{"post_processor":{"type":"ByteLevel"}}`, wantErr: true},
		{name: "template without B", json: `{"post_processor":{"type":"TemplateProcessing","pair":[{"Sequence":{"id":"A","type_id":0}}]}}`, wantErr: true},
		{name: "bad json", json: `{`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := parseTemplate([]byte(tt.json))
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want error, got %+v", tpl)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			w := layout(tpl, 0, []int64{10}, []int64{20}, [][2]int{{0, 1}})
			if !reflect.DeepEqual(w.ids, tt.want) || !reflect.DeepEqual(w.typeIDs, tt.types) || tpl.padID != tt.pad {
				t.Errorf("layout %v types %v pad %d, want %v %v %d", w.ids, w.typeIDs, tpl.padID, tt.want, tt.types, tt.pad)
			}
			if w.ids[w.ctxStart] != 20 || w.cls != 0 {
				t.Errorf("ctxStart %d cls %d", w.ctxStart, w.cls)
			}
		})
	}
}

func TestWithoutTruncation(t *testing.T) {
	out, err := withoutTruncation([]byte(`{"truncation":{"max_length":512},"padding":{"pad_id":0},"model":{"type":"WordPiece"}}`))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	if m["truncation"] != nil || m["padding"] != nil || m["model"] == nil {
		t.Errorf("got %s", out)
	}
	if _, err := withoutTruncation([]byte("[")); err == nil {
		t.Error("want error for bad JSON")
	}
}

func FuzzParseTemplate(f *testing.F) {
	f.Add([]byte(`{"post_processor":{"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]}}`))
	f.Add([]byte(`{"post_processor":{"type":"Sequence","processors":[{"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0]}]}}`))
	f.Add([]byte(`{"post_processor":{"type":"TemplateProcessing","pair":[{"SpecialToken":{"id":"x","type_id":0}},{"Sequence":{"id":"A"}},{"Sequence":{"id":"B"}}],"special_tokens":{"x":{"ids":[1,2]}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tpl, err := parseTemplate(data)
		if err != nil {
			return
		}
		w := layout(tpl, 0, []int64{10, 11}, []int64{20}, [][2]int{{0, 1}})
		if len(w.ids) != 3+tpl.specials() || len(w.typeIDs) != len(w.ids) {
			t.Fatalf("layout %v for %+v", w.ids, tpl)
		}
		if w.ids[w.ctxStart] != 20 {
			t.Fatalf("ctxStart %d in %v", w.ctxStart, w.ids)
		}
	})
}
