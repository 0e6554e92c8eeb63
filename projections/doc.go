// Package projections follows the event store's ordered $all feed through a
// Watermill subscriber and router, with one projector per read model. Each
// projector writes its rows and its checkpoint in one PostgreSQL transaction,
// so a replayed event is a no-op; the Bleve index keeps its checkpoint inside
// the index batch.
//
// It must not append events or be read by commands. It is empty until the
// first read model arrives with the Identity and Time issues.
package projections
