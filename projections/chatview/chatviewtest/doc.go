// Package chatviewtest appends Chat events (the design's JSON, as
// domain/chat records them) straight to a store, for the tests of the
// chatview read model and of the read API over it. It must not be
// imported by production code.
package chatviewtest
