package embeddedpg

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// binaries is one PostgreSQL installation: a directory holding initdb,
// pg_ctl and postgres together.
type binaries struct {
	dir     string // symlinks resolved
	major   int
	version string // as printed by pg_ctl --version, e.g. "15.20"
}

// versionedBinGlob is where Debian and Ubuntu install each major version.
const versionedBinGlob = "/usr/lib/postgresql/*/bin"

// candidateDirs lists the directories to search: binDirs when non-nil,
// otherwise $PATH then /usr/lib/postgresql/*/bin from the highest version.
func candidateDirs(binDirs []string) []string {
	if binDirs != nil {
		return binDirs
	}
	dirs := filepath.SplitList(os.Getenv("PATH"))
	versioned, _ := filepath.Glob(versionedBinGlob) // the pattern is valid; no match is fine
	sort.SliceStable(versioned, func(i, j int) bool {
		return versionLess(filepath.Base(filepath.Dir(versioned[j])), filepath.Base(filepath.Dir(versioned[i])))
	})
	return append(dirs, versioned...)
}

// versionLess compares dotted version strings numerically ("9.6" < "15").
func versionLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, errA := strconv.Atoi(pa[i])
		nb, errB := strconv.Atoi(pb[i])
		if errA != nil || errB != nil {
			if pa[i] != pb[i] {
				return pa[i] < pb[i]
			}
			continue
		}
		if na != nb {
			return na < nb
		}
	}
	return len(pa) < len(pb)
}

var pgVersionPattern = regexp.MustCompile(`\(PostgreSQL\) ((\d+)(\.\d+)?)`)

// findBinaries returns every usable installation in search order, or an
// error saying where it looked (phrased to sit inside unavailableError).
func findBinaries(ctx context.Context, binDirs []string) ([]binaries, error) {
	dirs := candidateDirs(binDirs)
	var (
		found []binaries
		seen  = make(map[string]bool)
	)
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if !isExecutable(filepath.Join(d, "initdb")) || !isExecutable(filepath.Join(d, "pg_ctl")) {
			continue
		}
		real, err := filepath.EvalSymlinks(filepath.Join(d, "pg_ctl"))
		if err != nil {
			continue
		}
		realDir := filepath.Dir(real)
		if seen[realDir] {
			continue
		}
		seen[realDir] = true
		// pg_ctl runs the postgres next to its own resolved path.
		if !isExecutable(filepath.Join(realDir, "postgres")) || !isExecutable(filepath.Join(realDir, "initdb")) {
			continue
		}
		b, err := probeVersion(ctx, realDir)
		if err != nil {
			continue
		}
		found = append(found, b)
	}
	if len(found) == 0 {
		if len(dirs) == 0 {
			return nil, errors.New("no directories to search for initdb and pg_ctl")
		}
		return nil, fmt.Errorf("searched for initdb, pg_ctl and postgres together in %s", strings.Join(dirs, ", "))
	}
	return found, nil
}

// probeVersion reads the version of the installation in dir.
func probeVersion(ctx context.Context, dir string) (binaries, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, filepath.Join(dir, "pg_ctl"), "--version").Output()
	if err != nil {
		return binaries{}, fmt.Errorf("embeddedpg: %s/pg_ctl --version: %w", dir, err)
	}
	m := pgVersionPattern.FindSubmatch(out)
	if m == nil {
		return binaries{}, fmt.Errorf("embeddedpg: %s/pg_ctl --version: unexpected output %q", dir, out)
	}
	major, err := strconv.Atoi(string(m[2]))
	if err != nil {
		return binaries{}, fmt.Errorf("embeddedpg: %s/pg_ctl --version: %w", dir, err)
	}
	return binaries{dir: dir, major: major, version: string(m[1])}, nil
}

// pickBinaries chooses the installation for the cluster in clusterDir: the
// one matching the cluster's PG_VERSION if it exists, else the first found.
func pickBinaries(found []binaries, clusterDir string) (binaries, error) {
	raw, err := os.ReadFile(filepath.Join(clusterDir, "PG_VERSION"))
	if err != nil {
		return found[0], nil
	}
	major, err := strconv.Atoi(strings.TrimSpace(string(raw)))
	if err != nil {
		return binaries{}, fmt.Errorf("embeddedpg: %s/PG_VERSION holds %q, not a major version", clusterDir, raw)
	}
	for _, b := range found {
		if b.major == major {
			return b, nil
		}
	}
	return binaries{}, fmt.Errorf("embeddedpg: the cluster in %s was created by PostgreSQL %d, but only PostgreSQL %d binaries were found (%s): install PostgreSQL %d (Debian: apt-get install postgresql-%d), or remove %s to start over with an empty database",
		clusterDir, major, found[0].major, found[0].dir, major, major, clusterDir)
}

// isExecutable reports whether path is a regular file someone may execute.
func isExecutable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode().Perm()&0o111 != 0
}
