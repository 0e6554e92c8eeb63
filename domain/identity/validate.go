package identity

import (
	"strings"
	"time"
	"unicode"

	"cronica/domain"
)

// text checks a required or optional one-line field (domain.Text).
func text(field, value string, required bool, max int) (string, error) {
	return domain.Text("IDENTITY", field, value, required, max)
}

// ValidateEmail checks a plausible address (one @, a dot in the domain, no
// spaces, at most 254 characters) and returns it normalised.
func ValidateEmail(email string) (string, error) {
	e := NormalizeEmail(email)
	at := strings.IndexByte(e, '@')
	bad := e == "" || len(e) > 254 || at < 1 || at != strings.LastIndexByte(e, '@') ||
		!strings.Contains(e[at+1:], ".") || strings.HasSuffix(e, ".") || strings.ContainsAny(e, " <>(),;:\"[]\\") ||
		strings.IndexFunc(e, unicode.IsControl) >= 0
	if bad {
		return "", domain.Rule("IDENTITY_EMAIL_INVALID", "the email address is not valid", "adresa de email nu este validă",
			map[string]any{"field": "email"})
	}
	return e, nil
}

// ValidatePhone accepts an optional phone number: digits, spaces, dashes,
// dots, parentheses and a leading +, with 6 to 15 digits.
func ValidatePhone(phone string) (string, error) {
	p := strings.TrimSpace(phone)
	if p == "" {
		return "", nil
	}
	digits := 0
	for i, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' && i == 0, r == ' ', r == '-', r == '.', r == '(', r == ')':
		default:
			digits = -1000
		}
	}
	if digits < 6 || digits > 15 {
		return "", domain.Rule("IDENTITY_PHONE_INVALID", "the phone number is not valid", "numărul de telefon nu este valid",
			map[string]any{"field": "phone"})
	}
	return p, nil
}

// ValidateCUI checks a Romanian fiscal code (CUI/CIF): an optional "RO"
// prefix (VAT payers), then 2 to 10 digits whose last is the control digit
// computed with the key 753217532. It returns the digits without prefix.
func ValidateCUI(cui string) (string, error) {
	c := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(cui), " ", ""))
	c = strings.TrimPrefix(c, "RO")
	bad := domain.Rule("IDENTITY_CUI_INVALID", "the registration code (CUI) is not valid", "codul unic de înregistrare (CUI) nu este valid",
		map[string]any{"field": "registration_code"})
	if len(c) < 2 || len(c) > 10 || strings.TrimLeft(c, "0123456789") != "" || c[0] == '0' {
		return "", bad
	}
	const key = "753217532"
	body, control := c[:len(c)-1], int(c[len(c)-1]-'0')
	body = strings.Repeat("0", 9-len(body)) + body
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(body[i]-'0') * int(key[i]-'0')
	}
	want := sum * 10 % 11
	if want == 10 {
		want = 0
	}
	if want != control {
		return "", bad
	}
	return c, nil
}

// ValidateCNP checks a Romanian personal numeric code: 13 digits, a valid
// sex/century digit and date, and the control digit computed with the key
// 279146358279. An empty CNP is allowed (it is optional).
func ValidateCNP(cnp string) (string, error) {
	c := strings.TrimSpace(cnp)
	if c == "" {
		return "", nil
	}
	bad := domain.Rule("IDENTITY_CNP_INVALID", "the personal numeric code (CNP) is not valid", "codul numeric personal (CNP) nu este valid",
		map[string]any{"field": "cnp"})
	if len(c) != 13 || strings.TrimLeft(c, "0123456789") != "" || c[0] == '0' {
		return "", bad
	}
	month := int(c[3]-'0')*10 + int(c[4]-'0')
	day := int(c[5]-'0')*10 + int(c[6]-'0')
	yy := int(c[1]-'0')*10 + int(c[2]-'0')
	year := 2000 // 7, 8, 9 (residents, foreigners) do not give the century: 2000 is a leap year, so 29 February passes
	switch c[0] {
	case '1', '2':
		year = 1900 + yy
	case '3', '4':
		year = 1800 + yy
	case '5', '6':
		year = 2000 + yy
	}
	if month < 1 || month > 12 || day < 1 || day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return "", bad
	}
	const key = "279146358279"
	sum := 0
	for i := 0; i < 12; i++ {
		sum += int(c[i]-'0') * int(key[i]-'0')
	}
	want := sum % 11
	if want == 10 {
		want = 1
	}
	if want != int(c[12]-'0') {
		return "", bad
	}
	return c, nil
}
