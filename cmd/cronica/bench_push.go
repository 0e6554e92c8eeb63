package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cronica/internal/pause"
)

const benchPushSummary = "Measure the realtime pushes on the configured PostgreSQL, in a scratch database: Cronica wired as\n" +
	"serve wires it on a loopback port, --clients websocket clients following one project's topic, --commands\n" +
	"project commands issued through the command handlers at --rate per second; (a) the latency from each\n" +
	"command's commit to each client's receipt (p50, p99) and the fan-out rate; (b) in the same run, a bare\n" +
	"melody instance broadcasting the same payload to as many clients at the same pace. The last line is\n" +
	"`push_p99_ms=<a p99> ratio_vs_bare=<a p99 / b p99>`."

// Defaults of bench push.
const (
	defaultPushClients  = 1000
	defaultPushCommands = 200
	defaultPushRate     = 20
	pushWait            = 60 * time.Second // for the last receipts after the last command
)

// runBenchPush is `cronica bench push`.
func runBenchPush(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench push", flag.ContinueOnError)
	clients := fs.Int("clients", defaultPushClients, "websocket clients on loopback, all following the project's topic")
	commands := fs.Int("commands", defaultPushCommands, "project commands to issue")
	rate := fs.Int("rate", defaultPushRate, "commands per second")
	keep := fs.Bool("keep", false, "keep the scratch database instead of dropping it")
	cfg, code, done := parseFlags(fs, args, e, benchPushSummary)
	if done {
		return code
	}
	logger := newLogger(cfg, e.stderr)
	if *clients < 1 || *commands < 1 || *rate < 1 {
		fmt.Fprintln(e.stderr, "cronica bench push: --clients, --commands and --rate must be at least 1")
		return exitUsage
	}
	if err := benchPush(ctx, cfg, logger, e.now, e.stdout, pushParams{clients: *clients, commands: *commands,
		interval: time.Second / time.Duration(*rate), keep: *keep}); err != nil {
		fmt.Fprintf(e.stderr, "cronica bench push: %v\n", err)
		return exitFailure
	}
	return exitOK
}

type pushParams struct {
	clients, commands int
	interval          time.Duration
	keep              bool
}

// benchPush runs both phases and prints the figures.
func benchPush(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time, out io.Writer, p pushParams) (err error) {
	limit, err := raiseOpenFiles(uint64(4*p.clients + 1024))
	if err != nil {
		return err
	}
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, db.close(context.WithoutCancel(ctx))) }()
	rig, err := newPushRig(ctx, cfg, db.url, p.keep, logger, now)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, rig.close()) }()
	topic := "project:" + rig.projectID
	fmt.Fprintf(out, "bench push: scratch database %s, %d clients on loopback following %s, %d commands at %s intervals; open files limit %d\n",
		rig.dbName, p.clients, topic, p.commands, p.interval, limit)

	logger.Info("bench push: (a) connecting the clients", "clients", p.clients)
	// From the project's registration on: the clients get the commands'
	// changes only, whatever the hub's position when they subscribe.
	subscribe, err := json.Marshal(map[string]any{"type": "subscribe", "topics": []string{topic},
		"after": strconv.FormatUint(uint64(rig.registered), 10)})
	if err != nil {
		return err
	}
	f, err := dialFleet(ctx, "ws"+strings.TrimPrefix(rig.base, "http")+"/api/v1/ws", http.Header{"Authorization": {"Bearer " + rig.token}}, p.clients,
		subscribe, p.clients*p.commands)
	if err != nil {
		return fmt.Errorf("bench push: connect: %w", err)
	}
	logger.Info("bench push: (a) issuing the commands", "commands", p.commands)
	watch := watchHub(rig.hub)
	sent := make(map[uint64]time.Time, p.commands)
	var first time.Time
	for i := range p.commands {
		start := time.Now()
		pos, err := rig.change(ctx, i)
		if err != nil {
			f.close()
			return err
		}
		committed := time.Now()
		if i == 0 {
			first = committed
		}
		sent[uint64(pos)] = committed
		if err := pause.For(ctx, time.Until(start.Add(p.interval))); err != nil {
			f.close()
			return err
		}
	}
	f.wait(pushWait)
	handled := watch.stop(sent)
	pushMissing := f.expected - f.received.Load()
	sample := f.sample.Load()
	f.close()
	pushLat, last := f.latencies(sent)
	push := phaseFigures{latencies: pushLat, elapsed: last.Sub(first), missing: pushMissing}
	row(out, "(a) push: command commit → client receipt", fmt.Sprintf("%d clients", p.clients), push.String())
	row(out, "    of which commit → hub (read models committed)", "", fmt.Sprintf("events=%d p50=%.2fms p99=%.2fms max=%.2fms",
		len(handled), ms(pct(handled, 0.50)), ms(pct(handled, 0.99)), ms(pct(handled, 1))))
	if sample == nil {
		return errors.New("bench push: no client received anything")
	}

	logger.Info("bench push: (b) bare melody broadcast", "clients", p.clients)
	bare, err := benchBare(ctx, p.clients, p.commands, p.interval, *sample)
	if err != nil {
		return err
	}
	bareFig := phaseFigures{latencies: bare.latencies, elapsed: bare.elapsed, missing: bare.missing}
	ratio := 0.0
	if b := pct(bare.latencies, 0.99); b > 0 {
		ratio = float64(pct(pushLat, 0.99)) / float64(b)
	}
	row(out, "(b) bare melody broadcast → client receipt", fmt.Sprintf("%d clients", p.clients),
		fmt.Sprintf("%s ratio_p99_a_vs_b=%.2f", bareFig, ratio))
	fmt.Fprintf(out, "push_p99_ms=%.1f ratio_vs_bare=%.2f\n", ms(pct(pushLat, 0.99)), ratio)
	if push.missing > 0 || bareFig.missing > 0 {
		return fmt.Errorf("bench push: receipts missing: %d pushed, %d bare", push.missing, bareFig.missing)
	}
	return nil
}

// phaseFigures are one phase's results.
type phaseFigures struct {
	latencies []time.Duration // sorted
	elapsed   time.Duration   // first send to last receipt
	missing   int64
}

func (f phaseFigures) String() string {
	rate := 0.0
	if f.elapsed > 0 {
		rate = float64(len(f.latencies)) / f.elapsed.Seconds()
	}
	return fmt.Sprintf("deliveries=%d missing=%d p50=%.2fms p99=%.2fms max=%.2fms fanout=%.0f msg/s",
		len(f.latencies), f.missing, ms(pct(f.latencies, 0.50)), ms(pct(f.latencies, 0.99)), ms(pct(f.latencies, 1)), rate)
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// row prints one aligned line of the report.
func row(out io.Writer, what, who, figures string) {
	fmt.Fprintf(out, "%-44s %-13s %s\n", what, who, figures)
}
