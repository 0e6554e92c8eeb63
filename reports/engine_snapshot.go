package reports

import "cronica/eventstore"

// Snapshot is the log as of position at (resolved with Resolve), read
// through the engine's store, decoder and index: for readers that fold
// streams themselves with the domain's Load functions, such as the read
// API's task filters as of a past point.
func (e *Engine) Snapshot(at eventstore.Position) *Snapshot {
	return NewSnapshot(e.cfg.Store, e.cfg.Decoder, e.cfg.Index, at)
}
