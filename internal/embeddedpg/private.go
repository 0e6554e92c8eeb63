package embeddedpg

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

const (
	clusterSubdir = "postgres"      // DataDir/postgres is the cluster (PGDATA)
	lockName      = "postgres.lock" // DataDir/postgres.lock: one cronica per cluster
	confName      = "cronica.conf"  // rewritten at every start: port, addresses, socket dir
	logName       = "server.log"    // the server's log, inside the cluster directory
	// maxSocketPath is what fits in sockaddr_un.sun_path with its NUL.
	maxSocketPath = 107
)

// cluster is a private PostgreSQL cluster run through pg_ctl.
type cluster struct {
	bin   binaries
	dir   string  // PGDATA, absolute
	runAs *osUser // nil: run the binaries as the current user
	log   *slog.Logger
}

// startPrivate initialises (once) and starts the private cluster, then
// creates the application database on it.
func startPrivate(ctx context.Context, opts Options, probeErr error) (db *Database, err error) {
	if opts.DataDir == "" {
		return nil, errors.New("embeddedpg: private cluster: no data directory given")
	}
	dataDir, err := filepath.Abs(opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: data directory %s: %w", opts.DataDir, err)
	}
	clusterDir := filepath.Join(dataDir, clusterSubdir)
	found, findErr := findBinaries(ctx, opts.BinDirs)
	if findErr != nil {
		return nil, unavailableError(opts.ProbeAddr, probeErr, findErr, clusterDir)
	}
	bin, err := pickBinaries(found, clusterDir)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, opts.StartTimeout)
	defer cancel()

	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("embeddedpg: create data directory: %w", err)
	}
	unlock, err := lockFile(filepath.Join(dataDir, lockName))
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: %s is in use by another cronica process (lock %s): %w",
			clusterDir, filepath.Join(dataDir, lockName), err)
	}
	defer func() {
		if err != nil {
			unlock()
		}
	}()

	c := &cluster{bin: bin, dir: clusterDir, log: opts.Logger}
	if c.runAs, err = runAsUser(opts.Logger); err != nil {
		return nil, err
	}
	if err := c.prepare(ctx); err != nil {
		return nil, err
	}
	if err := c.clearStalePID(ctx); err != nil {
		return nil, err
	}
	port, err := c.start(ctx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			if stopErr := c.stop(context.WithoutCancel(ctx)); stopErr != nil {
				err = errors.Join(err, stopErr)
			}
		}
	}()
	host, portStr := "127.0.0.1", portString(port)
	conn, err := c.waitReady(ctx, serverURL(host, portStr, "postgres"))
	if err != nil {
		return nil, err
	}
	err = createDatabase(ctx, conn, opts.Database)
	conn.Close(context.WithoutCancel(ctx))
	if err != nil {
		return nil, err
	}
	c.log.Info("embeddedpg: private PostgreSQL cluster ready",
		"dir", c.dir, "addr", net.JoinHostPort(host, portStr), "database", opts.Database, "log", filepath.Join(c.dir, logName))
	stop := onceStop(func(ctx context.Context) error {
		defer unlock()
		return c.stop(ctx)
	})
	return &Database{URL: serverURL(host, portStr, opts.Database), Private: true, ClusterDir: c.dir, Stop: stop}, nil
}

// prepare creates the cluster directory, hands it to the run-as user and
// runs initdb when the cluster does not exist yet.
func (c *cluster) prepare(ctx context.Context) error {
	if err := os.Mkdir(c.dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("embeddedpg: create %s: %w", c.dir, err)
	}
	if c.runAs != nil {
		if err := makeTraversable(filepath.Dir(c.dir), c.log); err != nil {
			return err
		}
		if err := chownTree(c.dir, c.runAs.uid, c.runAs.gid); err != nil {
			return err
		}
	}
	if _, err := os.Stat(filepath.Join(c.dir, "PG_VERSION")); err == nil {
		return nil
	}
	entries, err := os.ReadDir(c.dir)
	if err != nil {
		return fmt.Errorf("embeddedpg: read %s: %w", c.dir, err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("embeddedpg: %s is not empty but holds no PostgreSQL cluster (no PG_VERSION), perhaps from an interrupted first start: move it away or remove it, then start again", c.dir)
	}
	c.log.Info("embeddedpg: initialising a private PostgreSQL cluster (first start only)",
		"dir", c.dir, "postgres_version", c.bin.version, "bin", c.bin.dir)
	out, err := c.run(ctx, "initdb", "-D", c.dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C")
	if err != nil {
		// initdb removes what it created on failure, leaving c.dir empty.
		return fmt.Errorf("embeddedpg: initdb %s: %w: %s", c.dir, err, lastLines(out, 15))
	}
	// Start options live in cronica.conf, so the user's postgresql.conf
	// stays theirs and no shell quoting of paths is ever needed.
	conf := filepath.Join(c.dir, "postgresql.conf")
	f, err := os.OpenFile(conf, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("embeddedpg: open %s: %w", conf, err)
	}
	_, werr := fmt.Fprintf(f, "\n# Added by Cronica: port, addresses and socket directory, rewritten at each start.\ninclude_if_exists = '%s'\n", confName)
	if err := errors.Join(werr, f.Close()); err != nil {
		return fmt.Errorf("embeddedpg: write %s: %w", conf, err)
	}
	return nil
}

// clearStalePID deals with a postmaster.pid left by an earlier run: a
// postmaster still running from a crashed cronica is stopped; a file whose
// process is gone is removed.
func (c *cluster) clearStalePID(ctx context.Context) error {
	pidFile := filepath.Join(c.dir, "postmaster.pid")
	raw, err := os.ReadFile(pidFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("embeddedpg: read %s: %w", pidFile, err)
	}
	first, _, _ := strings.Cut(string(raw), "\n")
	pid, convErr := strconv.Atoi(strings.TrimSpace(first))
	if convErr == nil && pid > 0 && isPostmasterOf(pid, c.dir) {
		c.log.Warn("embeddedpg: a postmaster from an earlier cronica run is still running on the private cluster; stopping it",
			"pid", pid, "dir", c.dir)
		return c.stop(ctx)
	}
	c.log.Warn("embeddedpg: removing a stale postmaster.pid left by a crashed run", "file", pidFile, "pid", first)
	if err := os.Remove(pidFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("embeddedpg: remove stale %s: %w", pidFile, err)
	}
	return nil
}

// start writes cronica.conf with a free loopback port and runs pg_ctl start,
// retrying with another port if the one picked was taken meanwhile.
func (c *cluster) start(ctx context.Context) (int, error) {
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := freePort()
		if err != nil {
			return 0, err
		}
		if err := c.writeConf(port); err != nil {
			return 0, err
		}
		logFile := filepath.Join(c.dir, logName)
		c.log.Info("embeddedpg: starting the private PostgreSQL cluster", "dir", c.dir, "port", port, "log", logFile)
		out, err := c.run(ctx, "pg_ctl", "start", "-D", c.dir, "-l", logFile, "-w", "-t", "60", "-s")
		if err == nil {
			return port, nil
		}
		lastErr = fmt.Errorf("embeddedpg: pg_ctl start %s: %w: %s; server log: %s",
			c.dir, err, lastLines(out, 5), tailFile(logFile, 10))
		if ctx.Err() != nil {
			break
		}
	}
	return 0, lastErr
}

// writeConf writes the settings that change at every start.
func (c *cluster) writeConf(port int) error {
	socketDir := c.dir
	if len(socketDir)+len("/.s.PGSQL.65535") > maxSocketPath {
		c.log.Info("embeddedpg: the cluster path is too long for a unix socket; the cluster listens on TCP only", "dir", c.dir)
		socketDir = ""
	}
	body := fmt.Sprintf("# Written by Cronica at every start of the private cluster; edits here are lost.\n"+
		"listen_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\n", port, confQuote(socketDir))
	path := filepath.Join(c.dir, confName)
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		return fmt.Errorf("embeddedpg: write %s: %w", path, err)
	}
	if c.runAs != nil {
		if err := os.Chown(path, c.runAs.uid, c.runAs.gid); err != nil {
			return fmt.Errorf("embeddedpg: chown %s: %w", path, err)
		}
	}
	return nil
}

// waitReady connects until the server accepts connections and returns the
// connection.
func (c *cluster) waitReady(ctx context.Context, adminURL string) (*pgx.Conn, error) {
	for {
		conn, err := connect(ctx, adminURL, 2*time.Second)
		if err == nil {
			return conn, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("embeddedpg: private cluster %s did not accept connections: %w; server log: %s",
				c.dir, err, tailFile(filepath.Join(c.dir, logName), 10))
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// stop runs pg_ctl stop -m fast and waits for the server to exit.
func (c *cluster) stop(ctx context.Context) error {
	c.log.Info("embeddedpg: stopping the private PostgreSQL cluster", "dir", c.dir)
	out, err := c.run(ctx, "pg_ctl", "stop", "-D", c.dir, "-m", "fast", "-w", "-t", "60", "-s")
	if err != nil {
		return fmt.Errorf("embeddedpg: pg_ctl stop %s: %w: %s", c.dir, err, lastLines(out, 5))
	}
	return nil
}

// run executes one of the installation's programs in the cluster directory,
// as the run-as user when there is one, and returns its combined output.
func (c *cluster) run(ctx context.Context, program string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin.dir, program), args...)
	cmd.Dir = c.dir
	cmd.Env = cleanEnv(os.Environ())
	cmd.WaitDelay = 5 * time.Second
	if c.runAs != nil {
		setCredential(cmd, c.runAs)
	}
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	err := cmd.Run()
	return out.Bytes(), err
}

// cleanEnv drops PG* variables that would redirect the programs elsewhere
// and fixes the locale of their messages.
func cleanEnv(env []string) []string {
	out := make([]string, 0, len(env)+2)
	for _, kv := range env {
		if strings.HasPrefix(kv, "PG") || strings.HasPrefix(kv, "LC_") || strings.HasPrefix(kv, "LANG=") {
			continue
		}
		out = append(out, kv)
	}
	return append(out, "LC_ALL=C", "LANG=C")
}

// freePort asks the kernel for a free loopback port.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("embeddedpg: find a free port: %w", err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		return 0, fmt.Errorf("embeddedpg: find a free port: %w", err)
	}
	return port, nil
}

// confQuote escapes s for a single-quoted postgresql.conf value.
func confQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s)
}

// lastLines returns the last n non-empty lines of out, joined.
func lastLines(out []byte, n int) string {
	lines := strings.FieldsFunc(strings.TrimSpace(string(out)), func(r rune) bool { return r == '\n' })
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	if len(lines) == 0 {
		return "(no output)"
	}
	return strings.Join(lines, " | ")
}

// tailFile is lastLines of a file, or a note that it cannot be read.
func tailFile(path string, n int) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Sprintf("(cannot read %s: %v)", path, err)
	}
	return lastLines(raw, n)
}
