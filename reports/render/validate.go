package render

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalidDocument is wrapped by every renderer's error for a Document it
// cannot render: a row whose width is not the number of columns, a number
// cell that is not a decimal, an invalid date, a zero Created, an unknown
// language, invalid UTF-8, a nil block.
var ErrInvalidDocument = errors.New("render: invalid document")

// prepared is a validated Document: blocks are values (pointers
// dereferenced), strings are cleaned of characters no format can hold, and
// every table has its sheet name.
type prepared struct {
	Document
	created time.Time // Created in UTC
	loc     locale
	tables  []*Table // the Table blocks, in order
	sheets  []string // the sheet name of each table
}

// prepare validates d and returns what the renderers draw from. It copies
// what it cleans, so the caller's Document is never changed.
func prepare(d Document) (*prepared, error) {
	if d.Lang != "ro" && d.Lang != "en" {
		return nil, invalid("language %q is neither \"ro\" nor \"en\"", d.Lang)
	}
	if d.Created.IsZero() {
		return nil, invalid("Created is zero; it must be the report's as-of instant")
	}
	p := &prepared{Document: d, created: d.Created.UTC(), loc: localeOf(d.Lang)}
	var err error
	for _, s := range []*string{&p.Title, &p.Subtitle, &p.Author, &p.Footer} {
		if *s, err = clean(*s); err != nil {
			return nil, err
		}
	}
	p.Blocks = make([]Block, 0, len(d.Blocks))
	names := make(map[string]int) // raw table name -> block index, to refuse duplicates
	for i, b := range d.Blocks {
		nb, err := prepareBlock(b)
		if err != nil {
			return nil, fmt.Errorf("render: block %d: %w", i, err)
		}
		if t, ok := nb.(Table); ok {
			if t.Name != "" {
				if j, dup := names[t.Name]; dup {
					return nil, invalid("block %d: table name %q is already the name of block %d", i, t.Name, j)
				}
				names[t.Name] = i
			}
			p.tables = append(p.tables, &t)
		}
		p.Blocks = append(p.Blocks, nb)
	}
	p.sheets = sheetNames(p.tables)
	return p, nil
}

// invalid builds an error wrapping ErrInvalidDocument.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidDocument, fmt.Sprintf(format, args...))
}

// prepareBlock validates one block and returns it as a cleaned value.
func prepareBlock(b Block) (Block, error) {
	var err error
	switch v := b.(type) {
	case nil:
		return nil, invalid("nil block")
	case Heading:
		if v.Level != 1 && v.Level != 2 {
			return nil, invalid("heading level %d is neither 1 nor 2", v.Level)
		}
		v.Text, err = clean(v.Text)
		return v, err
	case Paragraph:
		v.Text, err = clean(v.Text)
		return v, err
	case PageBreak:
		return v, nil
	case Fields:
		items := make([]Field, len(v.Items))
		for i, f := range v.Items {
			if items[i].Label, err = clean(f.Label); err != nil {
				return nil, err
			}
			if items[i].Value, err = clean(f.Value); err != nil {
				return nil, err
			}
		}
		return Fields{Items: items}, nil
	case Signatures:
		items := make([]Signature, len(v.Items))
		for i, s := range v.Items {
			for _, pair := range [][2]*string{{&items[i].Role, &s.Role}, {&items[i].Name, &s.Name}, {&items[i].Detail, &s.Detail}} {
				if *pair[0], err = clean(*pair[1]); err != nil {
					return nil, err
				}
			}
		}
		return Signatures{Items: items}, nil
	case Table:
		return prepareTable(v)
	case *Heading:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	case *Paragraph:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	case *PageBreak:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	case *Fields:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	case *Signatures:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	case *Table:
		if v == nil {
			return nil, invalid("nil block")
		}
		return prepareBlock(*v)
	}
	return nil, invalid("unknown block type %T", b)
}

// prepareTable checks every row's width and every cell against its
// column's kind, and cleans the text.
func prepareTable(t Table) (Block, error) {
	var err error
	if len(t.Columns) == 0 {
		return nil, invalid("table %q has no columns", t.Name)
	}
	if t.Name, err = clean(t.Name); err != nil {
		return nil, err
	}
	cols := make([]Column, len(t.Columns))
	for i, c := range t.Columns {
		if c.Kind < Text || c.Kind > Percent {
			return nil, invalid("table %q column %d: unknown kind %d", t.Name, i+1, c.Kind)
		}
		if c.Align < Auto || c.Align > Center {
			return nil, invalid("table %q column %d: unknown alignment %d", t.Name, i+1, c.Align)
		}
		if c.Width < 0 || c.Width != c.Width || c.Width > 1e6 {
			return nil, invalid("table %q column %d: width %v is not a relative width", t.Name, i+1, c.Width)
		}
		if c.Title, err = clean(c.Title); err != nil {
			return nil, err
		}
		cols[i] = c
	}
	t.Columns = cols
	rows := make([][]Cell, len(t.Rows))
	for r, row := range t.Rows {
		if rows[r], err = prepareRow(t, row, fmt.Sprintf("row %d", r+1)); err != nil {
			return nil, err
		}
	}
	t.Rows = rows
	if t.Footer != nil {
		if t.Footer, err = prepareRow(t, t.Footer, "footer"); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// prepareRow validates and cleans one row of t.
func prepareRow(t Table, row []Cell, where string) ([]Cell, error) {
	if len(row) != len(t.Columns) {
		return nil, invalid("table %q %s has %d cells for %d columns", t.Name, where, len(row), len(t.Columns))
	}
	out := make([]Cell, len(row))
	for i, c := range row {
		if where == "footer" && isLabel(c.Text) {
			// a label such as "Total" under any kind of column
		} else if err := checkCell(t.Columns[i].Kind, c.Text); err != nil {
			return nil, fmt.Errorf("render: table %q %s column %d (%s): %w", t.Name, where, i+1, t.Columns[i].Title, err)
		}
		text, err := clean(c.Text)
		if err != nil {
			return nil, fmt.Errorf("render: table %q %s column %d: %w", t.Name, where, i+1, err)
		}
		out[i] = Cell{Text: text, Bold: c.Bold, Shade: c.Shade}
	}
	return out, nil
}

// isLabel reports whether a footer cell is a label rather than a value: it
// holds no digit at all ("Total", "Σ"), so a mistyped number ("12,5")
// is still refused.
func isLabel(text string) bool {
	return !strings.ContainsAny(text, "0123456789")
}

// checkCell checks a cell's text against its column's kind; an empty text
// is a blank cell of any kind.
func checkCell(k Kind, text string) error {
	if text == "" {
		return nil
	}
	switch k {
	case Number, Money, Percent:
		if _, ok := parseDecimal(text); !ok {
			return invalid("%q is not a decimal like 1234.5", text)
		}
	case Integer:
		if d, ok := parseDecimal(text); !ok || strings.Contains(text, ".") {
			return invalid("%q is not an integer", text)
		} else if len(d.int) > 15 {
			return invalid("%q has more than 15 digits, more than a spreadsheet keeps", text)
		}
	case Date:
		t, err := time.Parse(isoDate, text)
		if err != nil {
			return invalid("%q is not a date like 2026-11-03", text)
		}
		if t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
			return invalid("date %s is before 1900-03-01, which spreadsheets cannot hold", text)
		}
	}
	return nil
}

// clean refuses invalid UTF-8 and drops what no format can carry: control
// characters other than tab and line feed, and the non-characters U+FFFE and
// U+FFFF. CR LF and lone CR become LF.
func clean(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", invalid("text %q is not valid UTF-8", s)
	}
	ok := true
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || r == 0xfffe || r == 0xffff {
			ok = false
			break
		}
	}
	if ok {
		return s, nil
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f || r == 0xfffe || r == 0xffff {
			return -1
		}
		return r
	}, s), nil
}

// infoSheet is the name of the XLSX sheet that holds the title, fields and
// the other blocks that are not tables.
const infoSheet = "Info"

// sheetNames gives each table an XLSX sheet name that Excel accepts: the
// characters : \ / ? * [ ] become '_', apostrophes at either end are
// dropped, at most 31 UTF-16 units are kept, an empty name becomes
// "Table N", "History" (reserved by Excel) becomes "History_", and a name
// equal to an earlier one ignoring case (or to "Info") gets " (2)", " (3)".
func sheetNames(tables []*Table) []string {
	taken := map[string]bool{strings.ToLower(infoSheet): true}
	names := make([]string, len(tables))
	for i, t := range tables {
		base := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`:\/?*[]`, r) || r < 0x20 {
				return '_'
			}
			return r
		}, t.Name)
		base = strings.Trim(strings.TrimSpace(base), "'")
		if base == "" {
			base = "Table " + strconv.Itoa(i+1)
		}
		if strings.EqualFold(base, "History") {
			base += "_"
		}
		name := truncateUTF16(base, 31)
		for n := 2; taken[strings.ToLower(name)]; n++ {
			suffix := " (" + strconv.Itoa(n) + ")"
			name = strings.TrimRight(truncateUTF16(base, 31-len(suffix)), " '") + suffix
		}
		taken[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// truncateUTF16 keeps the longest prefix of s that is at most n UTF-16
// units long (Excel measures sheet names so).
func truncateUTF16(s string, n int) string {
	units := 0
	for i, r := range s {
		units += len(utf16.Encode([]rune{r}))
		if units > n {
			return s[:i]
		}
	}
	return s
}
