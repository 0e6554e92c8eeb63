package sealer_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"cronica/domain/audit"
	"cronica/eventstore"
	"cronica/eventstore/pgstore"
	"cronica/eventstore/sealer"
	"cronica/test/pgtest"
)

// scene is a log of three streams, a (5 events), b (3) and c (2), appended
// in that order and sealed (seal #0), then whatever the case adds.
type scene struct {
	w       *world
	a, b, c string
	seal0   sealer.Record
}

func newScene(t *testing.T, name string) *scene {
	t.Helper()
	w := newWorld(t, name, pgstore.Options{})
	s := &scene{w: w, a: newStream(), b: newStream(), c: newStream()}
	w.add(t, s.a, 5)
	w.add(t, s.b, 3)
	w.add(t, s.c, 2)
	s.seal0 = w.seal(t).Seal
	return s
}

type found struct {
	kind   sealer.FindingKind
	stream string
	says   string
}

// Each way of altering the log or the leaf record with SQL is found by the
// walk of audit verify, and named.
func TestCheckNamesWhatChanged(t *testing.T) {
	cases := []struct {
		name   string
		alter  func(t *testing.T, s *scene)
		want   func(s *scene) []found
		broken string // the stream of the broken chain link, when the chain finds it
	}{
		{name: "deleted_last_event", alter: func(t *testing.T, s *scene) {
			s.w.tamper(t, `DELETE FROM cronica_events WHERE stream_id = $1 AND version = 4`, s.a)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", "do not hash to its root"},
				{sealer.FindingEventsDeleted, s.a, "sealed at version 4, the log has version 3 at the seal: events after version 3 were deleted"}}
		}},
		{name: "deleted_stream", alter: func(t *testing.T, s *scene) {
			s.w.tamper(t, `DELETE FROM cronica_events WHERE stream_id = $1`, s.b)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""},
				{sealer.FindingStreamDeleted, s.b, "sealed at version 2, absent from the log: the stream was deleted"}}
		}},
		{name: "event_moved_before_the_seal", alter: func(t *testing.T, s *scene) {
			s.w.add(t, s.a, 1) // a's version 5, after the seal
			s.w.tamper(t, `UPDATE cronica_events SET position = $2 WHERE stream_id = $1 AND version = 5`, s.a, s.w.position(t, s.a, 4)+1)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""},
				{sealer.FindingMovedBefore, s.a, "version 5 at the seal in the log, sealed at version 4: an event was moved before the seal (reordered) or inserted"}}
		}},
		{name: "event_moved_after_the_seal", alter: func(t *testing.T, s *scene) {
			s.w.tamper(t, `UPDATE cronica_events SET position = $2 WHERE stream_id = $1 AND version = 4`, s.a, int64(s.seal0.Position)+1)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""},
				{sealer.FindingMovedAfter, s.a, "sealed at version 4, the log has version 3 at the seal and version 4 only after it"}}
		}},
		{name: "stream_moved_after_the_seal", alter: func(t *testing.T, s *scene) {
			after := int64(s.seal0.Position)
			s.w.tamper(t, `UPDATE cronica_events SET position = $2::bigint + 1 + version WHERE stream_id = $1`, s.c, after)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""},
				{sealer.FindingStreamMovedAfter, s.c, "the stream's events were moved after the seal"}}
		}},
		{name: "new_stream_moved_before_the_seal", alter: func(t *testing.T, s *scene) {
			d := newStream()
			s.w.add(t, d, 1)
			s.w.tamper(t, `UPDATE cronica_events SET position = $2 WHERE stream_id = $1`, d, s.w.position(t, s.a, 0)+1)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""}, {sealer.FindingNotSealed, "", "in the log before the seal but not sealed (version 0 at the seal)"}}
		}},
		{name: "stream_rewritten_with_its_hashes", alter: func(t *testing.T, s *scene) {
			evs, err := s.w.store.ReadStream(ctx, s.b, 2, 1)
			pgtest.Must(t, err, "read b")
			ev := evs[0]
			data := json.RawMessage(`{"note":"rewritten"}`)
			meta, err := eventstore.EncodeMetadata(ev.Metadata)
			pgtest.Must(t, err, "metadata")
			hash := eventstore.ChainHash(ev.PrevHash, ev.Version, eventstore.ContentDigest(ev.StreamID, ev.ID, ev.Type, data, meta))
			s.w.tamper(t, `UPDATE cronica_events SET data = $2, hash = $3 WHERE stream_id = $1 AND version = 2`, s.b, string(data), hash[:])
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingSealMismatch, "", ""}, {sealer.FindingRewritten, s.b, "the stream was rewritten and its hashes recomputed"}}
		}},
		{name: "events_swapped_within_a_stream", alter: func(t *testing.T, s *scene) {
			p1, p2 := s.w.position(t, s.a, 1), s.w.position(t, s.a, 2)
			move := `UPDATE cronica_events SET position = $3 WHERE stream_id = $1 AND version = $2`
			s.w.tamper(t, move, s.a, 1, p1+1) // a free position first: the primary key is checked row by row
			s.w.tamper(t, move, s.a, 2, p1)
			s.w.tamper(t, move, s.a, 1, p2)
		}, broken: "a"},
		{name: "leaf_record_altered", alter: func(t *testing.T, s *scene) {
			_, err := s.w.pool.Exec(ctx, `UPDATE cronica_seal_leaves SET version = 7 WHERE stream_id = $1`, s.b)
			pgtest.Must(t, err, "alter a leaf")
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingLeavesAltered, "", "the leaf record was altered"}}
		}},
		{name: "leaf_row_deleted", alter: func(t *testing.T, s *scene) {
			_, err := s.w.pool.Exec(ctx, `DELETE FROM cronica_seal_leaves WHERE stream_id = $1`, s.c)
			pgtest.Must(t, err, "delete a leaf")
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingLeavesAltered, "", "the leaf record was altered"}}
		}},
		{name: "leaf_hash_cut_short", alter: func(t *testing.T, s *scene) {
			_, err := s.w.pool.Exec(ctx, `UPDATE cronica_seal_leaves SET hash = '\x0102' WHERE stream_id = $1`, s.c)
			pgtest.Must(t, err, "cut a leaf")
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingLeavesAltered, "", "is not a head"}}
		}},
		{name: "leaf_table_dropped", alter: func(t *testing.T, s *scene) {
			_, err := s.w.pool.Exec(ctx, `DROP TABLE cronica_seal_leaves`)
			pgtest.Must(t, err, "drop the leaves")
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingLeavesAltered, "", "cronica_seal_leaves is missing"}}
		}},
		{name: "leaf_record_and_log_altered", alter: func(t *testing.T, s *scene) {
			_, err := s.w.pool.Exec(ctx, `UPDATE cronica_seal_leaves SET version = 7 WHERE stream_id = $1`, s.b)
			pgtest.Must(t, err, "alter a leaf")
			s.w.tamper(t, `DELETE FROM cronica_events WHERE stream_id = $1 AND version = 4`, s.a)
		}, want: func(s *scene) []found {
			return []found{{sealer.FindingUnnamed, "", "leaf record was altered too, so the streams cannot be named"}}
		}},
		{name: "log_cut_before_the_seal", alter: func(t *testing.T, s *scene) {
			// The seal's last event deleted and the seal's own event moved
			// before its position: the walk ends short of it.
			s.w.tamper(t, `DELETE FROM cronica_events WHERE position = $1`, int64(s.seal0.Through))
			s.w.tamper(t, `UPDATE cronica_events SET position = $2 WHERE stream_id = $1`, audit.SealStream(), int64(s.seal0.Through)-1)
		}, want: func(s *scene) []found {
			// (Findings are in stream order: auditseal-… before timesheet-….)
			return []found{{sealer.FindingSealMismatch, "", ""}, {sealer.FindingNotSealed, audit.SealStream(), ""},
				{sealer.FindingEventsDeleted, s.c, "sealed at version 1, the log has version 0"},
				{sealer.FindingNotReached, "", "events at the end of the log were deleted"}}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := newScene(t, tc.name)
			tc.alter(t, s)
			c, broken := walk(t, s.w.store, s.w.pool)
			if tc.broken != "" {
				if broken == nil || broken.Stream != s.a {
					t.Fatalf("broken link %v, want one in %s", broken, s.a)
				}
				return
			}
			if broken != nil {
				t.Fatalf("the chain broke: %v", broken)
			}
			want := tc.want(s)
			got := c.Findings()
			if len(got) != len(want) || c.Failed() != 1 {
				t.Fatalf("findings (%d failed):\n%s\nwant %d", c.Failed(), lines(got), len(want))
			}
			for i, w := range want {
				if got[i].Kind != w.kind || (w.stream != "" && got[i].Stream != w.stream) || !strings.Contains(got[i].String(), w.says) {
					t.Errorf("finding %d: %s (%s), want %s %s %q", i, got[i], got[i].Kind, w.kind, w.stream, w.says)
				}
				if w.stream != "" && !strings.Contains(got[i].String(), "stream "+w.stream+": ") && got[i].Kind != sealer.FindingSealMismatch {
					t.Errorf("finding %d does not name %s: %s", i, w.stream, got[i])
				}
			}
		})
	}
}

// A difference is named once, at the first seal it breaks, though every
// later seal differs from the log the same way.
func TestCheckNamesADifferenceOnce(t *testing.T) {
	s := newScene(t, "once")
	s.w.add(t, s.b, 1)
	s.w.seal(t)
	s.w.add(t, s.c, 1)
	s.w.seal(t)
	s.w.tamper(t, `DELETE FROM cronica_events WHERE stream_id = $1 AND version = 4`, s.a)
	c, broken := walk(t, s.w.store, s.w.pool)
	if broken != nil {
		t.Fatalf("the chain broke: %v", broken)
	}
	got := c.Findings()
	kinds := make([]sealer.FindingKind, len(got))
	for i, f := range got {
		kinds[i] = f.Kind
	}
	if c.Checked() != 3 || c.Failed() != 3 || !slices.Equal(kinds, []sealer.FindingKind{sealer.FindingSealMismatch, sealer.FindingEventsDeleted}) ||
		got[0].Seal != 0 {
		t.Fatalf("checked %d, failed %d, findings:\n%s", c.Checked(), c.Failed(), lines(got))
	}
	if _, ok := c.Last(); ok {
		t.Fatal("a seal counted as matching")
	}
}

// A seal recorded after the walk read the log is left for the next run,
// not counted as cut off.
func TestCheckSkipsSealsTheWalkDidNotReach(t *testing.T) {
	s := newScene(t, "later")
	ctx := t.Context()
	c, err := sealer.NewChecker(ctx, s.w.store, sealer.NewLeaves(s.w.pool))
	pgtest.Must(t, err, "checker")
	v := eventstore.NewChainVerifier()
	page, err := s.w.store.ReadAll(ctx, eventstore.Start, 3) // the walk stops early, as if the seal came later
	pgtest.Must(t, err, "read")
	for _, ev := range page {
		pgtest.Must(t, c.Before(ctx, ev.Position, v), "before")
		pgtest.Must(t, v.Check(ev), "check")
		c.Saw(ev)
	}
	pgtest.Must(t, c.End(ctx, v), "end")
	if c.Skipped() != 1 || c.Checked() != 0 || len(c.Findings()) != 0 {
		t.Fatalf("skipped %d checked %d findings %v", c.Skipped(), c.Checked(), c.Findings())
	}
}

func lines(fs []sealer.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.String() + "\n")
	}
	return b.String()
}
