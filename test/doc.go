// Package test is the home of cross-package tests: end-to-end, browser, load
// and crash tests that boot the real binary or the router from cmd wiring and
// drive it as a client would (HTTP, websocket, browser). Its subpackages hold
// shared test helpers: pgtest (a database per test package), identitytest
// and timetest (the Identity and Time test benches), realtimetest (a
// websocket client); browser runs the web app's scenarios in Chromium. The
// other end-to-end tests that boot the real binary live beside its wiring, in
// cmd/cronica, which they need.
//
// Production code must never import it.
package test
