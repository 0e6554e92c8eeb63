package render

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX renders d as an Excel workbook. The first sheet, "Info", holds
// everything that is not a table, in document order: the title and
// subtitle, headings, paragraphs, fields (label in A, value in B),
// signatures (role, name, detail), a link to each table's sheet where the
// table stands, and the page footer (the manifest line) last. Each Table is
// then a sheet of its own (named as sheetNames says), written with
// excelize's StreamWriter: a bold header row, frozen; numbers stored as
// numbers with a number format (Integer "#,##0", Money "#,##0.00", Number
// with as many decimals as the column's longest, Percent "0%" with the
// decimals beyond the second, Date a real date shown dd.mm.yyyy in ro and
// yyyy-mm-dd in en); the totals row in bold; columns sized to their
// content. Core properties Created and Modified are d.Created (UTC), and
// the zip is written by zipWriter (entries sorted, d.Created on each), so
// the bytes depend only on d.
func (r *Renderer) XLSX(d Document) ([]byte, error) {
	p, err := prepare(d)
	if err != nil {
		return nil, fmt.Errorf("render: xlsx: %w", err)
	}
	f := excelize.NewFile()
	defer f.Close() // removes the stream writers' temporary files
	f.SetZipWriter(func(w io.Writer) excelize.ZipWriter { return newZipWriter(w, p.created) })
	x := &xlsxWriter{f: f, p: p, styles: make(map[xlsxStyleKey]int)}
	if err := x.workbook(); err != nil {
		return nil, fmt.Errorf("render: xlsx: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("render: xlsx: write: %w", err)
	}
	return buf.Bytes(), nil
}

// xlsxWriter fills one workbook.
type xlsxWriter struct {
	f      *excelize.File
	p      *prepared
	styles map[xlsxStyleKey]int // looked up only, never iterated: IDs follow first use
}

// xlsxStyleKey identifies a cell style.
type xlsxStyleKey struct {
	numFmt      string // "" for none
	align       Align
	bold, shade bool
	size        float64 // font size, 0 for the default
	grey        bool    // grey text
	header      bool    // header fill and bottom border
	footer      bool    // top border
	link        bool    // blue underlined
}

// style returns the ID of a style, creating it on first use.
func (x *xlsxWriter) style(k xlsxStyleKey) (int, error) {
	if id, ok := x.styles[k]; ok {
		return id, nil
	}
	s := &excelize.Style{}
	if k.bold || k.size != 0 || k.grey || k.link {
		s.Font = &excelize.Font{Bold: k.bold, Size: k.size}
		if k.grey {
			s.Font.Color = "595959"
		}
		if k.link {
			s.Font.Color, s.Font.Underline = "0563C1", "single"
		}
	}
	if k.numFmt != "" {
		nf := k.numFmt
		s.CustomNumFmt = &nf
	}
	switch k.align {
	case Left:
		s.Alignment = &excelize.Alignment{Horizontal: "left"}
	case Right:
		s.Alignment = &excelize.Alignment{Horizontal: "right"}
	case Center:
		s.Alignment = &excelize.Alignment{Horizontal: "center"}
	}
	switch {
	case k.header:
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9D9D9"}}
		s.Border = []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}}
	case k.shade:
		s.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8E8E8"}}
	}
	if k.footer {
		s.Border = []excelize.Border{{Type: "top", Color: "000000", Style: 2}}
	}
	id, err := x.f.NewStyle(s)
	if err != nil {
		return 0, fmt.Errorf("style: %w", err)
	}
	x.styles[k] = id
	return id, nil
}

// workbook writes the properties, the Info sheet and one sheet per table.
func (x *xlsxWriter) workbook() error {
	p := x.p
	stamp := p.created.Format("2006-01-02T15:04:05Z")
	if err := x.f.SetDocProps(&excelize.DocProperties{
		Title:          p.Title,
		Subject:        p.Subtitle,
		Creator:        p.Author,
		LastModifiedBy: p.Author,
		Language:       p.Lang,
		Created:        stamp,
		Modified:       stamp,
	}); err != nil {
		return fmt.Errorf("properties: %w", err)
	}
	if err := x.f.SetSheetName("Sheet1", infoSheet); err != nil {
		return fmt.Errorf("info sheet: %w", err)
	}
	if err := x.info(); err != nil {
		return fmt.Errorf("info sheet: %w", err)
	}
	x.f.SetActiveSheet(0)
	for i, t := range p.tables {
		if err := x.table(t, p.sheets[i]); err != nil {
			return fmt.Errorf("sheet %q: %w", p.sheets[i], err)
		}
	}
	return nil
}

// info writes the Info sheet, one row per line of the document.
func (x *xlsxWriter) info() error {
	row := 0
	put := func(col, text string, k xlsxStyleKey) error {
		cell := col + strconv.Itoa(row)
		if err := x.f.SetCellStr(infoSheet, cell, text); err != nil {
			return err
		}
		if k == (xlsxStyleKey{}) {
			return nil
		}
		id, err := x.style(k)
		if err != nil {
			return err
		}
		return x.f.SetCellStyle(infoSheet, cell, cell, id)
	}
	line := func(text string, k xlsxStyleKey) error {
		row++
		return put("A", text, k)
	}
	if x.p.Title != "" {
		if err := line(x.p.Title, xlsxStyleKey{bold: true, size: 14}); err != nil {
			return err
		}
	}
	if x.p.Subtitle != "" {
		if err := line(x.p.Subtitle, xlsxStyleKey{grey: true}); err != nil {
			return err
		}
	}
	row++ // a blank row under the title
	table := 0
	for _, b := range x.p.Blocks {
		var err error
		switch v := b.(type) {
		case Heading:
			size := 12.0
			if v.Level == 2 {
				size = 11
			}
			row++
			err = put("A", v.Text, xlsxStyleKey{bold: true, size: size})
		case Paragraph:
			err = line(v.Text, xlsxStyleKey{})
		case Fields:
			for _, it := range v.Items {
				if err = line(it.Label, xlsxStyleKey{bold: true}); err != nil {
					break
				}
				err = put("B", it.Value, xlsxStyleKey{})
			}
		case Signatures:
			for _, s := range v.Items {
				if err = line(s.Role, xlsxStyleKey{bold: true}); err != nil {
					break
				}
				if err = put("B", s.Name, xlsxStyleKey{}); err != nil {
					break
				}
				err = put("C", s.Detail, xlsxStyleKey{grey: true})
			}
		case Table:
			name := x.p.sheets[table]
			table++
			if err = line(name, xlsxStyleKey{link: true}); err != nil {
				break
			}
			ref := "'" + strings.ReplaceAll(name, "'", "''") + "'!A1"
			err = x.f.SetCellHyperLink(infoSheet, "A"+strconv.Itoa(row), ref, "Location")
		}
		if err != nil {
			return err
		}
	}
	if x.p.Footer != "" {
		row++
		if err := line(x.p.Footer, xlsxStyleKey{grey: true}); err != nil {
			return err
		}
	}
	if err := x.f.SetColWidth(infoSheet, "A", "A", 30); err != nil {
		return err
	}
	return x.f.SetColWidth(infoSheet, "B", "C", 45)
}

// table writes one table to its own sheet through a StreamWriter.
func (x *xlsxWriter) table(t *Table, name string) error {
	if _, err := x.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, columnChars(c, t, i)); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	formats := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		formats[i] = numberFormat(c.Kind, t, i, x.p.Lang)
	}
	values := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		id, err := x.style(xlsxStyleKey{bold: true, header: true, align: headerAlign(c)})
		if err != nil {
			return err
		}
		values[i] = excelize.Cell{StyleID: id, Value: c.Title}
	}
	if err := sw.SetRow("A1", values); err != nil {
		return err
	}
	write := func(n int, cells []Cell, footer bool) error {
		for i, c := range cells {
			col := t.Columns[i]
			v := cellValue(col.Kind, c.Text)
			k := xlsxStyleKey{numFmt: formats[i], align: col.Align, bold: c.Bold || footer, shade: c.Shade, footer: footer}
			if plain := !k.bold && !k.shade; plain && (v == nil || k.numFmt == "" && k.align == Auto) {
				values[i] = v // no style needed
				continue
			}
			id, err := x.style(k)
			if err != nil {
				return err
			}
			values[i] = excelize.Cell{StyleID: id, Value: v}
		}
		return sw.SetRow("A"+strconv.Itoa(n), values)
	}
	for r, row := range t.Rows {
		if err := write(r+2, row, false); err != nil {
			return err
		}
	}
	if t.Footer != nil {
		if err := write(len(t.Rows)+2, t.Footer, true); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// headerAlign aligns a header title over its column's numbers.
func headerAlign(c Column) Align {
	if c.Align.resolve(c.Kind) == Right {
		return Right
	}
	return Auto
}

// cellValue is what excelize stores: a string, a float64, an Excel serial
// date, or nil for a blank cell. The cell was validated: a value that does
// not parse is a footer's label.
func cellValue(k Kind, text string) any {
	if text == "" {
		return nil
	}
	switch k {
	case Number, Integer, Money, Percent:
		if v, err := strconv.ParseFloat(text, 64); err == nil {
			return v
		}
		return text // a footer label
	case Date:
		if serial, err := excelSerial(text); err == nil {
			return serial
		}
		return text // a footer label
	}
	return text
}

// numberFormat is the Excel number format of column i of t.
func numberFormat(k Kind, t *Table, col int, lang string) string {
	switch k {
	case Integer:
		return "#,##0"
	case Money:
		return "#,##0.00"
	case Number:
		return withDecimals("#,##0", maxDecimals(t, col, 0))
	case Percent:
		return withDecimals("0", maxDecimals(t, col, 2)) + "%"
	case Date:
		return localeOf(lang).excelDate()
	}
	return ""
}

// excelDate is the Excel format of a date in the locale.
func (l locale) excelDate() string {
	if l.point == "," {
		return "dd.mm.yyyy"
	}
	return "yyyy-mm-dd"
}

// withDecimals appends n decimal places to an Excel number format.
func withDecimals(f string, n int) string {
	if n == 0 {
		return f
	}
	return f + "." + strings.Repeat("0", n)
}

// maxDecimals is the most fraction digits in column col of t, less drop
// (a percentage shows two fewer), at most 10.
func maxDecimals(t *Table, col, drop int) int {
	n := 0
	visit := func(text string) {
		if _, frac, ok := strings.Cut(text, "."); ok {
			n = max(n, len(frac)-drop)
		}
	}
	for _, row := range t.Rows {
		visit(row[col].Text)
	}
	if t.Footer != nil {
		visit(t.Footer[col].Text)
	}
	return min(n, 10)
}

// columnChars sizes column col of t, in characters, to its widest entry
// as displayed (its title, the longest line of text, a formatted number),
// between 6 and 60.
func columnChars(c Column, t *Table, col int) float64 {
	widest := longestLine(c.Title) + 2 // room for bold
	visit := func(text string) {
		if text == "" {
			return
		}
		switch c.Kind {
		case Text:
			widest = max(widest, longestLine(text))
		case Date:
			widest = max(widest, 10)
		default: // a number: its digits, group separators, two decimals at most added
			widest = max(widest, len(text)+len(text)/3+2)
		}
	}
	for _, row := range t.Rows {
		visit(row[col].Text)
	}
	if t.Footer != nil {
		visit(t.Footer[col].Text)
	}
	return float64(min(max(widest+2, 6), 60))
}

// longestLine is the length in characters of the longest line of s.
func longestLine(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		n = max(n, utf8.RuneCountInString(line))
	}
	return n
}
