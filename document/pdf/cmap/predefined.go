package cmap

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io"
	"sync"
)

// data holds Adobe's CMap resources for the Adobe-Korea1-2 character
// collection, comment lines removed and gzipped by
// scripts/pdf/gen-cmaps.sh from Debian's poppler-data; data/LICENSE has
// their BSD-3-Clause licence.
//
//go:embed data/*.gz
var data embed.FS

// ErrUnknown is wrapped by Predefined for a name it does not ship.
var ErrUnknown = errors.New("cmap: unknown predefined CMap")

// Korea1UCS2 is the name of the CID → Unicode map of the Adobe-Korea1
// collection (a CMap whose codes are CIDs, read with Text).
const Korea1UCS2 = "Adobe-Korea1-UCS2"

// parsed caches the predefined CMaps, the package's only shared state:
// each is parsed once per process on first use (a few milliseconds) and
// immutable afterwards.
var parsed sync.Map // name → func() (*CMap, error)

// Predefined returns a predefined CMap by name: Identity-H, Identity-V,
// the Korean CMaps UniKS-UCS2-H/V, UniKS-UTF16-H/V, KSC-EUC-H/V,
// KSCms-UHC-H/V, KSCms-UHC-HW-H/V (codes → Adobe-Korea1 CIDs), and
// Korea1UCS2 (Adobe-Korea1 CIDs → Unicode). Other names give an error
// wrapping ErrUnknown. The result is shared: do not modify it.
func Predefined(name string) (*CMap, error) {
	switch name {
	case "Identity-H", "Identity-V":
		m := &CMap{Name: name, Registry: "Adobe", Ordering: "Identity",
			space: []span{{0, 0xFFFF, 2}}, cids: []cidRange{{span{0, 0xFFFF, 2}, 0, false}}}
		if name == "Identity-V" {
			m.WMode = 1
		}
		m.finish()
		return m, nil
	}
	if _, err := data.Open("data/" + name + ".gz"); err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	f, _ := parsed.LoadOrStore(name, sync.OnceValues(func() (*CMap, error) { return load(name) }))
	return f.(func() (*CMap, error))()
}

// IsPredefined reports whether Predefined knows name.
func IsPredefined(name string) bool {
	if name == "Identity-H" || name == "Identity-V" {
		return true
	}
	_, err := data.Open("data/" + name + ".gz")
	return err == nil
}

func load(name string) (*CMap, error) {
	f, err := data.Open("data/" + name + ".gz")
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknown, name)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("cmap %s: %w", name, err)
	}
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, zr); err != nil {
		return nil, fmt.Errorf("cmap %s: %w", name, err)
	}
	m, err := Parse(buf.Bytes())
	if err != nil {
		return nil, fmt.Errorf("cmap %s: %w", name, err)
	}
	if m.UseCMap != "" {
		// The shipped files' usecmap chains are one step long and acyclic.
		if err := m.Resolve(Predefined); err != nil {
			return nil, err
		}
	}
	return m, nil
}
