package render

import (
	"fmt"
	"strings"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/signintech/gopdf"
)

// The PDF font families; they are also the /BaseFont names in the file.
const (
	familyRegular = "DejaVuSans"
	familyBold    = "DejaVuSans-Bold"
)

// fonts holds DejaVu Sans regular and bold, parsed once: a gopdf font
// container every PDF copies its faces from, and each face's advance widths
// for the whole Basic Multilingual Plane, so text is measured without
// touching a document. Nothing in it changes after loadFonts, so any number
// of goroutines may use it.
type fonts struct {
	container *gopdf.FontContainer
	regular   face
	bold      face
}

// face is one font's metrics, in thousandths of the font size.
type face struct {
	widths    []uint16 // advance width per BMP code point; missingGlyph where the font has none
	ascender  float64
	descender float64 // negative
}

// missingGlyph marks a code point the face cannot draw.
const missingGlyph = 0xFFFF

// loadFonts parses the TTF data embedded in the dejavu module (never a
// system font file), so every machine draws and embeds the same glyphs.
func loadFonts() (*fonts, error) {
	f := &fonts{container: new(gopdf.FontContainer)}
	for _, spec := range []struct {
		family string
		ttf    []byte
		face   *face
	}{{familyRegular, dejavusans.TTF, &f.regular}, {familyBold, dejavusansbold.TTF, &f.bold}} {
		if err := f.container.AddTTFFontData(spec.family, spec.ttf); err != nil {
			return nil, fmt.Errorf("parse %s: %w", spec.family, err)
		}
		fc, err := measureFace(spec.ttf)
		if err != nil {
			return nil, fmt.Errorf("measure %s: %w", spec.family, err)
		}
		*spec.face = fc
	}
	return f, nil
}

// measureFace reads the advance width of every BMP code point the way gopdf
// computes it when it lays text out (no kerning).
func measureFace(ttf []byte) (face, error) {
	var s gopdf.SubsetFontObj
	s.SetTtfFontOption(gopdf.TtfOption{})
	if err := s.SetTTFData(ttf); err != nil {
		return face{}, err
	}
	p := s.GetTTFParser()
	upem := float64(p.UnitsPerEm())
	fc := face{
		widths:    make([]uint16, 0x10000),
		ascender:  float64(p.TypoAscender()) * 1000 / upem,
		descender: float64(p.TypoDescender()) * 1000 / upem,
	}
	for r := range fc.widths {
		fc.widths[r] = missingGlyph
	}
	// Walk the format 4 cmap segment by segment, as gopdf's
	// charCodeToGlyphIndexFormat4 maps one code point (the first segment
	// whose end is not below it wins); asking it for each of the 65,536
	// code points would scan the segments every time.
	for seg := uint(0); seg < p.SegCount; seg++ {
		start, end := p.StartCount[seg], p.EndCount[seg]
		for c := start; c <= end && c < 0x10000; c++ {
			if fc.widths[c] != missingGlyph || (c >= 0xD800 && c <= 0xDFFF) {
				continue
			}
			var g uint
			if p.IdRangeOffset[seg] == 0 {
				g = (c + p.IdDelta[seg]) & 0xFFFF
			} else {
				idx := p.IdRangeOffset[seg]/2 + (c - start) - (p.SegCount - seg)
				if idx >= uint(len(p.GlyphIdArray)) || p.GlyphIdArray[idx] == 0 {
					continue
				}
				g = (p.GlyphIdArray[idx] + p.IdDelta[seg]) & 0xFFFF
			}
			if g != 0 {
				fc.widths[c] = uint16(s.GlyphIndexToPdfWidth(g))
			}
		}
	}
	return fc, nil
}

// has reports whether the face draws r.
func (f *face) has(r rune) bool {
	return r >= 0 && r < 0x10000 && f.widths[r] != missingGlyph
}

// width is the advance of s at the given size, in points, as gopdf places it.
func (f *face) width(s string, size float64) float64 {
	sum := 0
	for _, r := range s {
		if f.has(r) {
			sum += int(f.widths[r])
		}
	}
	return float64(sum) * size / 1000
}

// runeWidth is the advance of r at the given size, in points.
func (f *face) runeWidth(r rune, size float64) float64 {
	if !f.has(r) {
		return 0
	}
	return float64(f.widths[r]) * size / 1000
}

// drawable returns s with tabs as spaces and every character the face
// lacks as '?', so what is measured is what is drawn (gopdf would draw a
// space instead, silently).
func (f *face) drawable(s string) string {
	ok := true
	for _, r := range s {
		if !f.has(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case !f.has(r):
			return '?'
		}
		return r
	}, s)
}
