package render

import (
	"strings"
	"testing"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/signintech/gopdf"
)

func TestCellText(t *testing.T) {
	for _, tc := range []struct {
		name   string
		kind   Kind
		in     string
		ro, en string
	}{
		{"number_grouped", Number, "1234.5", "1.234,5", "1,234.5"},
		{"number_as_given", Number, "0.250", "0,250", "0.250"},
		{"number_leading_zeros", Number, "007", "7", "7"},
		{"negative", Number, "-1234567.25", "-1.234.567,25", "-1,234,567.25"},
		{"negative_zero", Number, "-0.00", "0,00", "0.00"},
		{"integer", Integer, "1000000", "1.000.000", "1,000,000"},
		{"money_padded", Money, "1234.5", "1.234,50", "1,234.50"},
		{"money_whole", Money, "3", "3,00", "3.00"},
		{"money_round_half_up", Money, "2.345", "2,35", "2.35"},
		{"money_round_down", Money, "2.344999", "2,34", "2.34"},
		{"money_round_carry", Money, "999.995", "1.000,00", "1,000.00"},
		{"money_negative_round", Money, "-0.005", "-0,01", "-0.01"},
		{"money_negative_to_zero", Money, "-0.004", "0,00", "0.00"},
		{"percent", Percent, "0.25", "25 %", "25%"},
		{"percent_fraction", Percent, "0.125", "12,5 %", "12.5%"},
		{"percent_whole", Percent, "1", "100 %", "100%"},
		{"percent_big", Percent, "12.5", "1.250 %", "1,250%"},
		{"date", Date, "2026-11-03", "03.11.2026", "2026-11-03"},
		{"text", Text, "1234.5", "1234.5", "1234.5"},
		{"blank", Money, "", "", ""},
		{"footer_label", Money, "Total", "Total", "Total"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := localeOf("ro").cellText(tc.kind, tc.in); got != tc.ro {
				t.Errorf("ro: %q, want %q", got, tc.ro)
			}
			if got := localeOf("en").cellText(tc.kind, tc.in); got != tc.en {
				t.Errorf("en: %q, want %q", got, tc.en)
			}
		})
	}
}

func TestExcelSerial(t *testing.T) {
	for in, want := range map[string]int{"1900-03-01": 61, "2026-01-01": 46023, "9999-12-31": 2958465} {
		if got, err := excelSerial(in); err != nil || got != want {
			t.Errorf("%s: %d %v, want %d", in, got, err, want)
		}
	}
}

func TestSheetNames(t *testing.T) {
	tables := []*Table{
		{Name: "Pontaj"}, {Name: "pontaj "}, {Name: "a/b:c?d*e[f]g\\h"}, {Name: "'quoted'"}, {Name: ""},
		{Name: "History"}, {Name: "info"}, {Name: strings.Repeat("Ș", 40)}, {Name: strings.Repeat("Ș", 35)},
	}
	want := []string{
		"Pontaj", "pontaj (2)", "a_b_c_d_e_f_g_h", "quoted", "Table 5",
		"History_", "info (2)", strings.Repeat("Ș", 31), strings.Repeat("Ș", 27) + " (2)",
	}
	got := sheetNames(tables)
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%q -> %q, want %q", tables[i].Name, got[i], want[i])
		}
	}
}

// TestFaceWidths: the width table built from the cmap segments agrees with
// gopdf's own lookup for every BMP code point.
func TestFaceWidths(t *testing.T) {
	f, err := loadFonts()
	if err != nil {
		t.Fatal(err)
	}
	for i, fc := range []*face{&f.regular, &f.bold} {
		var ref gopdf.SubsetFontObj
		ref.SetTtfFontOption(gopdf.TtfOption{})
		if err := ref.SetTTFData([][]byte{dejavusans.TTF, dejavusansbold.TTF}[i]); err != nil {
			t.Fatal(err)
		}
		for r := rune(0); r < 0x10000; r++ {
			if r > 0x600 && r%11 != 0 {
				continue // every code point of the Latin, Greek and Cyrillic blocks, a sample of the rest
			}
			g, err := ref.CharCodeToGlyphIndex(r)
			has := err == nil && g != 0 && (r < 0xD800 || r > 0xDFFF)
			if has != fc.has(r) || has && uint(fc.widths[r]) != ref.GlyphIndexToPdfWidth(g) {
				t.Fatalf("face %d, %U: table says %v/%d, gopdf %v/%d", i, r, fc.has(r), fc.widths[r], has, ref.GlyphIndexToPdfWidth(g))
			}
		}
		n := 0
		for r := rune(0x20); r < 0x10000; r++ {
			if fc.has(r) {
				n++
			}
		}
		if n < 5000 {
			t.Errorf("only %d code points drawable", n)
		}
		for _, r := range "ăâîșțĂÂÎȘȚşţŞŢ…€—" {
			if !fc.has(r) {
				t.Errorf("no glyph for %q", r)
			}
		}
	}
}
