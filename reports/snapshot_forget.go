package reports

// Forget lets go of streams the snapshot has read, so a report over many
// streams (a year of an organisation's timesheets) can fold them in
// batches without holding them all. A stream read again after it is
// forgotten is read again from the store, and gives the same events (the
// snapshot's position is fixed); the effective position keeps counting
// the forgotten ones.
func (s *Snapshot) Forget(streams []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, id := range streams {
		delete(s.streams, id)
	}
}
