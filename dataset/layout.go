package dataset

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ErrNotFound is returned when a document or reference file id is unknown.
var ErrNotFound = errors.New("not found")

// DocFile is a located document.
type DocFile struct {
	ID   string
	Path string
	// Ext is ".odt", ".pdf", ... or "dir" for an unpacked ODT folder.
	Ext string
}

// Dataset is an opened dataset mount.
type Dataset struct {
	Root     string
	Entries  []Entry
	docs     map[string]DocFile
	refs     map[string]string
	Warnings []string
	// real is Root with its links resolved: what "inside the dataset"
	// means for links.
	real string
}

// Open reads problemsheet.json (if present) and indexes doc/ and ref/.
// A missing problem sheet is an error; missing doc/ or ref/ folders are not.
//
// Only regular files (and folders) are read: a link is followed when it
// leads to one inside the dataset; a link leading outside it or nowhere, a
// device, pipe or socket is skipped and reported in Warnings (for the
// problem sheet, an error), without opening it.
func Open(root string) (*Dataset, error) {
	ds := &Dataset{Root: root, docs: map[string]DocFile{}, refs: map[string]string{}}
	fail := func(err error) (*Dataset, error) { return nil, &OpenError{Root: root, Err: err} }
	real, err := filepath.EvalSymlinks(root)
	if err != nil {
		return fail(bare(err))
	}
	if fi, err := os.Stat(real); err != nil {
		return fail(bare(err))
	} else if !fi.IsDir() {
		return fail(errors.New("not a directory"))
	}
	ds.real = real
	sheet := filepath.Join(root, "problemsheet.json")
	if k, err := ds.classify(sheet); err != nil || k != kindFile {
		switch {
		case err == nil && k == kindDir:
			err = errors.New("problemsheet.json: a directory, want a file")
		case err == nil:
			err = fmt.Errorf("problemsheet.json: %w", ErrNotRegular)
		case errors.Is(err, ErrNotRegular):
		default:
			err = fmt.Errorf("problemsheet.json: %w", bare(err))
		}
		return fail(err)
	}
	data, err := os.ReadFile(sheet)
	if err != nil {
		return fail(fmt.Errorf("problemsheet.json: %w", bare(err)))
	}
	ds.Entries, err = ParseProblems(data)
	if err != nil {
		return fail(fmt.Errorf("problemsheet.json: %w", err))
	}
	if err := ds.scanDocs(filepath.Join(root, "doc")); err != nil {
		return fail(err)
	}
	if err := ds.scanRefs(filepath.Join(root, "ref")); err != nil {
		return fail(err)
	}
	return ds, nil
}

// OpenError is a dataset that cannot be read at all: its root is missing
// or no folder, or its problem sheet is missing, unreadable or not a list
// of problems. No problem of it can be answered.
type OpenError struct {
	Root string
	Err  error
}

func (e *OpenError) Error() string { return "dataset " + e.Root + ": " + e.Err.Error() }

func (e *OpenError) Unwrap() error { return e.Err }

// bare drops the operation and path of a *fs.PathError (the caller names
// the file), keeping what went wrong ("no such file or directory").
func bare(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// docExts ranks supported document formats; a lower rank wins when the same
// id exists in several formats.
var docExts = map[string]int{"dir": 0, ".odt": 1, ".pdf": 2, ".hwpx": 3, ".hwp": 4}

// ErrNotRegular marks a dataset entry that is not read: not a regular
// file or folder, or a link that leads outside the dataset or nowhere.
var ErrNotRegular = errors.New("not a regular file inside the dataset")

// entryKind is what a dataset entry is once links are resolved.
type entryKind int

const (
	kindOther entryKind = iota
	kindFile
	kindDir
)

// classify says what path is: a regular file or a folder, directly or
// through links that stay inside the dataset. Anything else is an error
// wrapping ErrNotRegular that says what it is; nothing is opened.
func (ds *Dataset) classify(path string) (entryKind, error) {
	fi, err := os.Lstat(path)
	if err != nil {
		return kindOther, err
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(path)
		if err != nil {
			return kindOther, fmt.Errorf("%s: a link that leads nowhere: %w", path, ErrNotRegular)
		}
		if rel, err := filepath.Rel(ds.real, target); err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			return kindOther, fmt.Errorf("%s: a link to %s, outside the dataset, not followed: %w", path, target, ErrNotRegular)
		}
		if fi, err = os.Stat(target); err != nil {
			return kindOther, err
		}
	}
	switch {
	case fi.Mode().IsRegular():
		return kindFile, nil
	case fi.IsDir():
		return kindDir, nil
	}
	return kindOther, fmt.Errorf("%s: %s: %w", path, fileType(fi.Mode()), ErrNotRegular)
}

// fileType names a special file's type.
func fileType(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a regular file (" + m.Type().String() + ")"
}

// isUnpackedODT reports whether dir holds a regular content.xml.
func (ds *Dataset) isUnpackedODT(dir string) bool {
	k, err := ds.classify(filepath.Join(dir, "content.xml"))
	return err == nil && k == kindFile
}

func (ds *Dataset) scanDocs(dir string) error {
	if k, err := ds.classify(dir); err != nil || k != kindDir {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: %v", err))
		}
		return nil
	}
	if fi, err := os.Lstat(dir); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// WalkDir does not enter a link; classify checked it stays inside.
		if dir, err = filepath.EvalSymlinks(dir); err != nil {
			return fmt.Errorf("scan %s: %w", dir, err)
		}
	}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: %v", err))
			return nil
		}
		if path == dir {
			return nil
		}
		kind := kindDir
		if !d.IsDir() {
			if kind, err = ds.classify(path); err != nil {
				ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: skipped: %v", err))
				return nil
			}
		}
		if kind == kindDir {
			if ds.isUnpackedODT(path) {
				id := strings.TrimSuffix(d.Name(), filepath.Ext(d.Name()))
				ds.addDoc(DocFile{ID: id, Path: path, Ext: "dir"})
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if !d.IsDir() {
				ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: skipped: %s: a link to a folder that is no unpacked ODT, not walked", path))
			}
			return nil
		}
		ext := strings.ToLower(filepath.Ext(d.Name()))
		if _, ok := docExts[ext]; !ok {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: unsupported file %s", path))
			return nil
		}
		ds.addDoc(DocFile{ID: strings.TrimSuffix(d.Name(), filepath.Ext(d.Name())), Path: path, Ext: ext})
		return nil
	})
	if err != nil {
		return fmt.Errorf("scan %s: %w", dir, err)
	}
	return nil
}

func (ds *Dataset) addDoc(f DocFile) {
	if old, ok := ds.docs[f.ID]; ok {
		if docExts[old.Ext] <= docExts[f.Ext] {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc %s: %s ignored, using %s", f.ID, f.Path, old.Path))
			return
		}
		ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc %s: %s ignored, using %s", f.ID, old.Path, f.Path))
	}
	ds.docs[f.ID] = f
}

func (ds *Dataset) scanRefs(dir string) error {
	if k, err := ds.classify(dir); err != nil || k != kindDir {
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("ref scan: %v", err))
		}
		return nil
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("scan %s: %w", dir, err)
	}
	for _, e := range ents {
		if e.IsDir() {
			continue
		}
		if k, err := ds.classify(filepath.Join(dir, e.Name())); err != nil || k != kindFile {
			if err != nil {
				ds.Warnings = append(ds.Warnings, fmt.Sprintf("ref scan: skipped: %v", err))
			}
			continue
		}
		id := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		ds.refs[id] = filepath.Join(dir, e.Name())
	}
	return nil
}

// Doc finds a document by id (the doc_file value, with or without extension).
func (ds *Dataset) Doc(id string) (DocFile, error) {
	id = strings.TrimSpace(id)
	if f, ok := ds.docs[id]; ok {
		return f, nil
	}
	if f, ok := ds.docs[strings.TrimSuffix(id, filepath.Ext(id))]; ok {
		return f, nil
	}
	return DocFile{}, fmt.Errorf("document %q: %w under %s", id, ErrNotFound, filepath.Join(ds.Root, "doc"))
}

// Ref finds a reference file by id, whatever its extension.
func (ds *Dataset) Ref(id string) (string, error) {
	id = strings.TrimSpace(id)
	if p, ok := ds.refs[id]; ok {
		return p, nil
	}
	if p, ok := ds.refs[strings.TrimSuffix(id, filepath.Ext(id))]; ok {
		return p, nil
	}
	return "", fmt.Errorf("ref file %q: %w under %s", id, ErrNotFound, filepath.Join(ds.Root, "ref"))
}

// Docs lists every located document, sorted by id.
func (ds *Dataset) Docs() []DocFile {
	out := make([]DocFile, 0, len(ds.docs))
	for _, f := range ds.docs {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
