package taskview

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"cronica/domain/calendar"
)

// The board reads thousands of cards; scanning them value by value was
// most of its time and its garbage (cronica bench tasks). scanBoard reads
// the rows' binary values itself: every text of the board copied into one
// buffer, made into one string, each field a substring of it; every
// array element likewise into one []string. A card then costs no
// allocation of its own.

// boardSQL reads the board's cards (without their list's id and project).
const boardSQL = `SELECT task_id, title, status, done, rank, priority, assignees, labels, due_date, parent_id, comment_count, version,
	subtasks_total, subtasks_done, blocked FROM ` + TableTasks + ` WHERE org_id = $1 AND list_id = $2 AND NOT archived`

// boardTypes are boardSQL's column types, in order.
var boardTypes = []uint32{pgtype.TextOID, pgtype.TextOID, pgtype.TextOID, pgtype.BoolOID, pgtype.TextOID, pgtype.TextOID,
	pgtype.TextArrayOID, pgtype.TextArrayOID, pgtype.DateOID, pgtype.TextOID, pgtype.Int4OID, pgtype.Int8OID, pgtype.Int4OID,
	pgtype.Int4OID, pgtype.BoolOID}

// errNotBinary: the rows are not in the binary formats scanBoard reads
// (another query mode, a changed column type); the caller scans them the
// ordinary way.
var errNotBinary = errors.New("taskview: the board's rows are not in the binary formats expected")

// span is a value's place in the board's text buffer.
type span struct{ from, to int32 }

// rawCard is a card read, its texts as spans.
type rawCard struct {
	id, title, status, rank, priority, parent span
	assignees, labels                         span // of elements
	due                                       calendar.Date
	done, blocked                             bool
	comments, total, doneSubs                 int32
	version                                   int64
}

// epoch is day 0 of PostgreSQL's binary dates.
var epoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// scanBoard reads every row of rows (boardSQL's, requested in binary) as
// cards of list l.
func scanBoard(rows pgx.Rows, l ListView) ([]CardView, error) {
	defer rows.Close()
	fds := rows.FieldDescriptions()
	if len(fds) != len(boardTypes) {
		return nil, errNotBinary
	}
	for i, fd := range fds {
		if fd.Format != pgx.BinaryFormatCode || fd.DataTypeOID != boardTypes[i] {
			return nil, errNotBinary
		}
	}
	var (
		text  []byte
		elems []span
		raws  []rawCard
	)
	add := func(b []byte) span {
		from := len(text)
		text = append(text, b...)
		return span{int32(from), int32(len(text))}
	}
	array := func(b []byte) (span, error) {
		from := int32(len(elems))
		if len(b) < 12 {
			return span{}, fmt.Errorf("taskview: board: a text array of %d bytes", len(b))
		}
		ndim := binary.BigEndian.Uint32(b)
		if ndim == 0 {
			return span{from, from}, nil
		}
		if ndim != 1 || len(b) < 20 {
			return span{}, fmt.Errorf("taskview: board: a text array of %d dimensions", ndim)
		}
		n, rest := int(binary.BigEndian.Uint32(b[12:])), b[20:]
		for range n {
			if len(rest) < 4 {
				return span{}, errors.New("taskview: board: a text array cut short")
			}
			size := int32(binary.BigEndian.Uint32(rest))
			if size < 0 || int(size) > len(rest)-4 {
				return span{}, errors.New("taskview: board: a null or cut text in an array")
			}
			elems = append(elems, add(rest[4:4+size]))
			rest = rest[4+size:]
		}
		return span{from, int32(len(elems))}, nil
	}
	for rows.Next() {
		v := rows.RawValues()
		for _, i := range []int{0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12, 13, 14} { // all but due_date are NOT NULL
			if v[i] == nil {
				return nil, fmt.Errorf("taskview: board: column %d is null", i)
			}
		}
		if len(v[3]) != 1 || len(v[14]) != 1 || len(v[10]) != 4 || len(v[11]) != 8 || len(v[12]) != 4 || len(v[13]) != 4 ||
			(v[8] != nil && len(v[8]) != 4) {
			return nil, errors.New("taskview: board: a value of an unexpected size")
		}
		r := rawCard{id: add(v[0]), title: add(v[1]), status: add(v[2]), done: v[3][0] == 1, rank: add(v[4]), priority: add(v[5]),
			parent: add(v[9]), comments: int32(binary.BigEndian.Uint32(v[10])), version: int64(binary.BigEndian.Uint64(v[11])),
			total: int32(binary.BigEndian.Uint32(v[12])), doneSubs: int32(binary.BigEndian.Uint32(v[13])), blocked: v[14][0] == 1}
		var err error
		if r.assignees, err = array(v[6]); err != nil {
			return nil, err
		}
		if r.labels, err = array(v[7]); err != nil {
			return nil, err
		}
		if v[8] != nil {
			r.due = calendar.DateOf(epoch.AddDate(0, 0, int(int32(binary.BigEndian.Uint32(v[8])))))
		}
		raws = append(raws, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("taskview: board of %s: %w", l.ListID, err)
	}
	all := string(text)
	str := func(s span) string { return all[s.from:s.to] }
	strs := make([]string, len(elems)+1) // never nil: an empty array is an empty slice
	for i, e := range elems {
		strs[i] = str(e)
	}
	list := func(s span) []string { return strs[s.from:s.to:s.to] }
	cards := make([]CardView, len(raws))
	for i, r := range raws {
		cards[i] = CardView{TaskID: str(r.id), ListID: l.ListID, ProjectID: l.ProjectID, Title: str(r.title), Status: str(r.status),
			Done: r.done, Rank: str(r.rank), Priority: str(r.priority), Assignees: list(r.assignees), Labels: list(r.labels),
			Due: r.due, ParentID: str(r.parent), SubtasksTotal: int(r.total), SubtasksDone: int(r.doneSubs),
			CommentCount: int(r.comments), Blocked: r.blocked, Version: uint64(r.version)}
	}
	return cards, nil
}
