// Package test is the home of cross-package tests: end-to-end, browser, load
// and crash tests that boot the real binary or the router from cmd wiring and
// drive it as a client would (HTTP, websocket, browser). Its subpackages hold
// shared test helpers, such as pgtest.
//
// Production code must never import it. It has no tests yet; they arrive with
// the first end-to-end features.
package test
