package web

import (
	"embed"
	"fmt"
	"io/fs"
)

// dist is web/dist as it was when the binary was built: the Vite build, or
// only the placeholder.
//
//go:embed all:dist
var dist embed.FS

// IndexFile is the app's entry page inside Files.
const IndexFile = "index.html"

// Files is the built app, rooted at dist/ (IndexFile, assets/...).
func Files() (fs.FS, error) {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		return nil, fmt.Errorf("web: the embedded dist folder: %w", err)
	}
	return sub, nil
}

// Built reports whether files holds a built app (an IndexFile), rather than
// only the placeholder a clone carries until `make build`.
func Built(files fs.FS) bool {
	info, err := fs.Stat(files, IndexFile)
	return err == nil && !info.IsDir()
}
