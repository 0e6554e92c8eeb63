// Package writeapi serves Cronica's commands over HTTP with gin: signing in
// and out, password resets and changes, API tokens, the Identity use cases
// of an organisation (its details, people, accounts, groups and grants),
// and the Time ones (projects, contracts, assignments, leave, the calendar,
// timesheet entries and their workflow; time.go says how dates, months and
// hours are read, and timesheet answers carry the month's status and
// warnings; a project's retention holds, retention.go), and asking for a report (reports.go: POST
// /orgs/:org/reports queues a job through a ReportQueue, *jobs.Service,
// and answers 202 with it), one's own notifications (notifications.go:
// marking read, saving settings), and Tasks (tasks.go: lists and their
// columns, tasks, moves, dependencies, comments, time logged on a task,
// saved filters; an edit or a move refused by the field-level rule is 409
// task_conflict carrying the task as it is, built from the aggregate the
// command loaded), and Chat (chat.go: channels and their members,
// messages and replies, edits, deletes, reactions, read markers; a new
// channel is 201, the direct channel the same people already share 200).
// Routes is the whole route table but for
// PublicRoutes: the unsubscribe page of notification mails, outside /api/v1
// and its authentication, whose signed token is its only credential.
//
// Handlers are thin: bind the JSON body (unknown fields refused, at most
// 1 MiB, anything malformed 400 invalid_json), build the command with
// commands.Meta (the caller's identity.Principal, the X-Request-Id or a new
// UUID as correlation id), call the handler, and answer 200 or 201 with
// {"id","version","position"} (position as a decimal string, also in the
// X-Cronica-Position header: the token a client passes back as
// min_position to read its own write). Field validation is the domain's
// (422 with its code); every error goes out through internal/apierr.
//
// Who calls: authhttp.Authenticate (applied by cmd/cronica in front of
// Routes) turns the session cookie or a cra_ API token into an auth.Caller;
// this package resolves it to a Principal with identityview.PrincipalFor,
// and a disabled account is 401. The sign-in mechanics (argon2id, tokens,
// sessions, CSRF, throttling, mail) are internal/auth's and its mailer's;
// the facts (logins, failures, lockouts, logouts) are recorded as events by
// the commands.
//
// Reads it does: the identity read models (credentials by email, the
// principal, API tokens), after AwaitIdentity has waited for min_position,
// and, to check that an aggregate named in a path belongs to the path's
// organisation, the organisation in the metadata of the first event of its
// stream (the log itself, which never lags). It must not decide business
// rules, write read models, or append events but through commands.
//
// Idempotency-Key: the signed-in state-changing routes (POST, PUT, PATCH,
// DELETE) honour the header, Stripe-style, at this edge (idempotency.go);
// not sign-in, the password-reset routes, the password change, creating an
// account or issuing an API token, which carry secrets and must not be kept
// or replayed. The key is scoped by the caller's account, the request
// fingerprinted (method, path, SHA-256 of the body), and the first 2xx or
// 4xx answer kept for 24 h in writeapi_idempotency (component "writeapi",
// Migrate). A retry with the same key and request replays it
// (Idempotent-Replayed: true) without running the command; another request
// with that key is 422 idempotency_key_reused; one still running is 409
// idempotency_request_in_progress (Retry-After: 1). A 5xx or a panic frees
// the key. The key is still not forwarded to the commands: the edge answers
// a retry before a command can decide again.
package writeapi
