package projections

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"

	"cronica/eventstore"
	"cronica/internal/pause"
	"cronica/projections/feed"
)

// runner owns one projector in this process: it waits for the projector's
// advisory lock, then feeds the Watermill handler from the checkpoint on,
// starting again whenever the checkpoint moves under it (a rebuild swapped
// the model in), the projector halts, or the lock is lost.
type runner struct {
	rt      *Runtime
	p       Projector
	applier *applier
	lock    lockHolder

	mu      sync.Mutex
	gen     uint64
	start   eventstore.Position
	restart context.CancelFunc
}

// Subscribe makes the runner a Watermill subscriber for its own topic (the
// projector's name): the channel stays open for the router's life while the
// runner goes through lock holds and restarts behind it.
func (r *runner) subscribe(ctx context.Context) <-chan *message.Message {
	out := make(chan *message.Message)
	go func() {
		defer close(out)
		for ctx.Err() == nil {
			held, release, err := r.lock.acquire(ctx)
			if err != nil {
				return
			}
			r.rt.log.Info("projector lock acquired", "projector", r.p.Name)
			for held.Err() == nil {
				if err := r.serve(held, out); err != nil && held.Err() == nil {
					r.rt.log.Warn("projector run failed; starting again", "projector", r.p.Name, "error", err)
					pause.For(held, time.Second) //nolint:errcheck // a cancelled wait just ends the loop
				}
			}
			if ctx.Err() != nil {
				// Shutting down with the lock still ours: keep what was applied.
				r.applier.flushOnStop()
			} else {
				r.rt.log.Warn("projector lock lost; dropping the open batch", "projector", r.p.Name)
			}
			r.applier.abandon()
			release()
		}
	}()
	return out
}

// serve is one run: from the checkpoint row, until held ends or a restart.
func (r *runner) serve(held context.Context, out chan<- *message.Message) error {
	c, err := ensureCheckpoint(held, r.rt.pool, r.p.Name)
	if err != nil {
		return err
	}
	if c.Halted {
		// Wait for a rebuild (or an operator) to clear the halt.
		return pause.For(held, r.rt.cfg.HaltedPoll)
	}
	run, cancel := context.WithCancel(held)
	defer cancel()
	r.mu.Lock()
	r.gen++
	gen := r.gen
	r.start, r.restart = c.Position, cancel
	r.mu.Unlock()
	r.applier.reset(gen, c)

	sub := feed.NewSubscriber(r.rt.store, func(context.Context, string) (eventstore.Position, error) { return c.Position, nil },
		feed.Config{Logger: r.rt.wmLogger})
	defer sub.Close()
	in, err := sub.Subscribe(run, r.p.Name)
	if err != nil {
		return fmt.Errorf("projections: %s: subscribe: %w", r.p.Name, err)
	}
	return r.forward(run, gen, in, out)
}

// forward passes the feed's messages to the router, tagged with the run.
// When the feed has been quiet for IdleFlush while events wait to be
// committed, it sends a flush message through the same handler (and so
// through Retry and the poison path), after the last event's message is
// done and before the next one.
func (r *runner) forward(run context.Context, gen uint64, in <-chan *message.Message, out chan<- *message.Message) error {
	tag := strconv.FormatUint(gen, 10)
	idle := time.NewTimer(r.rt.cfg.IdleFlush)
	defer idle.Stop()
	var last *message.Message
	for {
		select {
		case msg, ok := <-in:
			if !ok {
				return nil
			}
			msg.Metadata.Set(metaGeneration, tag)
			if !send(run, out, msg) {
				return nil
			}
			last = msg
		case <-idle.C:
			if last != nil && !settled(run, last) {
				return nil
			}
			last = nil
			for r.applier.dirty() {
				flush := message.NewMessage(watermill.NewUUID(), nil)
				flush.Metadata.Set(metaGeneration, tag)
				flush.Metadata.Set(metaFlush, "1")
				if !send(run, out, flush) || !settled(run, flush) {
					return nil
				}
				if r.applier.dirty() && pause.For(run, r.rt.cfg.RetryBackoff) != nil {
					return nil
				}
			}
		case <-run.Done():
			return nil
		}
		idle.Reset(r.rt.cfg.IdleFlush)
	}
}

func send(ctx context.Context, out chan<- *message.Message, msg *message.Message) bool {
	select {
	case out <- msg:
		return true
	case <-ctx.Done():
		return false
	}
}

// settled waits until msg is acked or nacked.
func settled(ctx context.Context, msg *message.Message) bool {
	select {
	case <-msg.Acked():
		return true
	case <-msg.Nacked():
		return true
	case <-ctx.Done():
		return false
	}
}

// restartNow ends the current run; the runner starts again from the
// checkpoint row.
func (r *runner) restartNow() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.restart != nil {
		r.restart()
	}
}
