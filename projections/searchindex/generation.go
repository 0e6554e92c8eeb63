package searchindex

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"cronica/eventstore"
)

const (
	// currentFile names the generation in use, inside the projector's
	// directory. It is only ever replaced by rename.
	currentFile = "CURRENT"
	// generationDigits is the width of a generation directory's name.
	generationDigits = 6
	// lockTimeout bounds how long opening a generation waits for Bleve's
	// file lock: a second process (or a second Open) gets an error, not a
	// hang.
	lockTimeout = "1s"
	// checkpointKey is the internal key of the checkpoint: the position of
	// the last event applied, 8 bytes big-endian.
	checkpointKey = "cronica/checkpoint"
)

// generation is one Bleve index directory. Readers hold its read lock while
// they use it; retire takes the write lock, so it closes the index only
// after every reader has finished.
type generation struct {
	name string
	path string
	idx  bleve.Index

	rw     sync.RWMutex
	closed bool // under rw
}

// acquire takes a reader's reference; false when the generation is closed.
func (g *generation) acquire() bool {
	g.rw.RLock()
	if g.closed {
		g.rw.RUnlock()
		return false
	}
	return true
}

func (g *generation) release() { g.rw.RUnlock() }

// retire waits for the readers to finish and closes the index. It is
// idempotent.
func (g *generation) retire() error {
	g.rw.Lock()
	defer g.rw.Unlock()
	if g.closed {
		return nil
	}
	g.closed = true
	if err := g.idx.Close(); err != nil {
		return fmt.Errorf("searchindex: close generation %s: %w", g.name, err)
	}
	return nil
}

// checkpoint reads the checkpoint of the index; Start when none is stored.
func (g *generation) checkpoint() (eventstore.Position, error) {
	v, err := g.idx.GetInternal([]byte(checkpointKey))
	if err != nil {
		return 0, fmt.Errorf("searchindex: read checkpoint of generation %s: %w", g.name, err)
	}
	return decodePosition(v)
}

func encodePosition(p eventstore.Position) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), uint64(p))
}

func decodePosition(v []byte) (eventstore.Position, error) {
	switch len(v) {
	case 0:
		return eventstore.Start, nil
	case 8:
		return eventstore.Position(binary.BigEndian.Uint64(v)), nil
	default:
		return 0, fmt.Errorf("searchindex: checkpoint is %d bytes, want 8", len(v))
	}
}

func generationName(n uint64) string {
	return fmt.Sprintf("%0*d", generationDigits, n)
}

// parseGeneration gives the number of a generation directory name.
func parseGeneration(name string) (uint64, bool) {
	if len(name) < generationDigits {
		return 0, false
	}
	for _, r := range name {
		if r < '0' || r > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseUint(name, 10, 64)
	return n, err == nil
}

// generations lists the generation directories under dir.
func generations(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("searchindex: list %s: %w", dir, err)
	}
	var names []string
	for _, e := range entries {
		if _, ok := parseGeneration(e.Name()); ok && e.IsDir() {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// nextGeneration is one past the highest generation directory under dir.
func nextGeneration(dir string) (string, error) {
	names, err := generations(dir)
	if err != nil {
		return "", err
	}
	var highest uint64
	for _, name := range names {
		n, _ := parseGeneration(name)
		highest = max(highest, n)
	}
	return generationName(highest + 1), nil
}

// readCurrent returns the generation CURRENT names, or fs.ErrNotExist.
func readCurrent(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, currentFile))
	if err != nil {
		return "", fmt.Errorf("searchindex: read %s: %w", currentFile, err)
	}
	name := strings.TrimSpace(string(b))
	if _, ok := parseGeneration(name); !ok {
		return "", fmt.Errorf("searchindex: %s in %s names %q, not a generation", currentFile, dir, name)
	}
	return name, nil
}

// writeCurrent makes name the current generation, atomically: a temporary
// file, synced, renamed over CURRENT. err is set only when CURRENT was not
// replaced. syncErr is a failed sync of the directory after the rename: name
// is current, but the rename might not survive a power loss.
func writeCurrent(dir, name string) (syncErr, err error) {
	tmp := filepath.Join(dir, currentFile+".tmp")
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o640)
	if err != nil {
		return nil, fmt.Errorf("searchindex: write %s: %w", currentFile, err)
	}
	_, err = f.WriteString(name + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, currentFile))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return nil, fmt.Errorf("searchindex: write %s: %w", currentFile, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("searchindex: sync %s after writing %s: %w", dir, currentFile, err), nil
	}
	return nil, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// createGeneration creates an empty index in dir/name with mapping m.
func createGeneration(dir, name string, m mapping.IndexMapping) (*generation, error) {
	path := filepath.Join(dir, name)
	if m == nil {
		return nil, fmt.Errorf("searchindex: create generation %s: Mapping returned nil", name)
	}
	idx, err := bleve.NewUsing(path, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("searchindex: create generation %s: %w", path, err)
	}
	return &generation{name: name, path: path, idx: idx}, nil
}

// openGeneration opens the existing index in dir/name.
func openGeneration(dir, name string) (*generation, error) {
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("searchindex: open generation %s: %w", path, err)
	}
	idx, err := bleve.OpenUsing(path, map[string]any{"bolt_timeout": lockTimeout})
	if err != nil {
		return nil, fmt.Errorf("searchindex: open generation %s (is another process using it?): %w", path, err)
	}
	return &generation{name: name, path: path, idx: idx}, nil
}

// removeStale removes every generation directory under dir except keep,
// and a CURRENT.tmp left by a crash: the remains of a rebuild or a removal
// that did not finish.
func removeStale(dir, keep string) error {
	names, err := generations(dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, name := range names {
		if name != keep {
			errs = append(errs, os.RemoveAll(filepath.Join(dir, name)))
		}
	}
	if err := os.Remove(filepath.Join(dir, currentFile+".tmp")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		errs = append(errs, err)
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("searchindex: remove stale generations in %s: %w", dir, err)
	}
	return nil
}
