//go:build unix

package embeddedpg

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// osUser is the account the PostgreSQL programs run as.
type osUser struct {
	name     string
	uid, gid int
}

// runAsUser returns the postgres OS user when cronica runs as root (initdb
// refuses to run as root), nil otherwise.
func runAsUser(log *slog.Logger) (*osUser, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: cronica runs as root and initdb refuses to run as root, but there is no postgres OS user to run it as (%w): create one (Debian: adduser --system --group postgres, or apt-get install postgresql), run cronica as a normal user, or set CRONICA_DATABASE_URL", err)
	}
	uid, err := strconv.Atoi(u.Uid)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: postgres user uid %q: %w", u.Uid, err)
	}
	gid, err := strconv.Atoi(u.Gid)
	if err != nil {
		return nil, fmt.Errorf("embeddedpg: postgres user gid %q: %w", u.Gid, err)
	}
	log.Info("embeddedpg: running as root, so initdb and pg_ctl run as the postgres OS user", "uid", uid, "gid", gid)
	return &osUser{name: u.Username, uid: uid, gid: gid}, nil
}

// setCredential makes cmd run as u.
func setCredential(cmd *exec.Cmd, u *osUser) {
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: &syscall.Credential{Uid: uint32(u.uid), Gid: uint32(u.gid), Groups: []uint32{}},
	}
}

// chownTree hands dir and everything below it to uid:gid.
func chownTree(dir string, uid, gid int) error {
	err := filepath.WalkDir(dir, func(path string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Lchown(path, uid, gid)
	})
	if err != nil {
		return fmt.Errorf("embeddedpg: chown -R %s: %w", dir, err)
	}
	return nil
}

// makeTraversable adds the search (x) permission for others to dir and its
// ancestors where it is missing, so the postgres user can reach the cluster.
func makeTraversable(dir string, log *slog.Logger) error {
	for d := dir; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return fmt.Errorf("embeddedpg: stat %s: %w", d, err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			mode := fi.Mode().Perm() | 0o001
			if err := os.Chmod(d, mode); err != nil {
				return fmt.Errorf("embeddedpg: make %s traversable for the postgres user: %w", d, err)
			}
			log.Info("embeddedpg: made a parent directory traversable (o+x) so the postgres user can reach the cluster",
				"dir", d, "mode", mode.String())
		}
		if parent := filepath.Dir(d); parent == d {
			return nil
		}
	}
}

// lockFile takes an exclusive, non-blocking lock on path, held until the
// returned function is called or the process exits.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN) //nolint:errcheck // closing releases it anyway
		f.Close()
	}, nil
}

// isPostmasterOf reports whether pid is a live postgres process serving dir.
// Where /proc says otherwise (another program reusing the pid, or a
// postgres of another cluster) it is not.
func isPostmasterOf(pid int, dir string) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	proc := "/proc/" + strconv.Itoa(pid)
	if comm, err := os.ReadFile(proc + "/comm"); err == nil {
		if strings.TrimSpace(string(comm)) != "postgres" {
			return false
		}
	}
	if cwd, err := os.Readlink(proc + "/cwd"); err == nil {
		if real, err := filepath.EvalSymlinks(dir); err == nil && cwd != real {
			return false
		}
	}
	return true
}
