package main

import (
	"slices"
	"time"

	"cronica/eventstore"
	"cronica/realtime"
)

// hubWatch notes when the hub's position moves, to split a push's latency:
// commit to the hub having handled the event (the read models committed
// it, the gate let it through, its messages are queued), then the fan-out.
type hubWatch struct {
	done  chan struct{}
	moves chan []hubMove
}

type hubMove struct {
	pos eventstore.Position
	at  time.Time
}

// watchHub polls hub's position every 500µs until stop.
func watchHub(hub *realtime.Hub) *hubWatch {
	w := &hubWatch{done: make(chan struct{}), moves: make(chan []hubMove, 1)}
	go func() {
		var moves []hubMove
		last := hub.Position()
		tick := time.NewTicker(500 * time.Microsecond)
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				w.moves <- moves
				return
			case <-tick.C:
				if p := hub.Position(); p != last {
					moves, last = append(moves, hubMove{pos: p, at: time.Now()}), p
				}
			}
		}
	}()
	return w
}

// stop ends the watch and returns, for every position of sent, how long
// after its commit the hub had handled it, sorted.
func (w *hubWatch) stop(sent map[uint64]time.Time) []time.Duration {
	close(w.done)
	moves := <-w.moves
	var out []time.Duration
	for pos, committed := range sent {
		i, _ := slices.BinarySearchFunc(moves, eventstore.Position(pos), func(m hubMove, p eventstore.Position) int {
			return cmpPosition(m.pos, p)
		})
		if i < len(moves) {
			out = append(out, max(moves[i].at.Sub(committed), 0))
		}
	}
	slices.Sort(out)
	return out
}

func cmpPosition(a, b eventstore.Position) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
