// Package feed turns the event log into a Watermill message.Subscriber, so
// projectors run under a message.Router. A topic is a projector's name; each
// Subscribe on it follows the log (eventstore.Store.Subscribe) from the
// position its StartFunc returns, the projector's checkpoint. It also owns
// the message encoding of an event: NewMessage, Event and Position, and the
// metadata keys.
//
// Delivery is strictly sequential per subscription: one message at a time,
// the next only after the current one is acked; a nacked event comes back,
// as a fresh message with the same UUID and metadata, after Config.NackDelay.
// A failing read of the log is logged and retried with backoff, never turned
// into a closed channel, so a projector cannot silently stop.
//
// It must not write anything: no appends, no checkpoints (the projector
// commits its checkpoint with its rows), no read models. It keeps no state
// beyond open subscriptions, imports no database driver, and must stay cheap
// per message: no goroutine, reflection or JSON per event, since projection
// rebuilds stream the whole log through it.
package feed
