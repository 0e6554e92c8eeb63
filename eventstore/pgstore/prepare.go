package pgstore

import (
	"time"

	"cronica/eventstore"
)

// prepared is an append request validated and turned into the columns and
// digests the SQL needs.
type prepared struct {
	req          eventstore.AppendRequest
	ids          [][16]byte
	types        []string
	data         [][]byte // compact, as stored and hashed
	dataText     []string
	actors       []string
	orgs         []string
	correlations []string
	causations   []string
	digests      []eventstore.Hash
	recordedAt   time.Time
}

// prepare validates req, stamps recorded_at with the store's clock, and
// computes each event's content digest over exactly what will be stored.
func (s *Store) prepare(req eventstore.AppendRequest) (*prepared, error) {
	if err := eventstore.ValidateAppend(req); err != nil {
		return nil, err
	}
	n := len(req.Events)
	p := &prepared{
		req:          req,
		ids:          make([][16]byte, n),
		types:        make([]string, n),
		data:         make([][]byte, n),
		dataText:     make([]string, n),
		actors:       make([]string, n),
		orgs:         make([]string, n),
		correlations: make([]string, n),
		causations:   make([]string, n),
		digests:      make([]eventstore.Hash, n),
		recordedAt:   eventstore.NormalizeTime(s.now()),
	}
	for i, e := range req.Events {
		compact := eventstore.CompactValid(e.Data)
		meta := e.Metadata
		meta.RecordedAt = p.recordedAt
		meta.IdempotencyKey = req.IdempotencyKey
		metaJSON, err := eventstore.EncodeMetadata(meta)
		if err != nil {
			return nil, err
		}
		p.ids[i], p.types[i], p.data[i], p.dataText[i] = [16]byte(e.ID), e.Type, compact, string(compact)
		p.actors[i], p.orgs[i], p.correlations[i], p.causations[i] = meta.ActorID, meta.OrgID, meta.CorrelationID, meta.CausationID
		p.digests[i] = eventstore.ContentDigest(req.Stream, e.ID, e.Type, compact, metaJSON)
	}
	return p, nil
}

// generalArgs are the arguments of cronica_append.
func (p *prepared) generalArgs() []any {
	kind, exact := expectedArgs(p.req.Expected)
	digests := make([][]byte, len(p.digests))
	for i := range p.digests {
		digests[i] = p.digests[i][:]
	}
	var key, fingerprint any
	if p.req.IdempotencyKey != "" {
		fp := eventstore.Fingerprint(p.req.Stream, p.req.Expected, p.types, p.data)
		key, fingerprint = p.req.IdempotencyKey, fp[:]
	}
	return []any{p.req.Stream, kind, exact, p.ids, p.types, p.dataText, p.actors, p.orgs, p.correlations, p.causations,
		digests, p.recordedAt, key, fingerprint}
}

func expectedArgs(e eventstore.ExpectedVersion) (kind int32, version int64) {
	switch {
	case e.IsAny():
		return 1, 0
	case e.IsNoStream():
		return 2, 0
	case e.IsStreamExists():
		return 3, 0
	}
	v, _ := e.Exact()
	return 4, int64(v)
}
