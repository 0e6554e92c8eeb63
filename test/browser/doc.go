// Package browser holds the browser tests of Cronica's web app: they build
// the app (npm ci and npm run build in web/ when its build is missing or
// older than its sources) and the real binary, seed the demo into a database
// of their own (test/pgtest), start `cronica serve`, and run the scenarios of
// web/e2e/run.mjs in real Chromium (/usr/bin/chromium, driven by
// playwright-core under node), one subtest per screen group. Screenshots go
// to $CRONICA_TEST_ARTIFACTS/browser, or to the test's artifact directory
// (go test -artifacts keeps it).
//
// Without chromium or node the tests skip, saying why, unless CI is set:
// then they fail. This package has no production code and must not have any.
package browser
