package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/test/pgtest"
)

// `cronica projections rebuild search` while two serve processes run, each
// holding its own index: the command asks both, each rebuilds online and
// swaps a new generation in, the command prints their progress and exits 0
// once both are done; searches on both servers answer in full throughout
// and after, and the log keeps flowing into the new generations. Then
// `projections rebuild --all` succeeds with the serves running, and
// `projections status` shows both instances.
func TestProjectionsRebuildSearchWhileServing(t *testing.T) {
	dbURL := pgtest.NewDatabase(t, "cmd_search_rebuild")
	one := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))
	two := startServe(t, cronicaEnv("CRONICA_DATABASE_URL="+dbURL))
	orgID, boot := bootstrapOrg(t, dbURL, "admin@alfa.ro", rtPassword)
	admin := signIn(t, one.base, "admin@alfa.ro", rtPassword, boot)
	org := "/api/v1/orgs/" + orgID
	channel, _ := admin.post(t, http.MethodPost, org+"/channels", map[string]any{"kind": "custom", "name": "Ședințe", "members": []string{}},
		http.StatusCreated)
	accountID := accountOf(t, admin)

	// Enough messages for the rebuilds to take a while.
	const messages = 3000
	pool, err := pgxpool.New(context.Background(), dbURL)
	pgtest.Must(t, err, "pool")
	defer pool.Close()
	last := appendMessages(t, pool, orgID, channel, accountID, messages)
	viaTwo := &browser{base: two.base, client: admin.client, csrf: admin.csrf}
	searchTotal := func(b *browser, minPos string) (int, float64) {
		status, body, _ := b.do(t, http.MethodGet, org+"/search?q=sedinta&kind=message&limit=1", minPos, nil)
		total, _ := body["total"].(float64)
		return status, total
	}
	for _, b := range []*browser{admin, viaTwo} {
		if status, total := searchTotal(b, last); status != http.StatusOK || total != messages {
			t.Fatalf("before the rebuild, %s finds %v (%d), want %d", b.base, total, status, messages)
		}
	}
	generations := func() map[string]string {
		rows, err := pool.Query(context.Background(), `SELECT data_dir FROM cronica_search_instances`)
		pgtest.Must(t, err, "instances")
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var dir string
			pgtest.Must(t, rows.Scan(&dir), "scan")
			current, err := os.ReadFile(filepath.Join(dir, "index", "search", "CURRENT"))
			pgtest.Must(t, err, "CURRENT of "+dir)
			out[dir] = strings.TrimSpace(string(current))
		}
		pgtest.Must(t, rows.Err(), "instances")
		return out
	}
	before := generations()
	if len(before) != 2 {
		t.Fatalf("%d registered instances, want 2: %v", len(before), before)
	}

	// Searches on both servers the whole time: every answer is whole.
	var (
		stop           = make(chan struct{})
		wg             sync.WaitGroup
		running        atomic.Bool
		during, total  atomic.Int64
		searchFailures = make(chan string, 1)
	)
	for _, b := range []*browser{admin, viaTwo} {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				inside := running.Load()
				status, n := searchTotal(b, "")
				if status != http.StatusOK || n != messages {
					select {
					case searchFailures <- b.base + ": " + strconv.Itoa(status) + " " + strconv.FormatFloat(n, 'f', 0, 64):
					default:
					}
				}
				total.Add(1)
				if inside && running.Load() {
					during.Add(1)
				}
			}
		})
	}
	running.Store(true)
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())
	res := runCronica(t, env, "projections", "rebuild", "search")
	running.Store(false)
	close(stop)
	wg.Wait()
	if res.code != 0 || !strings.Contains(res.stdout, "asked 2 serve instance(s)") || !strings.Contains(res.stdout, "rebuild search: done on 2 serve instance(s)") {
		t.Fatalf("rebuild: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	select {
	case f := <-searchFailures:
		t.Fatalf("a search during the rebuild answered %s, want 200 and %d", f, messages)
	default:
	}
	t.Logf("rebuild search:\n%s%d searches, %d of them while the command ran", res.stdout, total.Load(), during.Load())
	if during.Load() == 0 {
		t.Fatal("no search ran while the command did")
	}
	after := generations()
	done := regexp.MustCompile(`rebuild search on \S+ pid \d+ \((.+)\): done, swapped in generation (\d+) at position \d+`)
	matches := done.FindAllStringSubmatch(res.stdout, -1)
	if len(matches) != 2 {
		t.Fatalf("%d done lines, want 2:\n%s", len(matches), res.stdout)
	}
	for _, m := range matches {
		dir, gen := m[1], m[2]
		if after[dir] != gen || before[dir] == gen {
			t.Fatalf("%s: CURRENT is %s (was %s), the command says %s swapped in", dir, after[dir], before[dir], gen)
		}
	}

	// The log flows into the new generations.
	_, pos := admin.post(t, http.MethodPost, org+"/channels/"+channel+"/messages", map[string]any{"body": "Încă o ședință"}, http.StatusCreated)
	for _, b := range []*browser{admin, viaTwo} {
		if status, total := searchTotal(b, pos); status != http.StatusOK || total != messages+1 {
			t.Fatalf("after the rebuild, %s finds %v (%d), want %d", b.base, total, status, messages+1)
		}
	}

	res = runCronica(t, env, "projections", "rebuild", "--all")
	if res.code != 0 || !strings.Contains(res.stdout, "rebuild audit_log: done") || !strings.Contains(res.stdout, "rebuild search: done on 2 serve instance(s)") {
		t.Fatalf("rebuild --all: exit %d\n%s%s", res.code, res.stdout, res.stderr)
	}
	res = runCronica(t, env, "projections", "status")
	if n := strings.Count(res.stdout, "serve on "); res.code != 0 || n != 2 {
		t.Fatalf("status: exit %d, %d instance lines, want 2\n%s%s", res.code, n, res.stdout, res.stderr)
	}
	for _, s := range []*server{one, two} {
		if code := s.stop(t); code != 0 {
			t.Fatalf("serve exited %d", code)
		}
	}
	var left int
	pgtest.Must(t, pool.QueryRow(context.Background(), `SELECT count(*) FROM cronica_search_instances`).Scan(&left), "instances")
	if left != 0 {
		t.Fatalf("%d instances still registered after both serves stopped", left)
	}
}

// appendMessages appends n messages to channel as MessagePosted events of
// one stream, in one request, and returns the last one's position.
func appendMessages(t *testing.T, pool *pgxpool.Pool, orgID, channel, accountID string, n int) string {
	t.Helper()
	ctx := context.Background()
	store, err := pgstore.New(ctx, pool, pgstore.Options{})
	pgtest.Must(t, err, "store")
	defer store.Close()
	events := make([]eventstore.EventData, n)
	for i := range events {
		data, err := json.Marshal(chat.MessagePosted{MessageID: uuid.NewString(), ChannelID: channel, OrgID: orgID, AuthorAccountID: accountID,
			Body: "Ședință numărul " + strconv.Itoa(i), Mentions: []string{}, Attachments: []chat.Attachment{}})
		pgtest.Must(t, err, "marshal")
		events[i] = eventstore.EventData{ID: uuid.Must(uuid.NewV7()), Type: chat.TypeMessagePosted, Data: data,
			Metadata: eventstore.Metadata{ActorID: accountID, OrgID: orgID}}
	}
	res, err := store.Append(ctx, eventstore.AppendRequest{Stream: chat.MessageStreamOf(uuid.NewString()), Expected: eventstore.NoStream(), Events: events})
	pgtest.Must(t, err, "append")
	return strconv.FormatUint(uint64(res.Position), 10)
}

// Ctrl-C stops the command's waiting, not the rebuild it asked for: the
// command exits non-zero saying so, and the request stays for the
// instance. (The instance here is registered and beating but never claims
// its target, so the command is still waiting when the signal comes.)
func TestProjectionsRebuildSearchInterruptedStopsWaitingOnly(t *testing.T) {
	pool, dbURL := pgtest.NewPool(t, "cmd_search_rebuild_int")
	env := cronicaEnv("CRONICA_DATABASE_URL="+dbURL, "CRONICA_DATA_DIR="+t.TempDir())
	if res := runCronica(t, env, "migrate"); res.code != 0 {
		t.Fatalf("migrate: %d %s", res.code, res.stderr)
	}
	ctx := context.Background()
	_, err := pool.Exec(ctx, `INSERT INTO cronica_search_instances (instance, projector, host, pid, data_dir)
		VALUES ($1, 'search', 'elsewhere', 1, '/srv/cronica')`, uuid.NewString())
	pgtest.Must(t, err, "register an instance")

	cmd := exec.Command(binary, "projections", "rebuild", "search")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	pgtest.Must(t, err, "stdout")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	pgtest.Must(t, cmd.Start(), "start")
	lines := bufio.NewScanner(stdout)
	if !lines.Scan() || !strings.Contains(lines.Text(), "asked 1 serve instance(s)") {
		cmd.Process.Kill() //nolint:errcheck // failing anyway
		t.Fatalf("first line %q, want the request", lines.Text())
	}
	pgtest.Must(t, cmd.Process.Signal(os.Interrupt), "interrupt")
	io.Copy(io.Discard, stdout) //nolint:errcheck // drained until the command exits
	err = cmd.Wait()
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) || exitErr.ExitCode() != exitFailure || !strings.Contains(stderr.String(), "stopped waiting") ||
		!strings.Contains(stderr.String(), "the serve instances go on") {
		t.Fatalf("interrupted: %v\n%s", err, stderr.String())
	}
	var state string
	pgtest.Must(t, pool.QueryRow(ctx, `SELECT state FROM cronica_search_rebuild_targets`).Scan(&state), "target")
	if state != "pending" {
		t.Fatalf("the target is %s after the interrupt, want it still pending for its instance", state)
	}
}
