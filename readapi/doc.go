// Package readapi serves the read models over HTTP (gin handlers): list
// endpoints paginate, filter and sort, and a min_position parameter waits
// until the projections have passed a write's position.
//
// It returns view types, never aggregates, and never writes: changes go
// through commands. It is empty until the first read model lands with the
// Identity and Time issues.
package readapi
