package render

import "fmt"

// Renderer renders Documents. It holds the embedded fonts, parsed once by
// New, and is safe for concurrent use by any number of goroutines: every
// call builds its file in memory of its own and only reads the fonts.
// Keep one Renderer for the life of the process.
type Renderer struct {
	fonts *fonts
}

// New parses the embedded DejaVu Sans faces and returns a Renderer.
func New() (*Renderer, error) {
	f, err := loadFonts()
	if err != nil {
		return nil, fmt.Errorf("render: new: %w", err)
	}
	return &Renderer{fonts: f}, nil
}

// Render renders d in format f.
func (r *Renderer) Render(f Format, d Document) ([]byte, error) {
	switch f {
	case FormatPDF:
		return r.PDF(d)
	case FormatXLSX:
		return r.XLSX(d)
	case FormatCSV:
		return r.CSV(d)
	case FormatDOCX:
		return r.DOCX(d)
	}
	return nil, fmt.Errorf("render: %q: %w", string(f), ErrUnknownFormat)
}

// Render renders d in format f with a fresh Renderer (the fonts are parsed
// again for a PDF; keep a Renderer from New to render many).
func Render(f Format, d Document) ([]byte, error) {
	if f == FormatPDF {
		return PDF(d)
	}
	return (&Renderer{}).Render(f, d)
}

// PDF renders d as PDF with a fresh Renderer.
func PDF(d Document) ([]byte, error) {
	r, err := New()
	if err != nil {
		return nil, err
	}
	return r.PDF(d)
}

// XLSX renders d as an Excel workbook.
func XLSX(d Document) ([]byte, error) { return (&Renderer{}).XLSX(d) }

// CSV renders d's tables as CSV.
func CSV(d Document) ([]byte, error) { return (&Renderer{}).CSV(d) }

// DOCX renders d as a Word document.
func DOCX(d Document) ([]byte, error) { return (&Renderer{}).DOCX(d) }
