// Package control lets `cronica projections rebuild` reach the processes
// that hold a search index. A search index is one process's at a time (each
// `cronica serve` holds the one in its own data directory), so the command
// cannot rebuild it itself while serve runs; it asks them.
//
// Each holder registers its index in cronica_search_instances and keeps a
// heartbeat there (every 2 s, with the index's generation and checkpoint);
// it is live while its heartbeat is younger than 10 s by the database's
// clock, and removes its row when it stops. RequestRebuild writes a rebuild
// row with one target row per live holder and announces it with NOTIFY; each
// holder (LISTENing, and looking again at every heartbeat in case a
// notification was lost) claims its own targets one at a time, runs the
// index's online Rebuild (searches are served from the old generation until
// the swap), and writes its progress and result into its target row. Wait
// follows the targets until every one is done or failed; a holder that stops
// beating before it finished counts as failed. The command giving up (Ctrl-C)
// leaves the rebuilds running.
//
// It owns those three tables. It must not open or read an index itself (a
// holder's index is given to it as an Index), append events, or keep global
// state.
package control
