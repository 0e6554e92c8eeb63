package render

import "time"

// Document is one report, format-neutral. Everything that appears in a file
// comes from it: the renderers read no clock, no environment and no
// randomness, and iterate no maps, so the same Document gives the same bytes.
type Document struct {
	// Title is the first heading, and the PDF, DOCX and XLSX title property.
	Title string
	// Subtitle is an optional second line under the title.
	Subtitle string
	// Lang is "ro" or "en": the number and date formats of PDF and DOCX text
	// (ro: 1.234,56 and 26.11.2026; en: 1,234.56 and 2026-11-26).
	Lang string
	// Created is the report's as-of instant. It is every timestamp a format
	// stores (PDF creation date, DOCX and XLSX core properties, zip entry
	// times), always in UTC. It must not be zero.
	Created time.Time
	// Author is the author property, e.g. "Cronica".
	Author string
	// Landscape turns the A4 pages of the PDF and DOCX sideways.
	Landscape bool
	// Blocks are the content, in order.
	Blocks []Block
	// Footer is printed at the bottom of every PDF and DOCX page (the
	// manifest line), followed by the page number "1/3".
	Footer string
}

// Block is one of Heading, Paragraph, Fields, Table, Signatures, PageBreak
// (or a non-nil pointer to one).
type Block interface{ isBlock() }

// Heading is a section title.
type Heading struct {
	Text  string
	Level int // 1 or 2
}

// Paragraph is running text; it wraps and may contain "\n" line breaks.
type Paragraph struct{ Text string }

// Fields is a label/value list (e.g. Expert: Ana Ștefănescu).
type Fields struct{ Items []Field }

// Field is one label and its value.
type Field struct{ Label, Value string }

// PageBreak starts a new page in the PDF and DOCX (nothing in XLSX and CSV).
type PageBreak struct{}

// Signatures are signature blocks side by side, each with a line to sign on.
type Signatures struct{ Items []Signature }

// Signature is one signatory: the role above the line, the name under it,
// and a detail such as "submitted 2026-11-03 14:02 UTC" under the name.
type Signature struct{ Role, Name, Detail string }

// Table is a grid of typed cells.
type Table struct {
	// Name is the XLSX sheet name (sanitised to Excel's rules, at most 31
	// characters) and the CSV section name. Names are unique per document.
	Name    string
	Columns []Column
	// Rows each have len(Columns) cells.
	Rows [][]Cell
	// Footer is an optional totals row (bold), with len(Columns) cells.
	Footer []Cell
}

// Column describes one column of a Table.
type Column struct {
	Title string
	Kind  Kind
	// Width is the column's share of the PDF/DOCX page width, relative to the
	// other columns (0 counts as 1). XLSX sizes columns from their content.
	Width float64
	// Align is Auto (left for Text and Date, right for numbers), Left, Right
	// or Center.
	Align Align
}

// Cell is one table cell.
type Cell struct {
	// Text is the exact decimal text for numbers, with '.' as the decimal
	// separator and no grouping ("1234.5", "-3", "0.25"); an ISO date
	// "2026-11-03" for dates; free text for Text. An empty Text is a blank
	// cell whatever the kind.
	Text string
	// Bold prints the cell in bold.
	Bold bool
	// Shade gives the cell a light grey background (weekends, holidays).
	Shade bool
}

// Kind is what a column holds; it decides validation, formatting and
// alignment.
type Kind int

const (
	// Text is free text, printed as given.
	Text Kind = iota
	// Number is a decimal printed with the digits it was given, grouped.
	Number
	// Integer is a whole number, grouped.
	Integer
	// Date is an ISO date (YYYY-MM-DD): 26.11.2026 in ro, 2026-11-26 in en;
	// a real date in XLSX.
	Date
	// Money is a decimal printed with exactly two decimals (rounded half away
	// from zero when given more).
	Money
	// Percent is a fraction: "0.25" is printed 25 % (ro) or 25% (en) and is
	// stored as 0.25 with a percent format in XLSX.
	Percent
)

// String names the kind.
func (k Kind) String() string {
	switch k {
	case Text:
		return "text"
	case Number:
		return "number"
	case Integer:
		return "integer"
	case Date:
		return "date"
	case Money:
		return "money"
	case Percent:
		return "percent"
	}
	return "unknown"
}

// numeric reports whether cells of the kind are numbers.
func (k Kind) numeric() bool {
	return k == Number || k == Integer || k == Money || k == Percent
}

// Align is a column's horizontal alignment.
type Align int

const (
	// Auto aligns Text and Date left and numbers right.
	Auto Align = iota
	// Left aligns to the left edge.
	Left
	// Right aligns to the right edge.
	Right
	// Center centres the text.
	Center
)

// resolve turns Auto into the kind's default.
func (a Align) resolve(k Kind) Align {
	if a != Auto {
		return a
	}
	if k.numeric() {
		return Right
	}
	return Left
}

func (Heading) isBlock()    {}
func (Paragraph) isBlock()  {}
func (Fields) isBlock()     {}
func (PageBreak) isBlock()  {}
func (Signatures) isBlock() {}
func (Table) isBlock()      {}
