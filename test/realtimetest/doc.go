// Package realtimetest is a websocket client of Cronica's realtime endpoint
// (GET /api/v1/ws) for tests: it dials with the headers a browser or a
// script would send, reads every message on its own goroutine, and lets a
// test wait for the message it expects. It is for tests only and must never
// be imported by production code.
package realtimetest
