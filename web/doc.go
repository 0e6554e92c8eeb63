// Package web will hold the browser single-page app and embed its built files
// (web/dist) into the binary with go:embed, so `go build` needs no Node tool
// chain.
//
// The app talks to the server only through its HTTP and websocket API; it
// holds no business rules of its own. It is empty until the first screens
// arrive.
package web
