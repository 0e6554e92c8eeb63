package render_test

import (
	"errors"
	"testing"
	"time"

	"cronica/reports/render"
)

// TestInvalidDocuments: every renderer refuses a broken Document with an
// error wrapping ErrInvalidDocument, and never panics.
func TestInvalidDocuments(t *testing.T) {
	base := func(blocks ...render.Block) render.Document {
		return render.Document{Lang: "ro", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Blocks: blocks}
	}
	table := func(kind render.Kind, rows ...[]render.Cell) render.Table {
		return render.Table{Name: "t", Columns: []render.Column{{Title: "a"}, {Title: "b", Kind: kind}}, Rows: rows}
	}
	row := func(a, b string) []render.Cell { return []render.Cell{{Text: a}, {Text: b}} }
	var nilTable *render.Table
	cases := map[string]render.Document{
		"row_too_short":          base(render.Table{Name: "t", Columns: []render.Column{{Title: "a"}, {Title: "b"}}, Rows: [][]render.Cell{{{Text: "x"}}}}),
		"row_too_long":           base(table(render.Text, []render.Cell{{}, {}, {}})),
		"footer_width":           base(render.Table{Name: "t", Columns: []render.Column{{Title: "a"}}, Footer: []render.Cell{{}, {}}}),
		"number_with_comma":      base(table(render.Number, row("x", "12,5"))),
		"number_grouped":         base(table(render.Money, row("x", "1,234.50"))),
		"number_with_plus":       base(table(render.Number, row("x", "+3"))),
		"number_exponent":        base(table(render.Number, row("x", "1e3"))),
		"number_word":            base(table(render.Percent, row("x", "half"))),
		"integer_with_fraction":  base(table(render.Integer, row("x", "1.5"))),
		"date_not_iso":           base(table(render.Date, row("x", "26.11.2026"))),
		"date_impossible":        base(table(render.Date, row("x", "2026-02-30"))),
		"date_before_1900_03":    base(table(render.Date, row("x", "1900-02-28"))),
		"footer_mistyped_number": base(render.Table{Name: "t", Columns: []render.Column{{Title: "a", Kind: render.Money}}, Footer: []render.Cell{{Text: "12,5"}}}),
		"no_columns":             base(render.Table{Name: "t"}),
		"unknown_kind":           base(render.Table{Name: "t", Columns: []render.Column{{Title: "a", Kind: 99}}}),
		"negative_width":         base(render.Table{Name: "t", Columns: []render.Column{{Title: "a", Width: -1}}}),
		"duplicate_table_names":  base(table(render.Text), table(render.Text)),
		"heading_level_3":        base(render.Heading{Text: "h", Level: 3}),
		"nil_block":              base(nil),
		"nil_table_pointer":      base(nilTable),
		"invalid_utf8":           base(render.Paragraph{Text: "Ana \xff"}),
		"invalid_utf8_in_cell":   base(table(render.Text, row("\xc3", ""))),
		"unknown_language":       {Lang: "de", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		"zero_created":           {Lang: "en"},
	}
	r := newRenderer(t)
	for name, d := range cases {
		t.Run(name, func(t *testing.T) {
			for _, f := range allFormats {
				b, err := r.Render(f, d)
				if !errors.Is(err, render.ErrInvalidDocument) {
					t.Errorf("%s: error %v, want ErrInvalidDocument", f, err)
				}
				if b != nil {
					t.Errorf("%s: %d bytes returned with the error", f, len(b))
				}
			}
		})
	}
}

// TestValidEdgeCases: blank cells of any kind, pointer blocks, a footer
// label under a number column, control characters and an empty document
// all render.
func TestValidEdgeCases(t *testing.T) {
	r := newRenderer(t)
	d := render.Document{
		Lang: "en", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		Title: "Bell\a and tab\there", Footer: "",
		Blocks: []render.Block{
			&render.Heading{Text: "H", Level: 2},
			&render.Paragraph{Text: "line\r\nbreak"},
			&render.Fields{},
			&render.Signatures{Items: []render.Signature{{Role: "Only one"}}},
			&render.Table{Name: "", Columns: []render.Column{{Title: "n", Kind: render.Number}, {Title: "d", Kind: render.Date}},
				Rows:   [][]render.Cell{{{}, {}}, {{Text: "-0"}, {Text: "2026-12-31"}}},
				Footer: []render.Cell{{Text: "Σ"}, {}}},
			render.PageBreak{}, render.PageBreak{},
		},
	}
	for _, f := range allFormats {
		if _, err := r.Render(f, d); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if _, err := r.Render(f, render.Document{Lang: "ro", Created: d.Created}); err != nil {
			t.Errorf("%s of an empty document: %v", f, err)
		}
	}
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		in         string
		want       render.Format
		ext, ctype string
	}{
		{"pdf", render.FormatPDF, ".pdf", "application/pdf"},
		{".XLSX", render.FormatXLSX, ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"csv", render.FormatCSV, ".csv", "text/csv; charset=utf-8"},
		{" docx ", render.FormatDOCX, ".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	} {
		f, err := render.ParseFormat(tc.in)
		if err != nil || f != tc.want || f.Extension() != tc.ext || f.ContentType() != tc.ctype {
			t.Errorf("ParseFormat(%q) = %q %v (%q, %q)", tc.in, f, err, f.Extension(), f.ContentType())
		}
	}
	if _, err := render.ParseFormat("odt"); !errors.Is(err, render.ErrUnknownFormat) {
		t.Errorf("odt: %v, want ErrUnknownFormat", err)
	}
	d := render.Document{Lang: "en", Created: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := render.Render("odt", d); !errors.Is(err, render.ErrUnknownFormat) {
		t.Errorf("Render odt: %v, want ErrUnknownFormat", err)
	}
	if render.Format("odt").Extension() != "" || render.Format("odt").ContentType() != "" {
		t.Errorf("an unknown format has an extension or content type")
	}
}
