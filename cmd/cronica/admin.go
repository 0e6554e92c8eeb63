package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/eventstore"
	"cronica/internal/auth"
	"cronica/internal/keyring"
)

const adminCreateSummary = "Create an organisation (kind beneficiary) with its first administrator: a person, an account and the\n" +
	"org_admin role, recorded as Cronica itself (system). The password is read from stdin: one line.\n" +
	"Prints the new ids. Refuses an email address another account already uses."

// runAdminCreate is `cronica admin create`.
func runAdminCreate(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("admin create", flag.ContinueOnError)
	orgName := fs.String("org", "", "legal name of the organisation (required)")
	cui := fs.String("cui", "", "the organisation's fiscal code (CUI), digits with a valid control digit; an RO prefix marks a VAT payer (required)")
	email := fs.String("email", "", "the administrator's email address: their sign-in name (required)")
	given := fs.String("given-name", "Administrator", "the administrator's given name")
	family := fs.String("family-name", "Cronica", "the administrator's family name")
	cfg, code, done := parseFlags(fs, args, e, adminCreateSummary)
	if done {
		return code
	}
	fail := func(code int, format string, a ...any) int {
		fmt.Fprintf(e.stderr, "cronica admin create: "+format+"\n", a...)
		return code
	}
	var missing []string
	for _, f := range []struct{ name, value string }{{"--org", *orgName}, {"--cui", *cui}, {"--email", *email}} {
		if strings.TrimSpace(f.value) == "" {
			missing = append(missing, f.name)
		}
	}
	if len(missing) > 0 {
		return fail(exitUsage, "%s required", strings.Join(missing, ", "))
	}
	regCode, err := identity.ValidateCUI(*cui)
	if err != nil {
		return fail(exitUsage, "--cui %q is not a valid Romanian fiscal code (CUI): check its control digit", *cui)
	}
	addr, err := identity.ValidateEmail(*email)
	if err != nil {
		return fail(exitUsage, "--email %q is not a valid email address", *email)
	}
	password, err := readPassword(e.stdin)
	if err != nil {
		return fail(exitUsage, "%v", err)
	}
	hash, err := auth.HashPassword(password, rand.Reader)
	switch {
	case errors.Is(err, auth.ErrPasswordTooShort):
		return fail(exitUsage, "the password must have at least %d characters (bytes)", auth.MinPasswordLen)
	case errors.Is(err, auth.ErrPasswordTooLong):
		return fail(exitUsage, "the password may have at most %d characters (bytes)", auth.MaxPasswordLen)
	case err != nil:
		return fail(exitFailure, "hash the password: %v", err)
	}

	logger := newLogger(cfg, e.stderr)
	w, err := openIdentityWriter(ctx, cfg, logger, e.now)
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	defer w.close(ctx, logger)

	claimed, err := w.streamExists(ctx, identity.StreamOf(identity.CategoryEmail, identity.EmailClaimID(addr)))
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	if claimed {
		return fail(exitFailure, "an account already uses the email address %s; nothing was created", addr)
	}
	details := identity.OrgDetails{LegalName: *orgName, RegistrationCode: regCode, Kind: identity.OrgBeneficiary,
		VATPayer: strings.HasPrefix(strings.ToUpper(strings.TrimSpace(*cui)), "RO"), Address: identity.Address{Country: "RO"}}
	created, err := createAdmin(ctx, w.ids, w.meta("admin-create"), details,
		identity.PersonDetails{GivenName: *given, FamilyName: *family, Email: addr}, hash)
	if errors.Is(err, usecase.ErrDuplicateEmail) {
		return fail(exitFailure, "an account already uses the email address %s (claimed meanwhile); organisation %s and person %s were created without an administrator",
			addr, created.OrgID, created.PersonID)
	}
	if err != nil {
		return fail(exitFailure, "%v", err)
	}
	fmt.Fprintf(e.stdout, "organization_id %s\nperson_id       %s\naccount_id      %s\ngrant_id        %s\n",
		created.OrgID, created.PersonID, created.AccountID, created.GrantID)
	fmt.Fprintf(e.stdout, "%s can now sign in as the administrator of %s.\n", addr, *orgName)
	return exitOK
}

// createdAdmin is what createAdmin made; on error, what it made before.
type createdAdmin struct {
	OrgID, PersonID, AccountID, GrantID string
}

// createAdmin registers an organisation, its first person and their
// account, and grants them org_admin, each through its command.
func createAdmin(ctx context.Context, ids *usecase.Identity, m usecase.Meta, org identity.OrgDetails,
	person identity.PersonDetails, passwordHash string) (createdAdmin, error) {
	var out createdAdmin
	res, err := ids.RegisterOrganization.Handle(ctx, m, usecase.RegisterOrganization{Details: org})
	if err != nil {
		return out, fmt.Errorf("register the organisation: %w", err)
	}
	out.OrgID = res.ID
	if res, err = ids.RegisterPerson.Handle(ctx, m, usecase.RegisterPerson{OrgID: out.OrgID, Details: person}); err != nil {
		return out, fmt.Errorf("register the person: %w", err)
	}
	out.PersonID = res.ID
	res, err = ids.CreateAccount.Handle(ctx, m, usecase.CreateAccount{OrgID: out.OrgID, PersonID: out.PersonID,
		Email: person.Email, PasswordHash: passwordHash})
	if err != nil {
		return out, fmt.Errorf("create the account: %w", err)
	}
	out.AccountID = res.ID
	res, err = ids.GrantRole.Handle(ctx, m, usecase.GrantRole{OrgID: out.OrgID,
		Subject: identity.Subject{Kind: identity.SubjectAccount, ID: out.AccountID}, Role: identity.RoleOrgAdmin})
	if err != nil {
		return out, fmt.Errorf("grant org_admin: %w", err)
	}
	out.GrantID = res.ID
	return out, nil
}

// readPassword reads one line from r: the password, without its line end.
func readPassword(r io.Reader) (string, error) {
	if r == nil {
		return "", errors.New("no password: write it to stdin, one line")
	}
	line, err := bufio.NewReader(io.LimitReader(r, auth.MaxPasswordLen+3)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read the password from stdin: %w", err)
	}
	pw := strings.TrimRight(line, "\r\n")
	if pw == "" {
		return "", errors.New("no password: write it to stdin, one line")
	}
	return pw, nil
}

// identityWriter is what the subcommands that write Identity facts use:
// the database, the event store and the Identity commands over them, acting
// as identity.System(), sealing personal data with keys.
type identityWriter struct {
	db    *database
	store eventStore
	env   usecase.Env
	ids   *usecase.Identity
	keys  *keyring.Keyring
}

// openIdentityWriter resolves the database, applies the migrations and
// opens the event store.
func openIdentityWriter(ctx context.Context, cfg Config, logger *slog.Logger, now func() time.Time) (*identityWriter, error) {
	db, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	if err := migrateAll(ctx, cfg, db.pool); err != nil {
		return nil, errors.Join(err, db.close(context.WithoutCancel(ctx)))
	}
	store, err := openStore(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return nil, errors.Join(err, db.close(context.WithoutCancel(ctx)))
	}
	codec, err := newCodec()
	if err != nil {
		return nil, errors.Join(err, store.Close(), db.close(context.WithoutCancel(ctx)))
	}
	keys, err := openKeyring(ctx, cfg, db.pool, logger, now)
	if err != nil {
		return nil, errors.Join(err, store.Close(), db.close(context.WithoutCancel(ctx)))
	}
	env := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now, Personal: keys}
	return &identityWriter{db: db, store: store, env: env, ids: usecase.NewIdentity(env), keys: keys}, nil
}

// close closes the event store, then the database; failures are logged.
func (w *identityWriter) close(ctx context.Context, logger *slog.Logger) {
	if err := w.store.Close(); err != nil {
		logger.Error("close the event store", "err", err)
	}
	if err := w.db.close(context.WithoutCancel(ctx)); err != nil {
		logger.Error("close the database", "err", err)
	}
}

// meta is the Meta of Cronica's own writes, correlated by one id per run.
func (w *identityWriter) meta(what string) usecase.Meta {
	return usecase.Meta{Actor: identity.System(), CorrelationID: "cli-" + what + "-" + uuid.NewString()}
}

// streamExists reports whether stream has any event.
func (w *identityWriter) streamExists(ctx context.Context, stream string) (bool, error) {
	_, err := w.store.ReadStream(ctx, stream, 0, 1)
	switch {
	case errors.Is(err, eventstore.ErrStreamNotFound):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("read %s: %w", stream, err)
	}
	return true, nil
}
