package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
)

// CSV renders d's tables as RFC 4180 CSV: UTF-8 without a byte-order mark,
// comma-separated, CRLF line ends, fields quoted only when they must be.
// Cells are written as their Text, exactly as given ('.' decimals, ISO
// dates), so the file is for machines. Each table is its header row (the
// column titles), its rows and its footer row if it has one. With one table
// that is the whole file; with several, each is preceded by a record of one
// field, its Name (or, for a table without one, the "Table N" its XLSX
// sheet is called), and tables are separated by one empty line. A line
// break inside a field is written CRLF, as encoding/csv does. Title, Fields and the other blocks are not
// in the CSV; a document without tables gives an empty file.
func (r *Renderer) CSV(d Document) ([]byte, error) {
	p, err := prepare(d)
	if err != nil {
		return nil, fmt.Errorf("render: csv: %w", err)
	}
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	for i, t := range p.tables {
		if len(p.tables) > 1 {
			if i > 0 {
				buf.WriteString("\r\n")
			}
			name := t.Name
			if name == "" {
				name = p.sheets[i]
			}
			if err := writeRecord(w, &buf, []string{name}); err != nil {
				return nil, err
			}
		}
		record := make([]string, len(t.Columns))
		for j, c := range t.Columns {
			record[j] = c.Title
		}
		if err := writeRecord(w, &buf, record); err != nil {
			return nil, err
		}
		rows := t.Rows
		if t.Footer != nil {
			rows = append(rows[:len(rows):len(rows)], t.Footer)
		}
		for _, row := range rows {
			for j, c := range row {
				record[j] = c.Text
			}
			if err := writeRecord(w, &buf, record); err != nil {
				return nil, err
			}
		}
	}
	return buf.Bytes(), nil
}

// writeRecord writes one record. A record of one empty field is written
// as "" (encoding/csv would write an empty line, which readers skip).
func writeRecord(w *csv.Writer, buf *bytes.Buffer, record []string) error {
	if len(record) == 1 && record[0] == "" {
		buf.WriteString("\"\"\r\n")
		return nil
	}
	if err := w.Write(record); err != nil {
		return fmt.Errorf("render: csv: %w", err)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return fmt.Errorf("render: csv: %w", err)
	}
	return nil
}
