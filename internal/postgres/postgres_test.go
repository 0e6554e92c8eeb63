package postgres

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/jackc/pgx/v5"

	"cronica/test/pgtest"
)

func TestLoadMigrationsRejectsBadNames(t *testing.T) {
	cases := []struct {
		name  string
		files fstest.MapFS
		want  string
	}{
		{"no_number", fstest.MapFS{"init.sql": {Data: []byte("SELECT 1")}}, "NNNN_name.sql"},
		{"gap", fstest.MapFS{"0001_a.sql": {Data: []byte("SELECT 1")}, "0003_c.sql": {Data: []byte("SELECT 1")}}, "expected number 2"},
		{"duplicate", fstest.MapFS{"0001_a.sql": {Data: []byte("SELECT 1")}, "0001_b.sql": {Data: []byte("SELECT 1")}}, "expected number 2"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := LoadMigrations(c.files)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error = %v, want one mentioning %q", err, c.want)
			}
		})
	}
	ok, err := LoadMigrations(fstest.MapFS{"0002_b.sql": {Data: []byte("B")}, "0001_a.sql": {Data: []byte("A")}, "README.md": {Data: []byte("x")}})
	if err != nil || len(ok) != 2 || ok[0].SQL != "A" || ok[1].Version != 2 {
		t.Fatalf("LoadMigrations = %+v, %v", ok, err)
	}
}

func TestMigrateAppliesEachOnceAndRefusesAnOlderBinary(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "postgres_migrate")
	ctx := context.Background()
	v1 := fstest.MapFS{"0001_things.sql": {Data: []byte("CREATE TABLE things (id int PRIMARY KEY)")}}
	v2 := fstest.MapFS{
		"0001_things.sql": v1["0001_things.sql"],
		"0002_more.sql":   {Data: []byte("INSERT INTO things VALUES (1); INSERT INTO things VALUES (2)")},
	}
	if applied, err := Migrate(ctx, pool, "demo", v1); err != nil || len(applied) != 1 {
		t.Fatalf("first run: applied %v, %v", applied, err)
	}
	if applied, err := Migrate(ctx, pool, "demo", v2); err != nil || len(applied) != 1 || applied[0] != 2 {
		t.Fatalf("second run: applied %v, %v", applied, err)
	}
	if applied, err := Migrate(ctx, pool, "demo", v2); err != nil || len(applied) != 0 {
		t.Fatalf("third run: applied %v, %v; want nothing", applied, err)
	}
	var n int
	pgtest.Must(t, pool.QueryRow(ctx, "SELECT count(*) FROM things").Scan(&n), "count")
	if n != 2 {
		t.Fatalf("things has %d rows, want 2: a migration ran twice or not at all", n)
	}
	if _, err := Migrate(ctx, pool, "demo", v1); err == nil || !strings.Contains(err.Error(), "older binary") {
		t.Fatalf("an older binary migrated a newer database: %v", err)
	}
	// Another component has its own numbering.
	if applied, err := Migrate(ctx, pool, "other", fstest.MapFS{"0001_x.sql": {Data: []byte("CREATE TABLE other_things (id int)")}}); err != nil || len(applied) != 1 {
		t.Fatalf("other component: applied %v, %v", applied, err)
	}
}

func TestMigrateRollsBackAFailingMigration(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "postgres_migrate_fail")
	ctx := context.Background()
	bad := fstest.MapFS{
		"0001_ok.sql":  {Data: []byte("CREATE TABLE ok_things (id int)")},
		"0002_bad.sql": {Data: []byte("CREATE TABLE half (id int); SELECT no_such_column FROM ok_things")},
	}
	applied, err := Migrate(ctx, pool, "demo", bad)
	if err == nil || len(applied) != 1 || !strings.Contains(err.Error(), "0002_bad.sql") {
		t.Fatalf("applied %v, error %v; want 0001 applied and an error naming 0002_bad.sql", applied, err)
	}
	var exists bool
	pgtest.Must(t, pool.QueryRow(ctx, "SELECT to_regclass('half') IS NOT NULL").Scan(&exists), "regclass")
	if exists {
		t.Fatalf("the failed migration's first statement was kept")
	}
}

func TestInTxCommitsOrRollsBack(t *testing.T) {
	pool, _ := pgtest.NewPool(t, "postgres_intx")
	ctx := context.Background()
	_, err := pool.Exec(ctx, "CREATE TABLE notes (body text)")
	pgtest.Must(t, err, "create")
	boom := errors.New("boom")
	err = InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "INSERT INTO notes VALUES ('lost')"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx error = %v, want the function's error", err)
	}
	pgtest.Must(t, InTx(ctx, pool, pgx.TxOptions{}, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, "INSERT INTO notes VALUES ('kept')")
		return err
	}), "commit")
	var bodies []string
	rows, err := pool.Query(ctx, "SELECT body FROM notes")
	pgtest.Must(t, err, "select")
	bodies, err = pgx.CollectRows(rows, pgx.RowTo[string])
	pgtest.Must(t, err, "collect")
	if len(bodies) != 1 || bodies[0] != "kept" {
		t.Fatalf("notes = %v, want only the committed row", bodies)
	}
}
