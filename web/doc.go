// Package web holds Cronica's browser app: a single-page app in TypeScript
// (React and TanStack Query, built by Vite) under web/src, built into
// web/dist, which this package embeds with go:embed so that the one binary
// serves it.
//
// A clone that never ran npm still builds: dist/ holds a committed
// placeholder (.gitkeep, rewritten by every Vite build), and Built reports
// false until `make build` (npm ci && npm run build) has put index.html
// there. cmd/cronica serves the files (cmd/cronica/web.go); this package only
// hands them over.
//
// The app talks to the server only through its HTTP and websocket API; it
// holds no business rule of its own: every rule, permission and message it
// shows comes from the server. It must not import any other Cronica package.
package web
