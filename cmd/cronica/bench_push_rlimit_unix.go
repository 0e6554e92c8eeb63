//go:build unix

package main

import (
	"fmt"
	"syscall"
)

// raiseOpenFiles raises the soft limit of open files to at least need (at
// most the hard limit) and returns the limit in force; an error when the
// hard limit is below need.
func raiseOpenFiles(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("open files limit: %w", err)
	}
	if lim.Cur >= need {
		return lim.Cur, nil
	}
	if lim.Max < need {
		return lim.Cur, fmt.Errorf("open files limit: the bench needs %d, the hard limit is %d (raise it, or use fewer --clients)", need, lim.Max)
	}
	lim.Cur = need
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("open files limit: raise to %d: %w", need, err)
	}
	return need, nil
}
