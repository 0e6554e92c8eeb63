package searchindex

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"cronica/eventstore"
)

// crashChildEnv, when set to a data directory, turns the test binary into
// the writer that TestCrash kills.
const crashChildEnv = "SEARCHINDEX_CRASH_CHILD"

// crashBatch is how many events each of the child's batches holds.
const crashBatch = 100

func TestMain(m *testing.M) {
	if dir := os.Getenv(crashChildEnv); dir != "" {
		os.Exit(crashChild(dir))
	}
	os.Exit(m.Run())
}

// crashChild applies batches of crashBatch notes (note n<p> at position p,
// p = 1, 2, ...) and prints "committed <p>" after each Apply returns, until
// it is killed. It never closes the index.
func crashChild(dir string) int {
	ix, err := Open(dir, notesProjector("notes", nil), nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	batch := make([]eventstore.RecordedEvent, crashBatch)
	for pos := eventstore.Position(1); pos < 1<<30; {
		for i := range batch {
			batch[i] = written(pos, "n"+strconv.FormatUint(uint64(pos), 10), "alpha crash")
			pos++
		}
		if err := ix.Apply(batch); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Printf("committed %d\n", pos-1)
	}
	return 0
}

// TestCrash_checkpoint_matches_documents kills a writing process with
// SIGKILL, mid-batch most likely, then opens its index: every batch that
// Apply reported is there, and the checkpoint names exactly the documents
// present, at a batch boundary.
func TestCrash_checkpoint_matches_documents(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	for round := range 3 {
		t.Run(fmt.Sprintf("round_%d", round), func(t *testing.T) {
			dir := t.TempDir()
			cmd := exec.Command(os.Args[0])
			cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
			cmd.Stderr = os.Stderr
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatalf("start child: %v", err)
			}
			var reported eventstore.Position
			lines := bufio.NewScanner(out)
			for reported < eventstore.Position((3+2*round)*crashBatch) && lines.Scan() {
				p, err := strconv.ParseUint(strings.TrimPrefix(lines.Text(), "committed "), 10, 64)
				if err != nil {
					t.Fatalf("child said %q", lines.Text())
				}
				reported = eventstore.Position(p)
			}
			time.Sleep(time.Duration(round) * 3 * time.Millisecond)
			if err := cmd.Process.Kill(); err != nil {
				t.Fatalf("kill: %v", err)
			}
			_ = cmd.Wait()
			if reported == 0 {
				t.Fatal("the child committed nothing")
			}

			ix := openNotes(t, dir, nil)
			cp := checkpoint(t, ix)
			if cp < reported || cp%crashBatch != 0 {
				t.Fatalf("checkpoint %d after a crash; reported %d, batches of %d", cp, reported, crashBatch)
			}
			if n := docCount(t, ix); n != uint64(cp) {
				t.Fatalf("checkpoint %d but %d documents", cp, n)
			}
			if !hasDoc(t, ix, fmt.Sprintf("n%d", cp)) || hasDoc(t, ix, fmt.Sprintf("n%d", cp+1)) {
				t.Fatalf("documents do not end at the checkpoint %d", cp)
			}
			// And the index goes on from there.
			mustApply(t, ix, written(cp+1, "next", "alpha"))
			if n := hits(t, ix, "alpha"); n != uint64(cp)+1 {
				t.Fatalf("%d hits after one more event, want %d", n, cp+1)
			}
			t.Logf("killed after %d reported, recovered at checkpoint %d", reported, cp)
		})
	}
}
