package web

import (
	"io/fs"
	"testing"
	"testing/fstest"
)

func TestFilesHoldThePlaceholderAtLeast(t *testing.T) {
	files, err := Files()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.Stat(files, ".gitkeep"); err != nil {
		t.Fatalf("dist/.gitkeep is not embedded (go:embed all:dist): %v", err)
	}
}

func TestBuilt(t *testing.T) {
	for name, tc := range map[string]struct {
		files fs.FS
		want  bool
	}{
		"placeholder_only": {fstest.MapFS{".gitkeep": {Data: []byte("x")}}, false},
		"built_app":        {fstest.MapFS{"index.html": {Data: []byte("<!doctype html>")}}, true},
		"index_is_folder":  {fstest.MapFS{"index.html/x": {Data: []byte("x")}}, false},
	} {
		t.Run(name, func(t *testing.T) {
			if got := Built(tc.files); got != tc.want {
				t.Fatalf("Built = %v, want %v", got, tc.want)
			}
		})
	}
}
