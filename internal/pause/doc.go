// Package pause waits a while unless a context ends first: the one helper
// for every retry loop, backoff and poll (there were eight copies). It
// holds no state.
package pause
