package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/google/uuid"

	usecase "cronica/commands"
	"cronica/domain/chat"
	"cronica/eventstore"
	"cronica/internal/bench"
	"cronica/projections/search"
)

const benchSearchSummary = "Measure the search index: --messages chat messages across --channels channels by --people people\n" +
	"(1-3 sentences of Romanian and English words, with diacritics, word frequencies following Zipf's law, dates\n" +
	"over a year) are encoded as MessagePosted events with the commands' codec and indexed through the search\n" +
	"projector's own Apply (searchindex.Index.Apply, --batch events a commit; the event store is not in the way),\n" +
	"until the index is persisted (docs/s). Then --queries queries (1-3 words of the vocabulary, a third with a\n" +
	"filter: a channel, an author or a month) as --users different users, each with their permission clause (20 to\n" +
	"60 channel tokens, the people and project tokens), facets and highlighting, one after the other (p50, p99).\n" +
	"The index lives in a scratch directory under CRONICA_DATA_DIR, removed at the end.\n" +
	"The last line is `index_docs_per_s=<a> query_p99_ms=<b>`."

// benchSearchParams are bench search's flags.
type benchSearchParams struct {
	messages, channels, people, queries, users, batch, slowest int
	cpuProfile, reuse                                          string
	keep                                                       bool
}

// runBenchSearch is `cronica bench search`.
func runBenchSearch(ctx context.Context, e env, args []string) int {
	fs := flag.NewFlagSet("bench search", flag.ContinueOnError)
	p := benchSearchParams{}
	fs.IntVar(&p.messages, "messages", 1_000_000, "messages to index")
	fs.IntVar(&p.channels, "channels", 500, "channels the messages are posted in")
	fs.IntVar(&p.people, "people", 2000, "authors")
	fs.IntVar(&p.queries, "queries", 1000, "measured queries")
	fs.IntVar(&p.users, "users", 100, "users the queries are made as (each with their own channels)")
	fs.IntVar(&p.batch, "batch", 5000, "events a commit to the index")
	fs.StringVar(&p.cpuProfile, "cpuprofile", "", "write a CPU profile of the indexing and the queries to this file (go tool pprof)")
	fs.IntVar(&p.slowest, "slowest", 0, "also print the slowest N queries: their words, filter, tokens and totals")
	fs.BoolVar(&p.keep, "keep", false, "keep the scratch index directory (its path is printed)")
	fs.StringVar(&p.reuse, "reuse", "", "query the index a --keep run left in this directory instead of indexing (the same flags)")
	cfg, code, done := parseFlags(fs, args, e, benchSearchSummary)
	if done {
		return code
	}
	if p.messages < 100 || p.channels < 2 || p.people < 2 || p.queries < 1 || p.users < 1 || p.batch < 1 {
		fmt.Fprintln(e.stderr, "cronica bench search: --messages must be at least 100, --channels and --people at least 2, --queries, --users and --batch at least 1")
		return exitUsage
	}
	if err := benchSearch(ctx, cfg, e.stdout, p); err != nil {
		fmt.Fprintf(e.stderr, "cronica bench search: %v\n", err)
		return exitFailure
	}
	return exitOK
}

// benchSearchOrg is the organisation of every message of the bench.
const benchSearchOrg = "0193a000-0000-7000-8000-00000000b0b0"

// searchCorpus generates the messages and the queries, deterministically.
type searchCorpus struct {
	words    []string
	channels []string
	people   []string
	zipf     *rand.Zipf
	rng      *rand.Rand
	start    time.Time
}

// benchVocabulary is the base of the vocabulary: Romanian (with its
// diacritics) and English words of project work; more words are derived
// from them, so frequent and rare words both exist.
var benchVocabulary = strings.Fields(`ședință proiect raport buget cheltuieli pontaj contract audit echipă termen livrabil
	întâlnire mâine astăzi săptămână lună trimestru plată factură achiziție licitație beneficiar partener consorțiu
	cerere finanțare rambursare document anexă semnătură aprobare revizuire propunere activitate rezultat indicator
	diseminare conferință articol publicare raportare monitorizare evaluare risc întârziere prelungire modificare
	meeting project report budget costs timesheet deadline deliverable partner review approve invoice payment travel
	workshop paper draft final version update plan schedule milestone task issue fix deploy server data analysis
	și sau dar pentru despre până după înainte nouă vechi urgent important mulțumesc salut vă rog confirmați
	the and for with about before after new old please thanks confirm check send share`)

func newSearchCorpus(p benchSearchParams) *searchCorpus {
	rng := rand.New(rand.NewPCG(11, 2026))
	c := &searchCorpus{rng: rng, start: time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)}
	c.words = append(c.words, benchVocabulary...)
	suffixes := []string{"ul", "ului", "ele", "ilor", "ă", "ii", "s", "ing", "ed", "ări"}
	for _, w := range benchVocabulary {
		for _, s := range suffixes {
			c.words = append(c.words, w+s)
		}
	}
	rng.Shuffle(len(c.words), func(i, j int) { c.words[i], c.words[j] = c.words[j], c.words[i] })
	c.zipf = rand.NewZipf(rng, 1.1, 2, uint64(len(c.words)-1))
	id := func(kind string, i int) string {
		return uuid.NewSHA1(uuid.NameSpaceOID, []byte(kind+strconv.Itoa(i))).String()
	}
	for i := range p.channels {
		c.channels = append(c.channels, id("channel", i))
	}
	for i := range p.people {
		c.people = append(c.people, id("person", i))
	}
	return c
}

func (c *searchCorpus) word() string { return c.words[c.zipf.Uint64()] }

// body is a message of 5 to 40 words.
func (c *searchCorpus) body(sb *strings.Builder) string {
	sb.Reset()
	n := 5 + c.rng.IntN(36)
	for i := range n {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(c.word())
	}
	return sb.String()
}

// events fills out with messages first, first+1, … as recorded events:
// the data encoded by the commands' codec, dated over a year.
func (c *searchCorpus) events(codec *usecase.Codec, first, total int, out []eventstore.RecordedEvent, sb *strings.Builder) error {
	const span = 365 * 24 * time.Hour
	for i := range out {
		n := first + i
		id := uuid.NewSHA1(uuid.NameSpaceOID, []byte("message"+strconv.Itoa(n)))
		author := c.people[c.rng.IntN(len(c.people))]
		m := &chat.MessagePosted{MessageID: id.String(), ChannelID: c.channels[c.rng.IntN(len(c.channels))], OrgID: benchSearchOrg,
			AuthorAccountID: author, AuthorPersonID: author, Body: c.body(sb), Mentions: []string{}, Attachments: []chat.Attachment{}}
		data, err := codec.Encode(m)
		if err != nil {
			return err
		}
		out[i] = eventstore.RecordedEvent{Position: eventstore.Position(n + 1), StreamID: chat.MessageStreamOf(m.MessageID), ID: id,
			Type: chat.TypeMessagePosted, Data: data,
			Metadata: eventstore.Metadata{ActorID: author, OrgID: benchSearchOrg, RecordedAt: c.start.Add(span / time.Duration(total) * time.Duration(n))}}
	}
	return nil
}

// user is who a query is made as: the tokens of 20 to 60 channels, the
// people's and a few projects'.
func (c *searchCorpus) user() (channels, tokens []string) {
	perm := c.rng.Perm(len(c.channels))[:min(len(c.channels), 20+c.rng.IntN(41))]
	for _, i := range perm {
		channels = append(channels, c.channels[i])
		tokens = append(tokens, search.ChannelToken(c.channels[i]))
	}
	tokens = append(tokens, search.PeopleToken(benchSearchOrg))
	for i := range 3 {
		tokens = append(tokens, search.ProjectToken(uuid.NewSHA1(uuid.NameSpaceOID, []byte("project"+strconv.Itoa(i))).String()))
	}
	return channels, tokens
}

// query is a realistic query of u: 1 to 3 words, a third of them with a
// filter (one of the user's channels, an author, a month).
func (c *searchCorpus) query(channels, tokens []string, now time.Time) search.Request {
	// People search for content words, not the most frequent ones: the
	// words of a query are drawn uniformly from the vocabulary (so some are
	// frequent, most are not), while messages follow Zipf's law.
	n := 1 + c.rng.IntN(3)
	words := make([]string, n)
	for i := range words {
		words[i] = c.words[c.rng.IntN(len(c.words))]
	}
	r := search.Request{OrgID: benchSearchOrg, Tokens: tokens, Text: strings.Join(words, " "), Limit: 20, Now: now}
	switch c.rng.IntN(9) {
	case 0:
		r.Channels = []string{channels[c.rng.IntN(len(channels))]}
	case 1:
		r.Authors = []string{c.people[c.rng.IntN(len(c.people))]}
	case 2:
		r.From = c.start.AddDate(0, c.rng.IntN(11), 0)
		r.To = r.From.AddDate(0, 1, 0)
	}
	return r
}

// benchSearch runs the bench: index, then query.
func benchSearch(ctx context.Context, cfg Config, out io.Writer, p benchSearchParams) (err error) {
	dir := p.reuse
	if dir == "" {
		if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
			return fmt.Errorf("data directory: %w", err)
		}
		if dir, err = os.MkdirTemp(cfg.DataDir, "bench-search-"); err != nil {
			return fmt.Errorf("scratch directory: %w", err)
		}
		if !p.keep {
			defer os.RemoveAll(dir)
		}
	}
	codec, err := newCodec()
	if err != nil {
		return err
	}
	if p.cpuProfile != "" {
		f, err := os.Create(p.cpuProfile)
		if err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return fmt.Errorf("cpu profile: %w", err)
		}
		defer pprof.StopCPUProfile()
	}
	fmt.Fprintf(out, "bench search: %d messages in %d channels by %d people, batches of %d, index in %s\n",
		p.messages, p.channels, p.people, p.batch, dir)

	corpus := newSearchCorpus(p)
	docsPerS := 0.0
	if p.reuse == "" {
		if docsPerS, err = benchIndex(ctx, codec, corpus, dir, out, p); err != nil {
			return err
		}
	}

	// Query, as users with their permission clauses, one at a time.
	ix, err := search.Open(dir, nil)
	if err != nil {
		return err
	}
	defer ix.Close()
	now := corpus.start.AddDate(1, 0, 0)
	users := make([][2][]string, p.users)
	for i := range users {
		users[i][0], users[i][1] = corpus.user()
	}
	for i := range min(50, p.queries) { // warm-up, not measured
		u := users[i%len(users)]
		if _, err := search.Query(ctx, ix, corpus.query(u[0], u[1], now)); err != nil {
			return err
		}
	}
	latencies := make([]time.Duration, p.queries)
	var hits, filtered uint64
	var timed []timedQuery
	for i := range latencies {
		u := users[i%len(users)]
		r := corpus.query(u[0], u[1], now)
		started := time.Now()
		res, err := search.Query(ctx, ix, r)
		latencies[i] = time.Since(started)
		if err != nil {
			return err
		}
		if p.slowest > 0 {
			timed = append(timed, timedQuery{r: r, took: latencies[i], total: res.Total})
		}
		hits += res.Total
		if len(r.Channels) > 0 || len(r.Authors) > 0 || !r.From.IsZero() {
			filtered++
		}
	}
	// The baseline, in the same run: each query's words alone, straight on
	// the index (no organisation, permission clause, filter, facet or
	// highlight): what Bleve costs for the text itself.
	bare := make([]time.Duration, p.queries)
	for i := range bare {
		u := users[i%len(users)]
		text := corpus.query(u[0], u[1], now).Text
		q := bleve.NewMatchQuery(strings.Trim(text, `"`))
		q.SetField(search.FieldContent)
		started := time.Now()
		if _, err := ix.SearchInContext(ctx, bleve.NewSearchRequestOptions(q, search.DefaultLimit, 0, false)); err != nil {
			return fmt.Errorf("bench search: baseline: %w", err)
		}
		bare[i] = time.Since(started)
	}
	slices.Sort(bare)
	slices.Sort(latencies)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
	p50, p99 := bench.Percentile(latencies, 0.50), bench.Percentile(latencies, 0.99)
	b50, b99 := bench.Percentile(bare, 0.50), bench.Percentile(bare, 0.99)
	fmt.Fprintf(out, "  (0) baseline, the words alone on the index: p50 %.1f ms  p99 %.1f ms\n", ms(b50), ms(b99))
	fmt.Fprintf(out, "  %d queries as %d users (%d with a filter), %.0f permitted hits a query on average: p50 %.1f ms  p99 %.1f ms  max %.1f ms (ratio to the baseline p50 %.1f, p99 %.1f)\n",
		p.queries, p.users, filtered, float64(hits)/float64(p.queries), ms(p50), ms(p99), ms(latencies[len(latencies)-1]),
		float64(p50)/float64(max(b50, 1)), float64(p99)/float64(max(b99, 1)))
	printSlowest(out, timed, p.slowest)
	fmt.Fprintf(out, "index_docs_per_s=%.0f query_p99_ms=%.1f\n", docsPerS, ms(p99))
	return nil
}

// timedQuery is a measured query, for --slowest.
type timedQuery struct {
	r     search.Request
	took  time.Duration
	total uint64
}

// printSlowest prints the n slowest of the timed queries, slowest first.
func printSlowest(out io.Writer, timed []timedQuery, n int) {
	slices.SortFunc(timed, func(a, b timedQuery) int { return int(b.took - a.took) })
	for _, q := range timed[:min(n, len(timed))] {
		filter := "none"
		switch {
		case len(q.r.Channels) > 0:
			filter = "channel"
		case len(q.r.Authors) > 0:
			filter = "author"
		case !q.r.From.IsZero():
			filter = "month"
		}
		fmt.Fprintf(out, "  slow: %6.1f ms  %q  filter %s, %d tokens, %d permitted hits\n",
			float64(q.took.Microseconds())/1000, q.r.Text, filter, len(q.r.Tokens), q.total)
	}
}

// benchIndex indexes the corpus's messages into a new index in dir, and
// returns docs/s: the time of Apply and of the final persisting, not of
// generating the events.
func benchIndex(ctx context.Context, codec *usecase.Codec, corpus *searchCorpus, dir string, out io.Writer, p benchSearchParams) (float64, error) {
	ix, err := search.Open(dir, nil)
	if err != nil {
		return 0, err
	}
	batch := make([]eventstore.RecordedEvent, p.batch)
	var sb strings.Builder
	var indexing time.Duration
	lastReport := time.Now()
	for first := 0; first < p.messages; first += p.batch {
		if err := ctx.Err(); err != nil {
			ix.Close()
			return 0, err
		}
		b := batch[:min(p.batch, p.messages-first)]
		if err := corpus.events(codec, first, p.messages, b, &sb); err != nil {
			ix.Close()
			return 0, err
		}
		started := time.Now()
		if err := ix.Apply(b); err != nil {
			ix.Close()
			return 0, err
		}
		indexing += time.Since(started)
		if time.Since(lastReport) >= 10*time.Second {
			lastReport = time.Now()
			fmt.Fprintf(out, "  indexed %d messages, %.0f docs/s so far\n", first+len(b), float64(first+len(b))/indexing.Seconds())
		}
	}
	started := time.Now()
	if err := ix.Close(); err != nil { // waits for the index to be persisted
		return 0, err
	}
	indexing += time.Since(started)
	docsPerS := float64(p.messages) / indexing.Seconds()
	size, _ := dirSize(dir)
	fmt.Fprintf(out, "  indexed %d messages in %s: %.0f docs/s (persisted: %.0f MiB on disk)\n",
		p.messages, indexing.Round(time.Millisecond), docsPerS, float64(size)/(1<<20))

	return docsPerS, nil
}

// dirSize is the bytes of the files under dir.
func dirSize(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	return n, err
}
