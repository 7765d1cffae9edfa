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
}

// Open reads problemsheet.json (if present) and indexes doc/ and ref/.
// A missing problem sheet is an error; missing doc/ or ref/ folders are not.
func Open(root string) (*Dataset, error) {
	ds := &Dataset{Root: root, docs: map[string]DocFile{}, refs: map[string]string{}}
	data, err := os.ReadFile(filepath.Join(root, "problemsheet.json"))
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", root, err)
	}
	ds.Entries, err = ParseProblems(data)
	if err != nil {
		return nil, fmt.Errorf("dataset %s: %w", root, err)
	}
	if err := ds.scanDocs(filepath.Join(root, "doc")); err != nil {
		return nil, err
	}
	if err := ds.scanRefs(filepath.Join(root, "ref")); err != nil {
		return nil, err
	}
	return ds, nil
}

// docExts ranks supported document formats; a lower rank wins when the same
// id exists in several formats.
var docExts = map[string]int{"dir": 0, ".odt": 1, ".pdf": 2, ".hwpx": 3, ".hwp": 4}

func (ds *Dataset) scanDocs(dir string) error {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path == dir {
				return fs.SkipDir
			}
			ds.Warnings = append(ds.Warnings, fmt.Sprintf("doc scan: %v", err))
			return nil
		}
		if d.IsDir() {
			if path == dir {
				return nil
			}
			if _, err := os.Stat(filepath.Join(path, "content.xml")); err == nil {
				id := strings.TrimSuffix(d.Name(), filepath.Ext(d.Name()))
				ds.addDoc(DocFile{ID: id, Path: path, Ext: "dir"})
				return fs.SkipDir
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
	ents, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("scan %s: %w", dir, err)
	}
	for _, e := range ents {
		if e.IsDir() {
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
