package projections_test

import (
	"testing"

	"cronica/projections"
)

// A projector's tables get statistics as they grow: live, every
// AnalyzeEvery events, and a rebuild's shadow tables before they go live.
func TestTablesAreAnalyzedAsTheyGrow(t *testing.T) {
	e := newEnv(t, "proj_analyze")
	analyzed := func() int {
		return count(t, e.pool, `SELECT coalesce(sum(analyze_count + autoanalyze_count), 0)::int FROM pg_stat_user_tables WHERE relname = 'notes'`)
	}
	head := write(t, e.store, "note", 500)
	stop := start(t, e, projections.Config{AnalyzeEvery: 100, MaxBatch: 50}, notes("a", "", projections.Halt))
	waitFor(t, "catch-up", reached(t, e.pool, "notes", head))
	waitFor(t, "statistics of the live table", func() (bool, error) { return analyzed() > 0, nil })
	stop()

	rt, err := projections.NewRuntime(e.store, e.pool, []projections.Projector{notes("b", "", projections.Halt)}, projections.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rt.Rebuild(t.Context(), "notes", head, func(projections.RebuildProgress) {}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "statistics of the rebuilt table", func() (bool, error) {
		return count(t, e.pool, `SELECT count(*)::int FROM pg_stat_user_tables WHERE relname = 'notes' AND last_analyze IS NOT NULL`) == 1, nil
	})
}
