package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Exit statuses shared by the subcommands; `audit verify` adds its own.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], env{
		stdin:  os.Stdin,
		stdout: os.Stdout,
		stderr: os.Stderr,
		getenv: os.Getenv,
		now:    time.Now,
	})
	stop()
	os.Exit(code)
}

// env is what the process gives every subcommand: its input and output
// streams, its environment and its clock.
type env struct {
	stdin  io.Reader // nil: nothing to read
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time
}

// run dispatches args to a subcommand and returns the exit status.
func run(ctx context.Context, args []string, e env) int {
	if len(args) == 0 {
		printHelp(e.stderr)
		return exitUsage
	}
	cmds := commands()
	for _, c := range cmds {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			return c.run(ctx, e, args[len(words):])
		}
	}
	// A group word alone ("audit", "bench") or an unknown word.
	for _, c := range cmds {
		if group, _, ok := strings.Cut(c.name, " "); ok && group == args[0] {
			if len(args) == 1 {
				fmt.Fprintf(e.stderr, "cronica %s: missing subcommand\n\n", args[0])
			} else {
				fmt.Fprintf(e.stderr, "cronica %s: unknown subcommand %q\n\n", args[0], args[1])
			}
			printHelp(e.stderr)
			return exitUsage
		}
	}
	fmt.Fprintf(e.stderr, "cronica: unknown command %q\n\n", args[0])
	printHelp(e.stderr)
	return exitUsage
}

// parseFlags parses a subcommand's flags and the configuration; no
// subcommand takes positional arguments. It returns done=true with the
// status to exit with when parsing ends the command (a usage error, or -h).
func parseFlags(fs *flag.FlagSet, args []string, e env, summary string) (cfg Config, code int, done bool) {
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: cronica %s [flags]\n\n%s\n\nflags:\n", fs.Name(), summary)
		fs.PrintDefaults()
	}
	cfg, rest, err := parseConfig(fs, args, e.getenv)
	if errors.Is(err, flag.ErrHelp) {
		return cfg, exitOK, true
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica %s: %v\n", fs.Name(), err)
		return cfg, exitUsage, true
	}
	if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "cronica %s: unexpected arguments %q\n", fs.Name(), rest)
		return cfg, exitUsage, true
	}
	return cfg, exitOK, false
}
