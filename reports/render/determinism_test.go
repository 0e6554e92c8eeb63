package render_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cronica/reports/render"
)

// childDirEnv tells the test binary, re-executed by
// TestDeterministicAcrossProcesses, to render the fixture into a folder.
const childDirEnv = "CRONICA_RENDER_CHILD_DIR"

// TestRenderChildProcess is the child half of
// TestDeterministicAcrossProcesses; run alone it does nothing.
func TestRenderChildProcess(t *testing.T) {
	dir := os.Getenv(childDirEnv)
	if dir == "" {
		t.Skip("runs only as the child process of TestDeterministicAcrossProcesses")
	}
	r := newRenderer(t)
	for _, lang := range []string{"ro", "en"} {
		d := newTimesheet(lang, 200).doc
		for _, f := range allFormats {
			if err := os.WriteFile(filepath.Join(dir, lang+f.Extension()), mustRender(t, r, f, d), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestDeterministicInOneProcess(t *testing.T) {
	r := newRenderer(t)
	for _, lang := range []string{"ro", "en"} {
		ts := newTimesheet(lang, 200)
		for _, f := range allFormats {
			first := mustRender(t, r, f, ts.doc)
			// A fresh renderer, and the same instant in another zone, give the same bytes.
			d := ts.doc
			d.Created = d.Created.In(time.FixedZone("X", -7*3600))
			second, err := render.Render(f, d)
			if err != nil {
				t.Fatal(err)
			}
			if sum(first) != sum(second) {
				t.Errorf("%s %s: two renders differ: %s vs %s", lang, f, sum(first), sum(second))
			}
		}
	}
}

// TestDeterministicAcrossProcesses re-executes the test binary, in another
// time zone, to render the fixture, and compares its files with this
// process's: a random seed, map order or the clock would show here.
func TestDeterministicAcrossProcesses(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestRenderChildProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), childDirEnv+"="+dir, "TZ=Pacific/Auckland")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("child process: %v\n%s", err, out)
	}
	r := newRenderer(t)
	for _, lang := range []string{"ro", "en"} {
		d := newTimesheet(lang, 200).doc
		for _, f := range allFormats {
			child, err := os.ReadFile(filepath.Join(dir, lang+f.Extension()))
			if err != nil {
				t.Fatalf("child wrote no %s %s: %v", lang, f, err)
			}
			mine := mustRender(t, r, f, d)
			if !bytes.Equal(child, mine) {
				t.Errorf("%s %s differs between processes: %s vs %s", lang, f, sum(child), sum(mine))
			}
		}
	}
}

// TestRendererConcurrent renders with one Renderer from several goroutines
// (the race detector watches the shared fonts); every file is the same.
func TestRendererConcurrent(t *testing.T) {
	r := newRenderer(t)
	d := newTimesheet("ro", 40).doc
	want := sum(mustRender(t, r, render.FormatPDF, d))
	var wg sync.WaitGroup
	got := make([]string, 4)
	errs := make([]error, 4)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range allFormats {
				b, err := r.Render(f, d)
				if err != nil {
					errs[i] = err
					return
				}
				if f == render.FormatPDF {
					got[i] = sum(b)
				}
			}
		}()
	}
	wg.Wait()
	for i := range got {
		if errs[i] != nil {
			t.Fatalf("goroutine %d: %v", i, errs[i])
		}
		if got[i] != want {
			t.Errorf("goroutine %d rendered %s, want %s", i, got[i], want)
		}
	}
}
