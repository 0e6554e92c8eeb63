package sealer_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/seal"
)

// BenchmarkRoot is the Merkle root over n sorted heads from scratch (what
// a first seal and a seal's check against its leaf record cost).
func BenchmarkRoot(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("heads=%d", n), func(b *testing.B) {
			hs := make([]seal.Head, n)
			for i := range hs {
				hs[i] = seal.Head{Stream: eventstore.StreamID("timesheet", uuid.NewSHA1(uuid.NameSpaceOID, []byte(strconv.Itoa(i)))),
					Version: uint64(i % 40), Hash: sha256.Sum256([]byte(strconv.Itoa(i)))}
			}
			if err := seal.Sort(hs); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				seal.Root(hs)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/head")
		})
	}
}

// benchStreams is the number of streams BenchmarkSeal seals:
// CRONICA_BENCH_SEAL_STREAMS, default 20,000 (each appended through the
// store, which takes a while on the 2-core machines).
func benchStreams(b *testing.B) int {
	if v := os.Getenv("CRONICA_BENCH_SEAL_STREAMS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("CRONICA_BENCH_SEAL_STREAMS=%q", v)
		}
		return n
	}
	return 20_000
}

// BenchmarkSeal seals a log of N streams against PostgreSQL: the first
// seal (the whole log read, N leaves written), and a daily-style seal after
// 1,000 streams changed (the leaf set read and checked, the new events
// read, 1,000 leaves written).
func BenchmarkSeal(b *testing.B) {
	n := benchStreams(b)
	w := newWorld(b, "bench", pgstore.Options{})
	streams := make([]string, n)
	for i := range streams {
		streams[i] = newStream()
	}
	appendAll(b, w, streams)
	b.Run(fmt.Sprintf("first/streams=%d", n), func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			// Unseal: the seals deleted (triggers off), the leaves emptied.
			_, err := w.pool.Exec(context.Background(), `ALTER TABLE cronica_events DISABLE TRIGGER USER;
				DELETE FROM cronica_events WHERE stream_id LIKE 'auditseal-%';
				ALTER TABLE cronica_events ENABLE TRIGGER USER;
				TRUNCATE cronica_seal_leaves`)
			if err != nil {
				b.Fatal(err)
			}
			s := w.newSealer(b, w.openStore(b, pgstore.Options{}))
			b.StartTimer()
			if res, err := s.Seal(context.Background()); err != nil || !res.Sealed || res.Seal.Streams != n {
				b.Fatalf("seal: %+v, %v", res, err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/stream")
	})
	b.Run(fmt.Sprintf("incremental/streams=%d/changed=1000", n), func(b *testing.B) {
		s := w.newSealer(b, w.store)
		if _, err := s.Seal(context.Background()); err != nil {
			b.Fatal(err)
		}
		for i := 0; b.Loop(); i++ {
			b.StopTimer()
			changed := make([]string, 1000)
			for j := range changed {
				changed[j] = streams[(i*1000+j*7)%n]
			}
			appendAll(b, w, dedupeStreams(changed))
			b.StartTimer()
			if res, err := s.Seal(context.Background()); err != nil || !res.Sealed {
				b.Fatalf("seal: %+v, %v", res, err)
			}
		}
	})
}

// appendAll appends one event to each stream, four appenders at a time.
func appendAll(b *testing.B, w *world, streams []string) {
	b.Helper()
	start := time.Now()
	var wg sync.WaitGroup
	for k := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < len(streams); i += 4 {
				id := uuid.Must(uuid.NewV7())
				data, _ := json.Marshal(map[string]int{"hours": i % 9})
				if _, err := w.store.Append(context.Background(), eventstore.AppendRequest{Stream: streams[i], Expected: eventstore.Any(),
					Events: []eventstore.EventData{{ID: id, Type: "TimeEntryRecorded.v1", Data: data,
						Metadata: eventstore.Metadata{ActorID: "person-1", OrgID: "org-1", CorrelationID: id.String()}}}}); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if len(streams) > 5000 {
		b.Logf("appended to %d streams in %s", len(streams), time.Since(start).Round(time.Millisecond))
	}
}

func dedupeStreams(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
