package reader

import (
	"encoding/json"
	"errors"
	"fmt"
)

// piece is one element of a pair template: a special token, or the question
// (seq 0) or passage (seq 1) tokens.
type piece struct {
	special bool
	id      int64 // special token id
	seq     int   // 0 question, 1 passage
	typeID  int64
}

// pairTemplate lays out question and passage tokens the way the model was
// trained: it is read from tokenizer.json's post_processor.
type pairTemplate struct {
	pieces []piece
	// padID is the padding token id (0 when the tokenizer names none).
	padID int64
}

// specials counts the special tokens the template adds.
func (t pairTemplate) specials() int {
	n := 0
	for _, p := range t.pieces {
		if p.special {
			n++
		}
	}
	return n
}

// clsIndex is the position of the first special token when the template
// starts with one ([CLS] or <s>), whose logits give the null score; -1
// otherwise.
func (t pairTemplate) clsIndex() int {
	if len(t.pieces) > 0 && t.pieces[0].special {
		return 0
	}
	return -1
}

// tokenizerJSON is the part of tokenizer.json this package reads.
type tokenizerJSON struct {
	PostProcessor json.RawMessage `json:"post_processor"`
	Padding       *struct {
		PadID int64 `json:"pad_id"`
	} `json:"padding"`
	AddedTokens []struct {
		ID      int64  `json:"id"`
		Content string `json:"content"`
	} `json:"added_tokens"`
}

// parseTemplate reads the pair template from a tokenizer.json document.
func parseTemplate(data []byte) (pairTemplate, error) {
	var tj tokenizerJSON
	if err := json.Unmarshal(data, &tj); err != nil {
		return pairTemplate{}, fmt.Errorf("parse tokenizer.json: %w", err)
	}
	var t pairTemplate
	switch {
	case tj.Padding != nil:
		t.padID = tj.Padding.PadID
	default:
		for _, a := range tj.AddedTokens {
			if a.Content == "[PAD]" || a.Content == "<pad>" {
				t.padID = a.ID
				break
			}
		}
	}
	pieces, err := parsePostProcessor(tj.PostProcessor)
	if err != nil {
		return pairTemplate{}, err
	}
	t.pieces = pieces
	return t, nil
}

type postProcessor struct {
	Type       string            `json:"type"`
	Sep        []json.RawMessage `json:"sep"`
	Cls        []json.RawMessage `json:"cls"`
	Processors []json.RawMessage `json:"processors"`
	Pair       []struct {
		SpecialToken *struct {
			ID     string `json:"id"`
			TypeID int64  `json:"type_id"`
		} `json:"SpecialToken"`
		Sequence *struct {
			ID     string `json:"id"`
			TypeID int64  `json:"type_id"`
		} `json:"Sequence"`
	} `json:"pair"`
	SpecialTokens map[string]struct {
		IDs []int64 `json:"ids"`
	} `json:"special_tokens"`
}

// errNoTemplate means tokenizer.json has no post-processor that adds special
// tokens to a pair.
var errNoTemplate = errors.New("tokenizer.json has no pair template (post_processor): cannot lay out question and passage")

func parsePostProcessor(raw json.RawMessage) ([]piece, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, errNoTemplate
	}
	var pp postProcessor
	if err := json.Unmarshal(raw, &pp); err != nil {
		return nil, fmt.Errorf("parse post_processor: %w", err)
	}
	switch pp.Type {
	case "BertProcessing", "RobertaProcessing":
		cls, err := tokenPairID(pp.Cls)
		if err != nil {
			return nil, fmt.Errorf("%s cls: %w", pp.Type, err)
		}
		sep, err := tokenPairID(pp.Sep)
		if err != nil {
			return nil, fmt.Errorf("%s sep: %w", pp.Type, err)
		}
		if pp.Type == "BertProcessing" {
			return []piece{{special: true, id: cls}, {seq: 0}, {special: true, id: sep},
				{seq: 1, typeID: 1}, {special: true, id: sep, typeID: 1}}, nil
		}
		// RoBERTa: <s> A </s></s> B </s>, all type 0.
		return []piece{{special: true, id: cls}, {seq: 0}, {special: true, id: sep},
			{special: true, id: sep}, {seq: 1}, {special: true, id: sep}}, nil
	case "TemplateProcessing":
		var out []piece
		for _, p := range pp.Pair {
			switch {
			case p.SpecialToken != nil:
				st, ok := pp.SpecialTokens[p.SpecialToken.ID]
				if !ok || len(st.IDs) == 0 {
					return nil, fmt.Errorf("TemplateProcessing: special token %q has no id", p.SpecialToken.ID)
				}
				for _, id := range st.IDs {
					out = append(out, piece{special: true, id: id, typeID: p.SpecialToken.TypeID})
				}
			case p.Sequence != nil:
				seq := 0
				if p.Sequence.ID == "B" {
					seq = 1
				}
				out = append(out, piece{seq: seq, typeID: p.Sequence.TypeID})
			}
		}
		if !hasBothSeqs(out) {
			return nil, errors.New("TemplateProcessing: pair template lacks $A or $B")
		}
		return out, nil
	case "Sequence":
		for _, sub := range pp.Processors {
			pieces, err := parsePostProcessor(sub)
			if errors.Is(err, errNoTemplate) || errors.Is(err, errUnsupported) {
				continue
			}
			return pieces, err
		}
		return nil, errNoTemplate
	default:
		return nil, fmt.Errorf("%w: post_processor type %q", errUnsupported, pp.Type)
	}
}

var errUnsupported = errors.New("unsupported tokenizer")

func hasBothSeqs(ps []piece) bool {
	var a, b bool
	for _, p := range ps {
		if !p.special {
			a = a || p.seq == 0
			b = b || p.seq == 1
		}
	}
	return a && b
}

// tokenPairID reads the id of a ["[CLS]", 101] pair.
func tokenPairID(pair []json.RawMessage) (int64, error) {
	if len(pair) != 2 {
		return 0, errors.New("want [token, id]")
	}
	var id int64
	if err := json.Unmarshal(pair[1], &id); err != nil {
		return 0, fmt.Errorf("token id: %w", err)
	}
	return id, nil
}

// withoutTruncation returns tokenizer.json with truncation and padding
// switched off: the reader windows and pads itself, and a tokenizer saved
// with truncation would silently cut passages.
func withoutTruncation(data []byte) ([]byte, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("parse tokenizer.json: %w", err)
	}
	m["truncation"] = json.RawMessage("null")
	m["padding"] = json.RawMessage("null")
	out, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("rewrite tokenizer.json: %w", err)
	}
	return out, nil
}
