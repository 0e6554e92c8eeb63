package searchindex

import (
	"encoding/binary"
	"fmt"
)

// versionKey is the internal key of the projector's Version that built a
// generation, 8 bytes big-endian; absent for Version 0. It is written once,
// when the generation is created, before any document.
const versionKey = "cronica/version"

// newGeneration creates generation name, empty, with a fresh Mapping, and
// records the projector's Version in it.
func (ix *Index) newGeneration(name string) (*generation, error) {
	g, err := createGeneration(ix.dir, name, ix.p.Mapping())
	if err != nil {
		return nil, err
	}
	if ix.p.Version != 0 {
		v := binary.BigEndian.AppendUint64(make([]byte, 0, 8), ix.p.Version)
		if err := g.idx.SetInternal([]byte(versionKey), v); err != nil {
			ix.discard(g)
			return nil, fmt.Errorf("searchindex: %s: record version in generation %s: %w", ix.p.Name, name, err)
		}
	}
	return g, nil
}

// version is the Version recorded in g (0 when none is).
func (g *generation) version() (uint64, error) {
	v, err := g.idx.GetInternal([]byte(versionKey))
	if err != nil {
		return 0, fmt.Errorf("searchindex: read version of generation %s: %w", g.name, err)
	}
	switch len(v) {
	case 0:
		return 0, nil
	case 8:
		return binary.BigEndian.Uint64(v), nil
	default:
		return 0, fmt.Errorf("searchindex: version of generation %s is %d bytes, want 8", g.name, len(v))
	}
}

// Outdated tells whether the current generation was built by another
// Version of the projector than the one Open was given (built is that
// Version): its documents or its mapping are not what Apply and Mapping
// make now, and it wants a Rebuild, which records the new Version. It
// keeps serving meanwhile.
func (ix *Index) Outdated() (built uint64, outdated bool, err error) {
	g, err := ix.acquire()
	if err != nil {
		return 0, false, err
	}
	defer g.release()
	built, err = g.version()
	if err != nil {
		return 0, false, err
	}
	return built, built != ix.p.Version, nil
}
