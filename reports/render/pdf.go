package render

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/signintech/gopdf"
)

// A4 in points, and the page layout of every PDF.
const (
	a4Short = 595.28
	a4Long  = 841.89

	marginSide   = 40.0
	marginTop    = 40.0
	marginBottom = 24.0 // below the footer

	footerSize = 7.5
	footerLH   = 9.5
	bodySize   = 9.5
	bodyLH     = 12.5
	tableSize  = 8.0
	tableLH    = 10.0
	cellPadX   = 3.0
	cellPadY   = 2.5
	ellipsis   = "…"
)

// Colours (grey levels) of the PDF.
const (
	greyHeader = 217 // table header background
	greyShade  = 232 // shaded cells
	greyFooter = 240 // table totals row
	greyRule   = 150 // table grid
	greyText   = 90  // subtitle, signature detail, page footer
)

// PDF renders d as an A4 PDF with DejaVu Sans regular and bold embedded
// (subset to the glyphs used, with their Unicode map, so text is
// extractable). Tables repeat their header row on each page; long cell text
// wraps, and only a row too tall for a whole page is cut, its cells ending
// with "…". Every page ends with d.Footer and "page/pages". The bytes
// depend only on d: the info dictionary's CreationDate is d.Created (UTC),
// there is no /ID, no ModDate and no map-ordered output.
func (r *Renderer) PDF(d Document) ([]byte, error) {
	if r.fonts == nil {
		return nil, errors.New("render: pdf: a Renderer must come from New")
	}
	p, err := prepare(d)
	if err != nil {
		return nil, fmt.Errorf("render: pdf: %w", err)
	}
	w, err := newPDFWriter(r.fonts, p)
	if err != nil {
		return nil, fmt.Errorf("render: pdf: %w", err)
	}
	w.document()
	if w.err != nil {
		return nil, fmt.Errorf("render: pdf: %w", w.err)
	}
	out, err := w.gp.GetBytesPdfReturnErr()
	if err != nil {
		return nil, fmt.Errorf("render: pdf: %w", err)
	}
	return out, nil
}

// pdfWriter lays a prepared document out on pages, top to bottom. Drawing
// errors are kept in err (the first one) and stop further drawing.
type pdfWriter struct {
	gp    *gopdf.GoPdf
	fonts *fonts
	p     *prepared
	err   error

	pageW, pageH float64
	x0, x1       float64 // content left and right edges
	limit        float64 // the lowest y content may reach
	footerTop    float64
	footerLines  []string
	pageNumW     float64 // room kept right of the footer text for "n/N"

	y         float64
	pages     int
	pageEmpty bool // nothing drawn on the current page yet

	fontBold  bool
	fontSize  float64
	fontSet   bool
	textGrey  uint8
	textGreyS bool
}

// newPDFWriter starts the PDF: page size, info dictionary, fonts, footer
// geometry.
func newPDFWriter(f *fonts, p *prepared) (*pdfWriter, error) {
	w := &pdfWriter{gp: new(gopdf.GoPdf), fonts: f, p: p, pageW: a4Short, pageH: a4Long}
	if p.Landscape {
		w.pageW, w.pageH = a4Long, a4Short
	}
	w.gp.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: gopdf.Rect{W: w.pageW, H: w.pageH}})
	w.gp.SetInfo(gopdf.PdfInfo{
		Title:        p.Title,
		Author:       p.Author,
		Subject:      p.Subtitle,
		Creator:      "Cronica",
		CreationDate: p.created,
	})
	for _, family := range []string{familyRegular, familyBold} {
		if err := w.gp.AddTTFFontFromFontContainer(family, f.container); err != nil {
			return nil, fmt.Errorf("font %s: %w", family, err)
		}
	}
	w.x0, w.x1 = marginSide, w.pageW-marginSide
	w.pageNumW = f.regular.width("9999/9999", footerSize)
	w.footerLines = wrap(&f.regular, f.regular.drawable(p.Footer), footerSize, w.x1-w.x0-w.pageNumW-12)
	w.footerTop = w.pageH - marginBottom - float64(len(w.footerLines))*footerLH
	w.limit = w.footerTop - 12
	return w, nil
}

// document draws every block, then the footer of every page.
func (w *pdfWriter) document() {
	w.newPage()
	if w.p.Title != "" {
		w.lines(wrap(&w.fonts.bold, w.fonts.bold.drawable(w.p.Title), 16, w.x1-w.x0), true, 16, 20, 0)
	}
	if w.p.Subtitle != "" {
		w.lines(wrap(&w.fonts.regular, w.fonts.regular.drawable(w.p.Subtitle), 11, w.x1-w.x0), false, 11, 14, greyText)
	}
	if w.p.Title != "" || w.p.Subtitle != "" {
		w.y += 10
	}
	for _, b := range w.p.Blocks {
		if w.err != nil {
			return
		}
		switch v := b.(type) {
		case Heading:
			w.heading(v)
		case Paragraph:
			w.paragraph(v)
		case Fields:
			w.fields(v)
		case Table:
			w.table(v)
		case Signatures:
			w.signatures(v)
		case PageBreak:
			if !w.pageEmpty {
				w.newPage()
			}
		}
	}
	w.footers()
}

// newPage starts a page with the footer's rule; the footer's text is drawn
// at the end, when the page count is known. Drawing the rule now also gives
// the page its content stream, which gopdf's SetPage counts pages by.
func (w *pdfWriter) newPage() {
	w.gp.AddPage()
	w.pages++
	w.y = marginTop
	w.stroke(greyRule, 0.4)
	w.gp.Line(w.x0, w.footerTop-4, w.x1, w.footerTop-4)
	w.pageEmpty = true
}

// ensure starts a new page unless h points still fit on this one (an empty
// page takes anything).
func (w *pdfWriter) ensure(h float64) {
	if w.y+h > w.limit && !w.pageEmpty {
		w.newPage()
	}
}

// footers draws the footer text and "n/N" at the bottom of every page.
func (w *pdfWriter) footers() {
	for n := 1; n <= w.pages && w.err == nil; n++ {
		if err := w.gp.SetPage(n); err != nil {
			w.fail(err)
			return
		}
		w.fontSet = false // a page's content stream starts with no font
		w.textGreyS = false
		for i, line := range w.footerLines {
			w.text(w.x0, w.footerTop+float64(i)*footerLH, line, false, footerSize, greyText)
		}
		num := strconv.Itoa(n) + "/" + strconv.Itoa(w.pages)
		w.text(w.x1-w.fonts.regular.width(num, footerSize), w.footerTop, num, false, footerSize, greyText)
	}
}

// fail keeps the first error.
func (w *pdfWriter) fail(err error) {
	if w.err == nil && err != nil {
		w.err = err
	}
}

// face returns the regular or bold metrics.
func (w *pdfWriter) face(bold bool) *face {
	if bold {
		return &w.fonts.bold
	}
	return &w.fonts.regular
}

// text draws s (already drawable) with its top-left corner at x, y.
func (w *pdfWriter) text(x, y float64, s string, bold bool, size float64, grey uint8) {
	if w.err != nil || s == "" {
		return
	}
	if !w.fontSet || w.fontBold != bold || w.fontSize != size {
		family := familyRegular
		if bold {
			family = familyBold
		}
		if err := w.gp.SetFont(family, "", size); err != nil {
			w.fail(err)
			return
		}
		w.fontSet, w.fontBold, w.fontSize = true, bold, size
	}
	if !w.textGreyS || w.textGrey != grey {
		w.gp.SetTextColor(grey, grey, grey)
		w.textGreyS, w.textGrey = true, grey
	}
	w.gp.SetXY(x, y)
	width := w.face(bold).width(s, size)
	w.fail(w.gp.CellWithOption(&gopdf.Rect{W: width, H: size}, s, gopdf.CellOption{Align: gopdf.Left | gopdf.Top}))
	w.pageEmpty = false
}

// fill paints a grey rectangle.
func (w *pdfWriter) fill(x, y, width, height float64, grey uint8) {
	w.gp.SetFillColor(grey, grey, grey)
	w.gp.RectFromUpperLeftWithStyle(x, y, width, height, "F")
	w.pageEmpty = false
}

// stroke sets the line colour and width.
func (w *pdfWriter) stroke(grey uint8, width float64) {
	w.gp.SetStrokeColor(grey, grey, grey)
	w.gp.SetLineWidth(width)
}

// lines draws wrapped lines at the left margin, starting a new page when
// the next line does not fit.
func (w *pdfWriter) lines(lines []string, bold bool, size, lh float64, grey uint8) {
	for _, line := range lines {
		w.ensure(lh)
		w.text(w.x0, w.y, line, bold, size, grey)
		w.y += lh
	}
}

func (w *pdfWriter) heading(h Heading) {
	size, lh, before := 13.0, 16.0, 10.0
	if h.Level == 2 {
		size, lh, before = 11.0, 14.0, 8.0
	}
	lines := wrap(&w.fonts.bold, w.fonts.bold.drawable(h.Text), size, w.x1-w.x0)
	if !w.pageEmpty {
		w.y += before
	}
	// Keep the heading with a few lines of what follows it.
	w.ensure(float64(len(lines))*lh + 3*bodyLH)
	w.lines(lines, true, size, lh, 0)
	w.y += 3
}

func (w *pdfWriter) paragraph(p Paragraph) {
	w.lines(wrap(&w.fonts.regular, w.fonts.regular.drawable(p.Text), bodySize, w.x1-w.x0), false, bodySize, bodyLH, 0)
	w.y += 6
}

// fields draws a two-column list: the labels in bold, the values wrapped
// beside them.
func (w *pdfWriter) fields(f Fields) {
	width := w.x1 - w.x0
	labelW := 0.0
	for _, it := range f.Items {
		labelW = math.Max(labelW, w.fonts.bold.width(w.fonts.bold.drawable(it.Label), bodySize))
	}
	labelW = math.Min(labelW, width*0.35) + 10
	for _, it := range f.Items {
		labels := wrap(&w.fonts.bold, w.fonts.bold.drawable(it.Label), bodySize, labelW-10)
		values := wrap(&w.fonts.regular, w.fonts.regular.drawable(it.Value), bodySize, width-labelW)
		n := max(len(labels), len(values))
		w.ensure(float64(min(n, 3)) * bodyLH) // a long value may go on over the page
		for i := 0; i < n; i++ {
			w.ensure(bodyLH)
			if i < len(labels) {
				w.text(w.x0, w.y, labels[i], true, bodySize, 0)
			}
			if i < len(values) {
				w.text(w.x0+labelW, w.y, values[i], false, bodySize, 0)
			}
			w.y += bodyLH
		}
		w.y += 1.5
	}
	w.y += 6
}

// signatures draws the blocks side by side, three to a row (four in
// landscape): the role, room to sign, a line, the name and the detail.
func (w *pdfWriter) signatures(s Signatures) {
	perRow := 3
	if w.p.Landscape {
		perRow = 4
	}
	const gap, signRoom = 24.0, 34.0
	w.y += 12
	for start := 0; start < len(s.Items); start += perRow {
		row := s.Items[start:min(start+perRow, len(s.Items))]
		n := float64(max(len(row), 2)) // a lone signature takes half the width
		bw := (w.x1 - w.x0 - gap*(n-1)) / n
		type block struct{ role, name, detail []string }
		blocks := make([]block, len(row))
		h := 0.0
		for i, sig := range row {
			b := block{
				role:   wrap(&w.fonts.bold, w.fonts.bold.drawable(sig.Role), bodySize, bw),
				name:   wrap(&w.fonts.regular, w.fonts.regular.drawable(sig.Name), bodySize, bw),
				detail: wrap(&w.fonts.regular, w.fonts.regular.drawable(sig.Detail), tableSize, bw),
			}
			blocks[i] = b
			h = math.Max(h, float64(len(b.role))*bodyLH+signRoom+4+float64(len(b.name))*bodyLH+float64(len(b.detail))*tableLH)
		}
		w.ensure(h)
		for i, b := range blocks {
			x := w.x0 + float64(i)*(bw+gap)
			y := w.y
			for _, l := range b.role {
				w.text(x, y, l, true, bodySize, 0)
				y += bodyLH
			}
			y += signRoom
			w.stroke(0, 0.6)
			w.gp.Line(x, y, x+bw, y)
			y += 4
			for _, l := range b.name {
				w.text(x, y, l, false, bodySize, 0)
				y += bodyLH
			}
			for _, l := range b.detail {
				w.text(x, y, l, false, tableSize, greyText)
				y += tableLH
			}
		}
		w.y += h + 14
	}
}

// pdfRow is one table row laid out: each cell's lines and the row height.
type pdfRow struct {
	cells  [][]string
	bold   []bool
	shade  []bool
	sizes  []float64 // font size of each cell
	height float64
}

// table draws a table: a grey header row repeated on every page it spans,
// the rows with a thin grid, and the totals row in bold on light grey.
func (w *pdfWriter) table(t Table) {
	width := w.x1 - w.x0
	total := 0.0
	for _, c := range t.Columns {
		total += columnWeight(c)
	}
	colX := make([]float64, len(t.Columns)+1)
	colX[0] = w.x0
	for i, c := range t.Columns {
		colX[i+1] = colX[i] + width*columnWeight(c)/total
	}
	colX[len(t.Columns)] = w.x1
	aligns := make([]Align, len(t.Columns))
	for i, c := range t.Columns {
		aligns[i] = c.Align.resolve(c.Kind)
	}

	titles := make([]Cell, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = Cell{Text: c.Title, Bold: true}
	}
	header := w.layoutRow(titles, nil, colX)
	maxRowH := w.limit - marginTop - header.height // the tallest row a page holds under its header

	drawHeader := func() {
		w.fill(w.x0, w.y, width, header.height, greyHeader)
		w.drawRow(header, colX, aligns, true)
	}
	w.y += 2
	for i, cells := range t.Rows {
		row := w.layoutRow(cells, t.Columns, colX)
		w.cut(&row, maxRowH, colX)
		if i == 0 {
			w.ensure(header.height + row.height) // keep the header with a first row
			drawHeader()
		} else if w.y+row.height > w.limit {
			w.newPage()
			drawHeader()
		}
		w.drawRow(row, colX, aligns, false)
	}
	if len(t.Rows) == 0 {
		w.ensure(header.height)
		drawHeader()
	}
	if t.Footer != nil {
		cells := make([]Cell, len(t.Footer))
		for i, c := range t.Footer {
			cells[i] = Cell{Text: c.Text, Bold: true, Shade: c.Shade}
		}
		row := w.layoutRow(cells, t.Columns, colX)
		w.cut(&row, maxRowH, colX)
		if w.y+row.height > w.limit {
			w.newPage()
			drawHeader()
		}
		w.fill(w.x0, w.y, width, row.height, greyFooter)
		top := w.y
		w.drawRow(row, colX, aligns, false)
		w.stroke(0, 0.8)
		w.gp.Line(w.x0, top, w.x1, top)
	}
	w.y += 10
}

// columnWeight is a column's relative width (0 counts as 1).
func columnWeight(c Column) float64 {
	if c.Width <= 0 {
		return 1
	}
	return c.Width
}

// layoutRow formats and wraps each cell to its column; cols is nil for the
// header row (titles are text).
func (w *pdfWriter) layoutRow(cells []Cell, cols []Column, colX []float64) pdfRow {
	n := len(cells)
	row := pdfRow{cells: make([][]string, n), bold: make([]bool, n), shade: make([]bool, n), sizes: make([]float64, n)}
	most := 1
	for i, c := range cells {
		text := c.Text
		f := w.face(c.Bold)
		room := colX[i+1] - colX[i] - 2*cellPadX
		size := tableSize
		if cols != nil && cols[i].Kind != Text {
			// A number or date is never broken: it shrinks to fit (to 5 pt).
			text = f.drawable(w.p.loc.cellText(cols[i].Kind, text))
			if width := f.width(text, size); width > room {
				size = math.Max(5, math.Floor(size*room/width*10)/10)
			}
		}
		row.sizes[i] = size
		row.cells[i] = wrap(f, f.drawable(text), size, room)
		row.bold[i], row.shade[i] = c.Bold, c.Shade
		most = max(most, len(row.cells[i]))
	}
	row.height = float64(most)*tableLH + 2*cellPadY
	return row
}

// cut shortens a row taller than maxH: each cell keeps the lines that fit
// and its last kept line ends with "…".
func (w *pdfWriter) cut(row *pdfRow, maxH float64, colX []float64) {
	if row.height <= maxH {
		return
	}
	keep := max(1, int((maxH-2*cellPadY)/tableLH))
	for i, lines := range row.cells {
		if len(lines) <= keep {
			continue
		}
		f := w.face(row.bold[i])
		last := []rune(lines[keep-1])
		room := colX[i+1] - colX[i] - 2*cellPadX - f.width(ellipsis, row.sizes[i])
		for len(last) > 0 && f.width(string(last), row.sizes[i]) > room {
			last = last[:len(last)-1]
		}
		row.cells[i] = append(lines[:keep-1:keep-1], string(last)+ellipsis)
	}
	row.height = float64(keep)*tableLH + 2*cellPadY
}

// drawRow draws one laid-out row at w.y (shading, text, grid) and moves
// below it.
func (w *pdfWriter) drawRow(row pdfRow, colX []float64, aligns []Align, header bool) {
	for i := range row.cells {
		if row.shade[i] {
			w.fill(colX[i], w.y, colX[i+1]-colX[i], row.height, greyShade)
		}
	}
	for i, lines := range row.cells {
		f := w.face(row.bold[i])
		align := aligns[i]
		if header && align != Right {
			align = Left
		}
		for j, line := range lines {
			lw := f.width(line, row.sizes[i])
			x := colX[i] + cellPadX
			switch align {
			case Right:
				x = colX[i+1] - cellPadX - lw
			case Center:
				x = (colX[i]+colX[i+1])/2 - lw/2
			}
			w.text(x, w.y+cellPadY+float64(j)*tableLH, line, row.bold[i], row.sizes[i], 0)
		}
	}
	w.stroke(greyRule, 0.4)
	w.gp.Line(colX[0], w.y, colX[len(colX)-1], w.y) // again: a shaded row covers the line above it
	bottom := w.y + row.height
	for _, x := range colX {
		w.gp.Line(x, w.y, x, bottom)
	}
	w.gp.Line(colX[0], bottom, colX[len(colX)-1], bottom)
	w.y = bottom
}

// wrap breaks s into lines no wider than maxW at the given size: at "\n",
// between words, and inside a word wider than a whole line. It returns at
// least one line.
func wrap(f *face, s string, size, maxW float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		if f.width(para, size) <= maxW {
			out = append(out, strings.TrimRight(para, " "))
			continue
		}
		line := ""
		lineW := 0.0
		spaceW := f.width(" ", size)
		for _, word := range strings.Fields(para) {
			ww := f.width(word, size)
			if line != "" && lineW+spaceW+ww <= maxW {
				line += " " + word
				lineW += spaceW + ww
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			line, lineW = word, ww
			for lineW > maxW {
				head, rest := splitWidth(f, line, size, maxW)
				out = append(out, head)
				line, lineW = rest, f.width(rest, size)
			}
		}
		out = append(out, line)
	}
	return out
}

// splitWidth cuts word after the most characters that fit in maxW (at least
// one).
func splitWidth(f *face, word string, size, maxW float64) (string, string) {
	w := 0.0
	for i, r := range word {
		w += f.runeWidth(r, size)
		if w > maxW && i > 0 {
			return word[:i], word[i:]
		}
	}
	return word, ""
}
