package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	usecase "cronica/commands"
	"cronica/domain"
)

const gdprEraseSummary = `Erase a person's personal data (CNP, personal e-mail and phone, address) by
crypto-shredding: PersonalDataErased.v1 is recorded in the person's stream
(actor system, with --reason), then the person's key is destroyed, so every
sealed value of their personal data in the log can no longer be opened; the
log and its hash chains are untouched. Refused (exit 1) while a project the
person took part in keeps its records: until 5 years after its final
payment, without a final payment date, or while a retention hold is open.
Running it again finishes an erasure cut short.`

// runGDPRErase is `cronica gdpr erase`.
func runGDPRErase(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("gdpr erase", flag.ContinueOnError)
	person := fs.String("person", "", "the person's id (required)")
	org := fs.String("org", "", "the person's organisation's id (optional: checked when given)")
	reason := fs.String("reason", "", "why the data is erased, recorded in the event (required), e.g. \"GDPR art. 17 request of 2031-05-04\"")
	cfg, code, done := parseFlags(fs, args, e, gdprEraseSummary)
	if done {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "cronica gdpr erase: "+format+"\n", a...)
		return code
	}
	if strings.TrimSpace(*person) == "" || strings.TrimSpace(*reason) == "" {
		return fail(exitUsage, "--person and --reason are required")
	}
	logger := newLogger(cfg, e.stderr)
	w, err := openIdentityWriter(ctx, cfg, logger, e.now)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	defer w.close(ctx, logger)

	res, err := usecase.NewRetention(w.env).ErasePersonalData.Handle(ctx, w.meta("gdpr-erase"),
		usecase.ErasePersonalData{PersonID: strings.TrimSpace(*person), OrgID: strings.TrimSpace(*org), Reason: *reason})
	var rule *domain.RuleError
	switch {
	case errors.As(err, &rule):
		return fail(exitFailure, "refused: %s: %s\n  (ro) %s", rule.Code, rule.Message, rule.MessageRO)
	case errors.Is(err, domain.ErrNotFound):
		if *org != "" {
			return fail(exitFailure, "no person %s in organisation %s", *person, *org)
		}
		return fail(exitFailure, "no person %s", *person)
	case err != nil:
		return fail(exitFailure, "%v", err)
	}
	// The destroyed key's old row version leaves the table's files.
	if err := w.keys.Compact(ctx); err != nil {
		logger.Warn("gdpr erase: the key is destroyed; rewriting the keys' table failed (VACUUM FULL keyring_person_keys later)", "err", err)
	}
	if res.Position == 0 {
		fmt.Fprintf(e.stdout, "gdpr erase: person %s was erased already; their key is destroyed\n", res.ID)
		return exitOK
	}
	fmt.Fprintf(e.stdout, "gdpr erase: person %s erased (PersonalDataErased.v1, version %d, position %d); their key is destroyed\n",
		res.ID, res.Version, res.Position)
	return exitOK
}
