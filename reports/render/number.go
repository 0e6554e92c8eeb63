package render

import (
	"strings"
	"time"
)

// decimal is a parsed decimal text: sign, integer digits (no leading zeros
// but one) and fraction digits, as given. No floating point is involved, so
// what is printed is exactly what the Cell said.
type decimal struct {
	neg  bool
	int  string
	frac string
}

// parseDecimal reads "-?[0-9]+(\.[0-9]+)?"; ok is false for anything else
// (grouping, '+', exponents, a comma, spaces).
func parseDecimal(s string) (decimal, bool) {
	var d decimal
	if strings.HasPrefix(s, "-") {
		d.neg = true
		s = s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if !allDigits(intPart) || (hasDot && !allDigits(frac)) {
		return decimal{}, false
	}
	d.int = strings.TrimLeft(intPart, "0")
	if d.int == "" {
		d.int = "0"
	}
	d.frac = frac
	if d.isZero() {
		d.neg = false // "-0" and "-0.00" print without a sign
	}
	return d, true
}

// allDigits reports whether s is one or more ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func (d decimal) isZero() bool {
	return strings.Trim(d.int, "0") == "" && strings.Trim(d.frac, "0") == ""
}

// roundTo returns d with exactly n fraction digits, rounding half away from
// zero when it had more and padding with zeros when it had fewer.
func (d decimal) roundTo(n int) decimal {
	if len(d.frac) <= n {
		d.frac += strings.Repeat("0", n-len(d.frac))
		return d
	}
	roundUp := d.frac[n] >= '5'
	digits := []byte(d.int + d.frac[:n])
	if roundUp {
		i := len(digits) - 1
		for ; i >= 0; i-- {
			if digits[i] == '9' {
				digits[i] = '0'
				continue
			}
			digits[i]++
			break
		}
		if i < 0 {
			digits = append([]byte{'1'}, digits...)
		}
	}
	intLen := len(digits) - n
	r := decimal{neg: d.neg, int: strings.TrimLeft(string(digits[:intLen]), "0"), frac: string(digits[intLen:])}
	if r.int == "" {
		r.int = "0"
	}
	if r.isZero() {
		r.neg = false
	}
	return r
}

// timesHundred moves the decimal point two places right (a fraction as a
// percentage), keeping every digit.
func (d decimal) timesHundred() decimal {
	frac := d.frac + strings.Repeat("0", max(0, 2-len(d.frac)))
	r := decimal{neg: d.neg, int: strings.TrimLeft(d.int+frac[:2], "0"), frac: frac[2:]}
	if r.int == "" {
		r.int = "0"
	}
	return r
}

// locale holds the separators of a language.
type locale struct {
	group, point string
	percent      string // what follows a percentage
	date         string // time layout of a date
}

// localeOf returns the separators of "ro" or "en" (the document was
// validated, so nothing else arrives here).
func localeOf(lang string) locale {
	if lang == "ro" {
		return locale{group: ".", point: ",", percent: " %", date: "02.01.2006"}
	}
	return locale{group: ",", point: ".", percent: "%", date: "2006-01-02"}
}

// format prints d with the locale's grouping and decimal point.
func (l locale) format(d decimal) string {
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(d.int); i++ {
		if i > 0 && (len(d.int)-i)%3 == 0 {
			b.WriteString(l.group)
		}
		b.WriteByte(d.int[i])
	}
	if d.frac != "" {
		b.WriteString(l.point)
		b.WriteString(d.frac)
	}
	return b.String()
}

// cellText is what the PDF and DOCX print for a cell of the given kind: the
// number or date formatted for the language, text (and a footer's label)
// as it is.
func (l locale) cellText(k Kind, text string) string {
	if text == "" {
		return ""
	}
	if k.numeric() {
		d, ok := parseDecimal(text)
		if !ok {
			return text // a footer label
		}
		switch k {
		case Money:
			d = d.roundTo(2)
		case Percent:
			return l.format(d.timesHundred()) + l.percent
		}
		return l.format(d)
	}
	switch k {
	case Date:
		t, err := time.Parse(isoDate, text)
		if err != nil {
			return text
		}
		return t.Format(l.date)
	}
	return text
}

// isoDate is the layout of a Date cell.
const isoDate = "2006-01-02"

// excelSerial returns the Excel serial day number of an ISO date: days
// since 1899-12-30, day 0 of Excel's 1900 date system for every date from
// 1900-03-01 on (Excel counts a 29 February 1900 that never was).
func excelSerial(text string) (int, error) {
	t, err := time.Parse(isoDate, text)
	if err != nil {
		return 0, err
	}
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	return int((t.Unix() - epoch.Unix()) / 86400), nil
}
