package bench

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/policyqa/policyqa/retrieval"
)

// ParseGrid expands a grid spec into scorings: semicolon-separated
// "key=v1,v2" axes with keys k1, b, idf, coord (0/1), section, wh (1 =
// keep interrogatives), maxdf (Scoring.MaxDF), model. Example: "k1=0.9,1.2;coord=0,1".
func ParseGrid(spec string) ([]retrieval.Scoring, error) {
	out := []retrieval.Scoring{{}}
	for _, axis := range strings.Split(spec, ";") {
		axis = strings.TrimSpace(axis)
		if axis == "" {
			continue
		}
		key, vals, ok := strings.Cut(axis, "=")
		if !ok {
			return nil, fmt.Errorf("bench: grid axis %q: want key=v1,v2", axis)
		}
		var next []retrieval.Scoring
		for _, v := range strings.Split(vals, ",") {
			for _, s := range out {
				if err := setAxis(&s, key, strings.TrimSpace(v)); err != nil {
					return nil, err
				}
				next = append(next, s)
			}
		}
		out = next
	}
	return out, nil
}

func setAxis(s *retrieval.Scoring, key, v string) error {
	if key == "model" {
		s.Model = v
		return nil
	}
	if key == "stats" {
		switch v {
		case "doc":
			s.CollectionStats = false
		case "collection":
			s.CollectionStats = true
		default:
			return fmt.Errorf("bench: grid stats=%q: want doc or collection", v)
		}
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Errorf("bench: grid %s=%q: %w", key, v, err)
	}
	switch key {
	case "k1":
		s.K1 = f
	case "b":
		s.B = f
	case "idf":
		s.IDFPower = f
	case "coord":
		s.Coord = f != 0
	case "section":
		s.SectionBoost = f
	case "maxdf":
		s.MaxDF = f
	case "wh":
		s.KeepInterrogatives = f != 0
	default:
		return fmt.Errorf("bench: grid: unknown key %q", key)
	}
	return nil
}
