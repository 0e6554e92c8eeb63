package bench_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/internal/bench"
	"cronica/test/pgtest"
)

var summaryPattern = regexp.MustCompile(`^ratio_single_vs_insert=(\d+\.\d\d) batch_eps=(\d+) catchup_eps=(\d+)$`)

func TestRunAppendPrintsPositiveFiguresAndDropsItsScratchDatabase(t *testing.T) {
	serverURL := pgtest.NewDatabase(t, "bench")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))

	var out bytes.Buffer
	res, err := bench.RunAppend(ctx, bench.AppendConfig{
		ServerURL: serverURL,
		Migrate:   pgstore.Migrate,
		OpenStore: func(ctx context.Context, pool *pgxpool.Pool) (eventstore.Store, func() error, error) {
			s, err := pgstore.New(ctx, pool, pgstore.Options{Logger: logger})
			if err != nil {
				return nil, nil, err
			}
			return s, s.Close, nil
		},
		Duration: 300 * time.Millisecond,
		Warmup:   50 * time.Millisecond,
		Writers:  4,
		Logger:   logger,
		Out:      &out,
	})
	if err != nil {
		t.Fatalf("RunAppend: %v\n%s", err, out.String())
	}
	t.Logf("report:\n%s", out.String())

	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	for _, prefix := range []string{"bench append:", "(a) ", "(b) ", "(c) ", "(d) "} {
		if !containsPrefix(lines, prefix) {
			t.Errorf("report has no line starting %q", prefix)
		}
	}
	m := summaryPattern.FindStringSubmatch(lines[len(lines)-1])
	if m == nil {
		t.Fatalf("last line %q does not match %s", lines[len(lines)-1], summaryPattern)
	}
	for i, name := range []string{"ratio_single_vs_insert", "batch_eps", "catchup_eps"} {
		v, err := strconv.ParseFloat(m[i+1], 64)
		if err != nil || v <= 0 {
			t.Errorf("%s = %q, want a positive number", name, m[i+1])
		}
	}
	if res.RawEPS <= 0 || res.SingleEPS <= 0 || res.SingleP50 <= 0 || res.SingleP99 < res.SingleP50 ||
		res.BatchEPS <= 0 || res.CatchupEPS <= 0 {
		t.Errorf("figures not all positive and ordered: %+v", res)
	}
	if res.CatchupEvents < res.SingleEvents+res.BatchEvents {
		t.Errorf("catch-up read %d events, fewer than the %d measured appends", res.CatchupEvents, res.SingleEvents+res.BatchEvents)
	}

	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, res.Database).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if exists {
		t.Errorf("scratch database %s still exists", res.Database)
	}
}

func containsPrefix(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}
