package render

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnknownFormat is wrapped by ParseFormat and Render for a format name
// that is not pdf, xlsx, csv or docx.
var ErrUnknownFormat = errors.New("render: unknown format")

// Format names an output format; its value is the file extension.
type Format string

// The formats Cronica renders.
const (
	FormatPDF  Format = "pdf"
	FormatXLSX Format = "xlsx"
	FormatCSV  Format = "csv"
	FormatDOCX Format = "docx"
)

// ParseFormat reads a format name ("pdf", "xlsx", "csv", "docx"), ignoring
// case and a leading dot.
func ParseFormat(s string) (Format, error) {
	f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), ".")))
	switch f {
	case FormatPDF, FormatXLSX, FormatCSV, FormatDOCX:
		return f, nil
	}
	return "", fmt.Errorf("render: parse format %q: %w", s, ErrUnknownFormat)
}

// ContentType is the media type of the format ("" for an unknown one).
func (f Format) ContentType() string {
	switch f {
	case FormatPDF:
		return "application/pdf"
	case FormatXLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case FormatCSV:
		return "text/csv; charset=utf-8"
	case FormatDOCX:
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	}
	return ""
}

// Extension is the file extension with its dot (".pdf"; "" for an unknown
// format).
func (f Format) Extension() string {
	switch f {
	case FormatPDF, FormatXLSX, FormatCSV, FormatDOCX:
		return "." + string(f)
	}
	return ""
}
