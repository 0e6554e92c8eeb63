package main

import (
	"fmt"
	"os"

	"cronica/reports/bundle"
)

// verifyBundleFile is `cronica audit verify --bundle FILE`: the bundle
// checked on its own, offline (no configuration, no database). It prints
// `audit verify --bundle: OK streams=<n> events=<m> seals=<k> reports=<r>`
// (exit 0), or one FAIL line per failure naming the file, stream, version,
// seal or report and a BROKEN summary (exit 1); a file that cannot be read
// exits 2.
func verifyBundleFile(e env, path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "cronica audit verify: --bundle: %v\n", err)
		return exitAuditError
	}
	res, err := bundle.Verify(b)
	if err != nil {
		fmt.Fprintf(e.stdout, "audit verify --bundle: FAIL file=%s: %v\n", path, err)
		fmt.Fprintf(e.stdout, "audit verify --bundle: BROKEN failures=1 streams=0 events=0 seals=0 reports=0\n")
		return exitAuditBroken
	}
	if res.OK() {
		fmt.Fprintf(e.stdout, "audit verify --bundle: OK streams=%d events=%d seals=%d reports=%d\n",
			res.Streams, res.Events, res.Seals, res.Reports)
		return exitAuditOK
	}
	for _, f := range res.Failures {
		fmt.Fprintf(e.stdout, "audit verify --bundle: FAIL %s\n", f)
	}
	fmt.Fprintf(e.stdout, "audit verify --bundle: BROKEN failures=%d streams=%d events=%d seals=%d reports=%d\n",
		len(res.Failures), res.Streams, res.Events, res.Seals, res.Reports)
	return exitAuditBroken
}
