package render

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Page geometry of the DOCX, in twentieths of a point.
const (
	twipsA4Short  = 11906
	twipsA4Long   = 16838
	twipsMargin   = 800 // 40 pt, as the PDF
	twipsBottom   = 1000
	twipsFooter   = 400  // from the page's bottom edge to the footer
	twipsPageNums = 1300 // the footer's page-number column
)

// DOCX renders d as a Word document written by hand (WordprocessingML in a
// zip): the title and subtitle in the Title and Subtitle styles, headings
// in Heading1 and Heading2 (so they make an outline), paragraphs with their
// line breaks, fields as a borderless two-column table, tables on a fixed
// grid whose widths follow Column.Width, with the header row repeated on
// every page (w:tblHeader), rows kept whole, shaded cells, a bold totals
// row; signature blocks side by side with a line to sign on. Pages are A4
// (landscape when asked); every page's footer holds d.Footer and
// "PAGE/NUMPAGES". Fonts are declared as DejaVu Sans, not embedded. The
// core properties' dates and every zip entry's time are d.Created (UTC).
func (r *Renderer) DOCX(d Document) ([]byte, error) {
	p, err := prepare(d)
	if err != nil {
		return nil, fmt.Errorf("render: docx: %w", err)
	}
	x := &docxWriter{p: p, width: twipsA4Short - 2*twipsMargin}
	if p.Landscape {
		x.width = twipsA4Long - 2*twipsMargin
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"docProps/app.xml", docxApp},
		{"docProps/core.xml", x.core()},
		{"word/_rels/document.xml.rels", docxDocumentRels},
		{"word/document.xml", x.document()},
		{"word/footer1.xml", x.footer()},
		{"word/settings.xml", docxSettings},
		{"word/styles.xml", docxStyles(p.Lang)},
	}
	var buf bytes.Buffer
	z := newZipWriter(&buf, p.created)
	for _, part := range parts {
		w, err := z.Create(part.name)
		if err != nil {
			return nil, fmt.Errorf("render: docx: %w", err)
		}
		if _, err := w.Write([]byte(part.body)); err != nil {
			return nil, fmt.Errorf("render: docx: %w", err)
		}
	}
	if err := z.Close(); err != nil {
		return nil, fmt.Errorf("render: docx: %w", err)
	}
	return buf.Bytes(), nil
}

// docxWriter writes the document parts of one prepared document.
type docxWriter struct {
	p     *prepared
	width int // text width in twips
	b     strings.Builder
}

// core is docProps/core.xml.
func (x *docxWriter) core() string {
	stamp := x.p.created.Format("2006-01-02T15:04:05Z")
	var b strings.Builder
	b.WriteString(xmlHeader)
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	b.WriteString(`<dc:title>` + escapeXML(x.p.Title) + `</dc:title>`)
	if x.p.Subtitle != "" {
		b.WriteString(`<dc:subject>` + escapeXML(x.p.Subtitle) + `</dc:subject>`)
	}
	b.WriteString(`<dc:creator>` + escapeXML(x.p.Author) + `</dc:creator>`)
	b.WriteString(`<cp:lastModifiedBy>` + escapeXML(x.p.Author) + `</cp:lastModifiedBy>`)
	b.WriteString(`<dc:language>` + x.p.Lang + `</dc:language>`)
	b.WriteString(`<dcterms:created xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:created>`)
	b.WriteString(`<dcterms:modified xsi:type="dcterms:W3CDTF">` + stamp + `</dcterms:modified>`)
	b.WriteString(`</cp:coreProperties>`)
	return b.String()
}

// document is word/document.xml.
func (x *docxWriter) document() string {
	b := &x.b
	b.WriteString(xmlHeader)
	b.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if x.p.Title != "" {
		x.para("Title", "", x.p.Title, runStyle{})
	}
	if x.p.Subtitle != "" {
		x.para("Subtitle", "", x.p.Subtitle, runStyle{})
	}
	table := 0
	for _, blk := range x.p.Blocks {
		switch v := blk.(type) {
		case Heading:
			x.para("Heading"+strconv.Itoa(v.Level), "", v.Text, runStyle{})
		case Paragraph:
			x.para("", "", v.Text, runStyle{})
		case Fields:
			x.fields(v)
		case Table:
			x.table(x.p.tables[table])
			table++
		case Signatures:
			x.signatures(v)
		case PageBreak:
			b.WriteString(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
		}
	}
	w, h, orient := twipsA4Short, twipsA4Long, ""
	if x.p.Landscape {
		w, h, orient = twipsA4Long, twipsA4Short, ` w:orient="landscape"`
	}
	fmt.Fprintf(b, `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter1"/><w:pgSz w:w="%d" w:h="%d"%s/>`, w, h, orient)
	fmt.Fprintf(b, `<w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="%d" w:footer="%d" w:gutter="0"/></w:sectPr>`,
		twipsMargin, twipsMargin, twipsBottom, twipsMargin, twipsFooter, twipsFooter)
	b.WriteString(`</w:body></w:document>`)
	return b.String()
}

// runStyle is the character formatting of a run.
type runStyle struct {
	bold bool
	size int    // half-points; 0 keeps the paragraph style's
	grey bool   // grey text
	jc   string // paragraph alignment: "", "left", "right", "center"
}

// para writes a paragraph in a style (or Normal) with one run of text;
// "\n" becomes a line break and a tab a tab. extra is more paragraph
// properties.
func (x *docxWriter) para(style, extra, text string, rs runStyle) {
	b := &x.b
	b.WriteString(`<w:p>`)
	if style != "" || extra != "" || rs.jc != "" {
		b.WriteString(`<w:pPr>`)
		if style != "" {
			b.WriteString(`<w:pStyle w:val="` + style + `"/>`)
		}
		b.WriteString(extra)
		if rs.jc != "" {
			b.WriteString(`<w:jc w:val="` + rs.jc + `"/>`)
		}
		b.WriteString(`</w:pPr>`)
	}
	x.run(text, rs)
	b.WriteString(`</w:p>`)
}

// run writes one run of text.
func (x *docxWriter) run(text string, rs runStyle) {
	if text == "" {
		return
	}
	b := &x.b
	b.WriteString(`<w:r>`)
	if rs.bold || rs.size != 0 || rs.grey {
		b.WriteString(`<w:rPr>`)
		if rs.bold {
			b.WriteString(`<w:b/><w:bCs/>`)
		}
		if rs.grey {
			b.WriteString(`<w:color w:val="595959"/>`)
		}
		if rs.size != 0 {
			fmt.Fprintf(b, `<w:sz w:val="%d"/><w:szCs w:val="%d"/>`, rs.size, rs.size)
		}
		b.WriteString(`</w:rPr>`)
	}
	for i, line := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteString(`<w:br/>`)
		}
		for j, part := range strings.Split(line, "\t") {
			if j > 0 {
				b.WriteString(`<w:tab/>`)
			}
			if part != "" {
				b.WriteString(`<w:t xml:space="preserve">` + escapeXML(part) + `</w:t>`)
			}
		}
	}
	b.WriteString(`</w:r>`)
}

// grid splits the text width in proportion to weights, in whole twips that
// add up to the width.
func (x *docxWriter) grid(weights []float64) []int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	out := make([]int, len(weights))
	acc, prev := 0.0, 0
	for i, w := range weights {
		acc += w
		edge := int(math.Round(acc / total * float64(x.width)))
		out[i] = edge - prev
		prev = edge
	}
	return out
}

// tableStart opens a fixed-layout table on a grid; borders false removes
// every border (fields, signatures).
func (x *docxWriter) tableStart(cols []int, borders bool) {
	b := &x.b
	b.WriteString(`<w:tbl><w:tblPr>`)
	if borders {
		b.WriteString(`<w:tblStyle w:val="CronicaGrid"/>`)
	} else {
		b.WriteString(`<w:tblStyle w:val="CronicaPlain"/>`)
	}
	fmt.Fprintf(b, `<w:tblW w:w="%d" w:type="dxa"/><w:tblLayout w:type="fixed"/><w:tblLook w:val="0020" w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>`, x.width)
	for _, c := range cols {
		fmt.Fprintf(b, `<w:gridCol w:w="%d"/>`, c)
	}
	b.WriteString(`</w:tblGrid>`)
}

// tableEnd closes a table and adds the empty paragraph Word needs between
// two tables.
func (x *docxWriter) tableEnd() {
	x.b.WriteString(`</w:tbl><w:p><w:pPr><w:spacing w:before="0" w:after="60"/></w:pPr></w:p>`)
}

// cell writes one table cell holding one paragraph.
func (x *docxWriter) cell(width int, fill, borders, text string, rs runStyle) {
	b := &x.b
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/>%s`, width, borders)
	if fill != "" {
		b.WriteString(`<w:shd w:val="clear" w:color="auto" w:fill="` + fill + `"/>`)
	}
	b.WriteString(`</w:tcPr>`)
	x.para("CronicaCell", "", text, rs)
	b.WriteString(`</w:tc>`)
}

// table writes a Table: a header row repeated on each page, rows that do
// not split across pages, and the totals row.
func (x *docxWriter) table(t *Table) {
	weights := make([]float64, len(t.Columns))
	for i, c := range t.Columns {
		weights[i] = columnWeight(c)
	}
	cols := x.grid(weights)
	x.tableStart(cols, true)
	b := &x.b
	b.WriteString(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
	for i, c := range t.Columns {
		jc := "left"
		if c.Align.resolve(c.Kind) == Right {
			jc = "right"
		}
		x.cell(cols[i], "D9D9D9", "", c.Title, runStyle{bold: true, jc: jc})
	}
	b.WriteString(`</w:tr>`)
	row := func(cells []Cell, footer bool) {
		b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		borders := ""
		if footer {
			borders = `<w:tcBorders><w:top w:val="single" w:sz="12" w:space="0" w:color="000000"/></w:tcBorders>`
		}
		for i, c := range cells {
			col := t.Columns[i]
			fill := ""
			switch {
			case c.Shade:
				fill = "E8E8E8"
			case footer:
				fill = "F0F0F0"
			}
			jc := ""
			switch col.Align.resolve(col.Kind) {
			case Right:
				jc = "right"
			case Center:
				jc = "center"
			}
			x.cell(cols[i], fill, borders, x.p.loc.cellText(col.Kind, c.Text), runStyle{bold: c.Bold || footer, jc: jc})
		}
		b.WriteString(`</w:tr>`)
	}
	for _, cells := range t.Rows {
		row(cells, false)
	}
	if t.Footer != nil {
		row(t.Footer, true)
	}
	x.tableEnd()
}

// fields writes a label/value list as a borderless two-column table.
func (x *docxWriter) fields(f Fields) {
	if len(f.Items) == 0 {
		return
	}
	cols := x.grid([]float64{35, 65})
	x.tableStart(cols, false)
	for _, it := range f.Items {
		x.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		x.cell(cols[0], "", "", it.Label, runStyle{bold: true, size: 19})
		x.cell(cols[1], "", "", it.Value, runStyle{size: 19})
		x.b.WriteString(`</w:tr>`)
	}
	x.tableEnd()
}

// signatures writes the signature blocks side by side, three to a row
// (four in landscape): role, room to sign, a line with the name under it,
// the detail.
func (x *docxWriter) signatures(s Signatures) {
	if len(s.Items) == 0 {
		return
	}
	perRow := 3
	if x.p.Landscape {
		perRow = 4
	}
	n := min(max(len(s.Items), 2), perRow)
	weights := make([]float64, 2*n-1) // blocks with gutters between them
	for i := range weights {
		weights[i] = 10
		if i%2 == 1 {
			weights[i] = 1
		}
	}
	cols := x.grid(weights)
	x.b.WriteString(`<w:p><w:pPr><w:spacing w:before="240" w:after="0"/></w:pPr></w:p>`)
	x.tableStart(cols, false)
	line := `<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr><w:spacing w:before="720" w:after="0"/>`
	for start := 0; start < len(s.Items); start += perRow {
		x.b.WriteString(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for i := 0; i < n; i++ {
			if i > 0 {
				x.cell(cols[2*i-1], "", "", "", runStyle{})
			}
			fmt.Fprintf(&x.b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr>`, cols[2*i])
			if start+i < len(s.Items) {
				sig := s.Items[start+i]
				x.para("CronicaCell", "", sig.Role, runStyle{bold: true, size: 19})
				x.para("CronicaCell", line, sig.Name, runStyle{size: 19})
				x.para("CronicaCell", "", sig.Detail, runStyle{size: 16, grey: true})
			} else {
				x.para("CronicaCell", "", "", runStyle{})
			}
			x.b.WriteString(`</w:tc>`)
		}
		x.b.WriteString(`</w:tr>`)
	}
	x.tableEnd()
}

// footer is word/footer1.xml: the footer text and "PAGE/NUMPAGES" side by
// side in a borderless table.
func (x *docxWriter) footer() string {
	f := &docxWriter{p: x.p, width: x.width}
	b := &f.b
	b.WriteString(xmlHeader)
	b.WriteString(`<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	cols := []int{f.width - twipsPageNums, twipsPageNums}
	f.tableStart(cols, false)
	b.WriteString(`<w:tr>`)
	f.cell(cols[0], "", "", x.p.Footer, runStyle{size: 15, grey: true})
	fmt.Fprintf(b, `<w:tc><w:tcPr><w:tcW w:w="%d" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="CronicaCell"/><w:jc w:val="right"/></w:pPr>`, cols[1])
	num := `<w:rPr><w:color w:val="595959"/><w:sz w:val="15"/><w:szCs w:val="15"/></w:rPr>`
	b.WriteString(`<w:fldSimple w:instr=" PAGE "><w:r>` + num + `<w:t>1</w:t></w:r></w:fldSimple>`)
	b.WriteString(`<w:r>` + num + `<w:t>/</w:t></w:r>`)
	b.WriteString(`<w:fldSimple w:instr=" NUMPAGES "><w:r>` + num + `<w:t>1</w:t></w:r></w:fldSimple>`)
	b.WriteString(`</w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p></w:ftr>`)
	return b.String()
}

// escapeXML escapes text for element content and attribute values (the
// text was cleaned of characters XML cannot hold).
func escapeXML(s string) string {
	if !strings.ContainsAny(s, `&<>"`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

const docxContentTypes = xmlHeader + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const docxRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const docxDocumentRels = xmlHeader + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFooter1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`</Relationships>`

const docxApp = xmlHeader + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Cronica</Application></Properties>`

const docxSettings = xmlHeader + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="709"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`

// docxStyles declares DejaVu Sans everywhere, 10 pt text in the document's
// language, the title, subtitle and heading styles, the compact table-cell
// paragraph, a grid table style and a borderless one.
func docxStyles(lang string) string {
	tag := "en-GB"
	if lang == "ro" {
		tag = "ro-RO"
	}
	return strings.Replace(docxStylesTemplate, "LANG", tag, 1)
}

const docxStylesTemplate = xmlHeader + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="DejaVu Sans" w:hAnsi="DejaVu Sans" w:eastAsia="DejaVu Sans" w:cs="DejaVu Sans"/><w:sz w:val="20"/><w:szCs w:val="20"/><w:lang w:val="LANG" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>` +
	`<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="60"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:color w:val="595959"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="CronicaCell"><w:name w:val="Cronica Cell"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:customStyle="1" w:styleId="CronicaGrid"><w:name w:val="Cronica Grid"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders>` +
	`<w:top w:val="single" w:sz="4" w:space="0" w:color="969696"/><w:left w:val="single" w:sz="4" w:space="0" w:color="969696"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="969696"/><w:right w:val="single" w:sz="4" w:space="0" w:color="969696"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="969696"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="969696"/>` +
	`</w:tblBorders><w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="60" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:customStyle="1" w:styleId="CronicaPlain"><w:name w:val="Cronica Plain"/><w:basedOn w:val="TableNormal"/><w:tblPr><w:tblBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/></w:tblBorders><w:tblCellMar><w:top w:w="20" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="20" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`</w:styles>`
