package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	usecase "cronica/commands"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/eventstore"
	"cronica/notify"
	"cronica/writeapi"
)

// unsubscribeTokens is writeapi.UnsubscribeTokens over notify.Signer, its
// key (configured, or kept in the database) loaded at the first link
// followed. It is safe for concurrent use.
type unsubscribeTokens struct {
	pool   *pgxpool.Pool
	secret string
	now    func() time.Time

	mu     sync.Mutex
	signer *notify.Signer
}

func newUnsubscribeTokens(cfg Config, pool *pgxpool.Pool, now func() time.Time) *unsubscribeTokens {
	return &unsubscribeTokens{pool: pool, secret: cfg.Notify.Secret, now: now}
}

// Verify implements writeapi.UnsubscribeTokens.
func (u *unsubscribeTokens) Verify(token string) (writeapi.Unsubscription, error) {
	s, err := u.get()
	if err != nil {
		return writeapi.Unsubscription{}, err
	}
	v, err := s.Verify(token)
	if err != nil {
		return writeapi.Unsubscription{}, err
	}
	return writeapi.Unsubscription{AccountID: v.AccountID, Kind: v.Kind, Channel: v.Channel}, nil
}

func (u *unsubscribeTokens) get() (*notify.Signer, error) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.signer != nil {
		return u.signer, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s, err := newSigner(ctx, u.pool, u.secret, u.now)
	if err != nil {
		return nil, err
	}
	u.signer = s
	return s, nil
}

// newSigner is the cluster's unsubscribe signer.
func newSigner(ctx context.Context, pool *pgxpool.Pool, secret string, now func() time.Time) (*notify.Signer, error) {
	key, err := notify.UnsubscribeKey(ctx, pool, secret, now())
	if err != nil {
		return nil, err
	}
	return notify.NewSigner(key)
}

// newSMSProvider is the configured text provider (nil: off).
func newSMSProvider(cfg Config, logger *slog.Logger, now func() time.Time) (notify.Provider, error) {
	switch cfg.Notify.SMS.Provider {
	case SMSOff:
		logger.Info("sms: off")
		return nil, nil
	case SMSTwilio:
		p, err := notify.NewTwilioProvider(notify.TwilioConfig{BaseURL: cfg.Notify.SMS.BaseURL, AccountSID: cfg.Notify.SMS.AccountSID,
			AuthToken: cfg.Notify.SMS.AuthToken, From: cfg.Notify.SMS.From})
		if err != nil {
			return nil, err
		}
		logger.Info("sms: sending through a Twilio-style API", "base_url", cfg.Notify.SMS.BaseURL, "from", cfg.Notify.SMS.From)
		return p, nil
	}
	dir := filepath.Join(cfg.DataDir, "sms-outbox")
	p, err := notify.NewOutboxProvider(dir, now)
	if err != nil {
		return nil, err
	}
	logger.Info("sms: writing texts into the file outbox", "dir", dir)
	return p, nil
}

// reminderRecorder is notify.Recorder over the RecordReminder command, as
// Cronica's System principal.
type reminderRecorder struct {
	handler usecase.RecordReminderHandler
}

// RecordReminder implements notify.Recorder.
func (r reminderRecorder) RecordReminder(ctx context.Context, due notification.ReminderDue) (bool, error) {
	res, err := r.handler.Handle(ctx, usecase.Meta{Actor: identity.System(), CorrelationID: "reminder-" + due.ReminderID + due.Period},
		usecase.RecordReminder{Reminder: due})
	return res.Recorded, err
}

// notifyJobs are the delivery worker and the reminder scheduler of a
// process.
type notifyJobs struct {
	worker    *notify.Worker
	scheduler *notify.Scheduler
}

// newNotifyJobs builds the delivery worker (mail through the configured
// mailer, texts through the configured provider, links to publicURL) and
// the reminder scheduler (months not submitted, approvals waiting, tasks
// due tomorrow, in Europe/Bucharest), recording reminders through store.
func newNotifyJobs(ctx context.Context, cfg Config, pool *pgxpool.Pool, store eventstore.Store, logger *slog.Logger, now func() time.Time,
	publicURL string) (*notifyJobs, error) {
	signer, err := newSigner(ctx, pool, cfg.Notify.Secret, now)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	mail, err := newMailer(cfg, logger, now)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	sms, err := newSMSProvider(cfg, logger, now)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	keys, err := openKeyring(ctx, cfg, pool, logger, now) // people's phones are sealed personal data
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	worker, err := notify.NewWorker(notify.Config{Pool: pool, Mailer: mail, SMS: sms, Signer: signer, PublicURL: publicURL,
		DigestInterval: cfg.Notify.DigestInterval, SMSDailyCap: cfg.Notify.SMS.DailyCap, Now: now, Logger: logger, Personal: keys})
	if err != nil {
		return nil, err
	}
	codec, err := newCodec()
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	bucharest, err := time.LoadLocation(notification.DefaultTimeZone)
	if err != nil {
		return nil, fmt.Errorf("notify: %w", err)
	}
	env := usecase.Env{Store: store, Codec: codec, NewID: uuid.NewV7, Now: now}
	scheduler, err := notify.NewScheduler(notify.SchedulerConfig{Pool: pool, Recorder: reminderRecorder{handler: usecase.NewNotifications(env).RecordReminder},
		Sources: []notify.ReminderSource{
			notify.TimesheetDue{Q: pool, Location: bucharest, RemindAt: notify.DefaultRemindAt},
			notify.ApprovalPending{Q: pool, Location: bucharest, RemindAt: notify.DefaultRemindAt},
			notify.TaskDue{Q: pool, Location: bucharest, RemindAt: notify.DefaultRemindAt},
		}, Now: now, Logger: logger})
	if err != nil {
		return nil, err
	}
	return &notifyJobs{worker: worker, scheduler: scheduler}, nil
}

// startNotify runs the delivery worker and the reminder scheduler (each
// waits for its cluster-wide lock) until stop, which waits for them.
func startNotify(ctx context.Context, cfg Config, pool *pgxpool.Pool, store eventstore.Store, logger *slog.Logger, now func() time.Time,
	publicURL string) (stop func(), err error) {
	jobs, err := newNotifyJobs(ctx, cfg, pool, store, logger, now, publicURL)
	if err != nil {
		return nil, err
	}
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); jobs.worker.Run(runCtx) }()
	go func() { defer wg.Done(); jobs.scheduler.Run(runCtx) }()
	return func() { cancel(); wg.Wait() }, nil
}
