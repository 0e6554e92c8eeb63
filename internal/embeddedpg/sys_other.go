//go:build !unix

package embeddedpg

import (
	"errors"
	"log/slog"
	"os/exec"
)

// osUser is the account the PostgreSQL programs run as (unused here).
type osUser struct {
	name     string
	uid, gid int
}

var errUnsupported = errors.New("embeddedpg: a private cluster is only supported on unix systems; set CRONICA_DATABASE_URL")

func runAsUser(*slog.Logger) (*osUser, error)    { return nil, nil }
func setCredential(*exec.Cmd, *osUser)           {}
func chownTree(string, int, int) error           { return errUnsupported }
func makeTraversable(string, *slog.Logger) error { return errUnsupported }
func lockFile(string) (func(), error)            { return nil, errUnsupported }
func isPostmasterOf(int, string) bool            { return false }
