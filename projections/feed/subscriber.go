package feed

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"cronica/eventstore"
	"cronica/internal/pause"
)

// StartFunc says where a new subscription on topic starts: the position
// after which events are delivered (a projector's checkpoint; topic is the
// projector name). eventstore.Start replays the whole log.
type StartFunc func(ctx context.Context, topic string) (eventstore.Position, error)

// Config tunes a Subscriber. The zero value is usable.
type Config struct {
	// NackDelay is how long a nacked event waits before it is delivered
	// again; default 100ms.
	NackDelay time.Duration
	// Logger receives read failures (Error) and redeliveries (Debug);
	// default watermill.NopLogger{}.
	Logger watermill.LoggerAdapter
}

// DefaultNackDelay is Config.NackDelay when it is left zero.
const DefaultNackDelay = 100 * time.Millisecond

// The backoff between retries of a failed read of the log.
const (
	retryMin = 50 * time.Millisecond
	retryMax = 5 * time.Second
)

// ErrClosed: Subscribe was called after Close.
var ErrClosed = errors.New("feed: subscriber closed")

// Subscriber is a Watermill message.Subscriber over the event log; build it
// with NewSubscriber (the zero value is not usable). It is safe for
// concurrent use: Subscribe and Close may be called from any
// goroutine, Close any number of times.
//
// Each Subscribe follows the log on its own store subscription, in one
// goroutine, and hands out one message at a time on an unbuffered channel:
// the next event is sent only after the current message is acked. Nack
// sends the same event again, as a new message, after Config.NackDelay.
// Every message's context is derived from the ctx given to Subscribe and is
// cancelled once the message is acked or nacked (Watermill's contract).
//
// The output channel is closed when that ctx is done, when Close is called,
// or, after an Error log, when the store itself is closed. A failing read of
// the log does not close it: it is logged and retried with backoff, resuming
// after the last event delivered.
type Subscriber struct {
	store     eventstore.Store
	start     StartFunc
	nackDelay time.Duration
	log       watermill.LoggerAdapter

	mu     sync.Mutex
	closed bool
	subs   map[*subscription]struct{}
	wg     sync.WaitGroup
}

var _ message.Subscriber = (*Subscriber)(nil)

// NewSubscriber returns a Subscriber reading store. start is asked where
// each new subscription begins; nil starts every topic at eventstore.Start.
func NewSubscriber(store eventstore.Store, start StartFunc, cfg Config) *Subscriber {
	if start == nil {
		start = func(context.Context, string) (eventstore.Position, error) { return eventstore.Start, nil }
	}
	if cfg.NackDelay <= 0 {
		cfg.NackDelay = DefaultNackDelay
	}
	if cfg.Logger == nil {
		cfg.Logger = watermill.NopLogger{}
	}
	return &Subscriber{
		store:     store,
		start:     start,
		nackDelay: cfg.NackDelay,
		log:       cfg.Logger,
		subs:      make(map[*subscription]struct{}),
	}
}

// subscription is one Subscribe call: its store cursor, its output channel
// and the cancel of the context its goroutine runs under.
type subscription struct {
	topic  string
	cursor eventstore.Subscription
	out    chan *message.Message
	cancel context.CancelFunc
	log    watermill.LoggerAdapter
}

// Subscribe implements message.Subscriber: it asks the StartFunc where topic
// starts, opens a store subscription after that position and returns the
// channel its events arrive on. It fails with ErrClosed after Close, and
// with the StartFunc's or the store's error, wrapped.
func (s *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	if s.isClosed() {
		return nil, fmt.Errorf("feed: subscribe %q: %w", topic, ErrClosed)
	}
	if s.store == nil {
		return nil, fmt.Errorf("feed: subscribe %q: no event store", topic)
	}
	after, err := s.start(ctx, topic)
	if err != nil {
		return nil, fmt.Errorf("feed: subscribe %q: start position: %w", topic, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	cursor, err := s.store.Subscribe(ctx, after)
	if err != nil {
		cancel()
		return nil, fmt.Errorf("feed: subscribe %q after %d: %w", topic, after, err)
	}
	sub := &subscription{
		topic:  topic,
		cursor: cursor,
		out:    make(chan *message.Message),
		cancel: cancel,
		log:    s.log.With(watermill.LogFields{"topic": topic}),
	}

	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		cancel()
		cursor.Close()
		return nil, fmt.Errorf("feed: subscribe %q: %w", topic, ErrClosed)
	}
	s.subs[sub] = struct{}{}
	s.wg.Add(1)
	s.mu.Unlock()

	go s.run(ctx, sub, after)
	return sub.out, nil
}

// Close implements message.Subscriber: it ends every subscription, even
// one whose message awaits an ack (that message is abandoned, its context
// cancelled), waits until their goroutines have closed their channels and
// store subscriptions, and returns. It is idempotent and safe to call
// concurrently; every call returns only once all of that is done.
func (s *Subscriber) Close() error {
	s.mu.Lock()
	s.closed = true
	subs := make([]*subscription, 0, len(s.subs))
	for sub := range s.subs {
		subs = append(subs, sub)
	}
	s.mu.Unlock()

	var errs []error
	for _, sub := range subs {
		sub.cancel()
		if err := sub.cursor.Close(); err != nil {
			errs = append(errs, fmt.Errorf("feed: close %q: %w", sub.topic, err))
		}
	}
	s.wg.Wait()
	return errors.Join(errs...)
}

func (s *Subscriber) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

// run is a subscription's goroutine: read the next event, deliver it until
// it is acked, repeat. It ends when ctx is done (the caller's context or
// Close) or the store is closed.
func (s *Subscriber) run(ctx context.Context, sub *subscription, after eventstore.Position) {
	defer func() {
		sub.cancel()
		if err := sub.cursor.Close(); err != nil {
			sub.log.Error("feed: closing the store subscription failed", err, nil)
		}
		close(sub.out)
		s.mu.Lock()
		delete(s.subs, sub)
		s.mu.Unlock()
		s.wg.Done()
	}()
	retry := retryMin
	failing := false
	for {
		e, err := sub.cursor.Next(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			if errors.Is(err, eventstore.ErrSubscriptionClosed) {
				sub.log.Error("feed: the event store closed the subscription; closing the output channel", err,
					watermill.LogFields{"after": uint64(after)})
				return
			}
			sub.log.Error("feed: reading the event log failed; retrying", err,
				watermill.LogFields{"after": uint64(after), "retry_in": retry})
			if pause.For(ctx, retry) != nil {
				return
			}
			retry, failing = min(2*retry, retryMax), true
			continue
		}
		if failing {
			sub.log.Info("feed: reading the event log works again", watermill.LogFields{"after": uint64(after)})
			retry, failing = retryMin, false
		}
		if !s.deliver(ctx, sub, e) {
			return
		}
		after = e.Position
	}
}

// deliver sends e and waits for its ack, sending it again after each nack.
// It reports false when ctx ended first.
func (s *Subscriber) deliver(ctx context.Context, sub *subscription, e eventstore.RecordedEvent) bool {
	for {
		msg := NewMessage(e)
		msgCtx, cancelMsg := context.WithCancel(ctx)
		msg.SetContext(msgCtx)
		select {
		case sub.out <- msg:
		case <-ctx.Done():
			cancelMsg()
			return false
		}
		select {
		case <-msg.Acked():
			cancelMsg()
			return true
		case <-msg.Nacked():
			cancelMsg()
		case <-ctx.Done():
			cancelMsg()
			return false
		}
		sub.log.Debug("feed: event nacked; delivering it again", watermill.LogFields{
			"position": uint64(e.Position), "message_uuid": msg.UUID, "delay": s.nackDelay})
		if pause.For(ctx, s.nackDelay) != nil {
			return false
		}
	}
}
