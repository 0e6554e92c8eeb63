package realtime

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"time"

	"cronica/eventstore"
)

// Defaults of Config.
const (
	// DefaultBufferSize is how many messages may wait for one slow client
	// before it is disconnected.
	DefaultBufferSize = 256
	// DefaultHeartbeat is how often every session gets a heartbeat (and a
	// websocket ping; a client that has not answered a ping within two
	// heartbeats is disconnected).
	DefaultHeartbeat = 25 * time.Second
	// DefaultRecheck is how often every session's credential is checked
	// again, besides the checks that sign-outs, password changes and token
	// revocations cause at once.
	DefaultRecheck = time.Minute
	// DefaultMaxTopics bounds the topics one session follows.
	DefaultMaxTopics = 200
	// DefaultCatchUpPage is how many events a resume reads from the log at
	// a time.
	DefaultCatchUpPage = 500
	// maxClientMessage bounds what a client sends in one message.
	maxClientMessage = 64 << 10
)

// Config is what a Hub is built from. Store, Gate, Viewers, Start and at
// least one Kind are required.
type Config struct {
	// Store is the log the hub follows (Subscribe) and resumes from
	// (ReadAll).
	Store eventstore.Store
	// Gate holds each event back until the read models reflecting it have
	// committed it.
	Gate Gate
	// Viewers resolves a session's viewer again when an event may have
	// changed its permissions.
	Viewers Viewers
	// Start is where the hub starts following the log: the log's head when
	// it starts (earlier changes reach clients by resume only).
	Start func(ctx context.Context) (eventstore.Position, error)
	// Kinds is the table of topic kinds ("project", "timesheet", "org",
	// "me", later "tasklist", "channel").
	Kinds []Kind
	// Effects says which sessions an event may take permissions or
	// credentials from; nil means IdentityEffects.
	Effects Effects
	// SummaryFields are the data fields a message's summary may carry
	// (whitelist).
	SummaryFields []string
	// CheckOrigin is the websocket upgrader's Origin check (SameOrigin);
	// nil refuses every request that carries an Origin header.
	CheckOrigin func(r *http.Request) bool
	// Followed, when set, is told of every topic a session is admitted to,
	// before it is registered; an error refuses the topic (code internal).
	// Cronica records auditors' reads with it (writeapi.AuditorTopics).
	Followed func(ctx context.Context, v Viewer, topic string) error
	// Now is the clock of permission checks (grant expiries); nil means
	// time.Now.
	Now func() time.Time
	// Logger; nil discards.
	Logger *slog.Logger

	BufferSize  int           // default DefaultBufferSize
	Heartbeat   time.Duration // default DefaultHeartbeat
	Recheck     time.Duration // default DefaultRecheck
	MaxTopics   int           // default DefaultMaxTopics
	CatchUpPage int           // default DefaultCatchUpPage
}

// withDefaults checks cfg and fills its zero fields.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.Store == nil || cfg.Gate == nil || cfg.Viewers == nil || cfg.Start == nil || len(cfg.Kinds) == 0 {
		return cfg, errors.New("realtime: new hub: Store, Gate, Viewers, Start and Kinds are required")
	}
	if cfg.Effects == nil {
		cfg.Effects = IdentityEffects
	}
	if cfg.CheckOrigin == nil {
		cfg.CheckOrigin = func(r *http.Request) bool { return r.Header.Get("Origin") == "" }
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.BufferSize <= 0 {
		cfg.BufferSize = DefaultBufferSize
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = DefaultHeartbeat
	}
	if cfg.Recheck <= 0 {
		cfg.Recheck = DefaultRecheck
	}
	if cfg.MaxTopics <= 0 {
		cfg.MaxTopics = DefaultMaxTopics
	}
	if cfg.CatchUpPage <= 0 {
		cfg.CatchUpPage = DefaultCatchUpPage
	}
	return cfg, nil
}
