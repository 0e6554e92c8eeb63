package identity_test

import (
	"strings"
	"testing"

	"cronica/domain/identity"
)

// validation is one case of a value check: the input, and either the
// normalised value or the rule code it breaks.
type validation struct {
	name       string
	in         string
	want       string // normalised value when code is ""
	code       string // the rule broken
	regression string // a known regression: the case is skipped with this explanation
}

func runValidations(t *testing.T, validate func(string) (string, error), tests []validation) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := validate(tt.in)
			if tt.code != "" {
				if ruleCode(err) != tt.code {
					t.Fatalf("(%q) = %q, %v; want rule %s", tt.in, got, err, tt.code)
				}
				if got != "" {
					t.Errorf("(%q) returned %q with its error", tt.in, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			}
		})
	}
}

func TestValidateCUI(t *testing.T) {
	const bad = "IDENTITY_CUI_INVALID"
	runValidations(t, identity.ValidateCUI, []validation{
		{name: "valid", in: "18547290", want: "18547290"},
		{name: "valid_vat_payer_prefix_removed", in: "RO18547290", want: "18547290"},
		{name: "lowercase_prefix", in: "ro18547290", want: "18547290"},
		{name: "spaces_removed", in: " RO 1854 7290 ", want: "18547290"},
		{name: "valid_other", in: "14399840", want: "14399840"},
		{name: "shortest", in: "19", want: "19"},                   // 1*2*10 % 11 = 9
		{name: "ten_digits", in: "1000000004", want: "1000000004"}, // 1*7*10 % 11 = 4
		{name: "wrong_control_digit", in: "18547291", code: bad},
		{name: "wrong_control_digit_with_prefix", in: "RO14399841", code: bad},
		{name: "letters", in: "1854A290", code: bad},
		{name: "other_prefix", in: "BG18547290", code: bad},
		{name: "prefix_twice", in: "RORO18547290", code: bad},
		{name: "too_long", in: "185472900000", code: bad},
		{name: "ten_digits_wrong_control", in: "1000000005", code: bad},
		{name: "eleven_digits", in: "10000000004", code: bad},
		{name: "leading_zero", in: "018547290", code: bad}, // same checksum as 18547290, but not a CUI
		{name: "one_digit", in: "7", code: bad},
		{name: "prefix_only", in: "RO", code: bad},
		{name: "empty", in: "", code: bad},
		{name: "negative", in: "-18547290", code: bad},
	})
}

func TestValidateCNP(t *testing.T) {
	const bad = "IDENTITY_CNP_INVALID"
	male1985 := cnp("185031240123") // man born 12 March 1985, Bucharest (40)
	wrongControl := male1985[:12] + string(rune('0'+(male1985[12]-'0'+1)%10))
	runValidations(t, identity.ValidateCNP, []validation{
		{name: "empty_allowed", in: "", want: ""},
		{name: "blank_is_empty", in: "   ", want: ""},
		{name: "male_born_1900s", in: male1985, want: male1985},
		{name: "trimmed", in: " " + male1985 + "\t", want: male1985},
		{name: "female_leap_day_1996", in: cnp("296022940018"), want: cnp("296022940018")},
		{name: "male_born_2000s", in: cnp("502123112345"), want: cnp("502123112345")},
		{name: "resident_foreigner", in: cnp("799123140017"), want: cnp("799123140017")},
		{name: "remainder_ten_gives_one", in: "1850312401091", want: "1850312401091"},
		{name: "remainder_ten_is_not_zero", in: "1850312401090", code: bad},
		{name: "wrong_control_digit", in: wrongControl, code: bad},
		{name: "month_thirteen", in: cnp("185131240123"), code: bad},
		{name: "month_zero", in: cnp("185001240123"), code: bad},
		{name: "day_zero", in: cnp("185030040123"), code: bad},
		{name: "day_thirty_two", in: cnp("185033240123"), code: bad},
		{name: "february_thirtieth", in: cnp("185023040123"), code: bad,
			regression: "ValidateCNP accepts 30 February: it checks day 1..31 without the month's length"},
		{name: "april_thirty_first", in: cnp("185043140123"), code: bad,
			regression: "ValidateCNP accepts 31 April: it checks day 1..31 without the month's length"},
		{name: "february_twenty_ninth_not_leap", in: cnp("185022940123"), code: bad,
			regression: "ValidateCNP accepts 29 February 1985, not a leap year"},
		{name: "sex_digit_zero", in: cnp("085031240123"), code: bad},
		{name: "twelve_digits", in: male1985[:12], code: bad},
		{name: "fourteen_digits", in: male1985 + "0", code: bad},
		{name: "letters", in: "18503124O1233", code: bad},
		{name: "inner_space", in: "185031 401233", code: bad},
	})
}

func TestValidateEmail(t *testing.T) {
	const bad = "IDENTITY_EMAIL_INVALID"
	local := strings.Repeat("a", 64)
	domain254 := strings.Repeat("b", 254-len(local)-1-3) + ".ro" // 254 characters in all
	runValidations(t, identity.ValidateEmail, []validation{
		{name: "good", in: "ana.popescu@example.ro", want: "ana.popescu@example.ro"},
		{name: "lowercased_and_trimmed", in: "  Ana.Popescu@Example.RO \n", want: "ana.popescu@example.ro"},
		{name: "plus_and_subdomain", in: "ana+cronica@mail.uni.ro", want: "ana+cronica@mail.uni.ro"},
		{name: "exactly_254", in: local + "@" + domain254, want: local + "@" + domain254},
		{name: "length_255", in: local + "@b" + domain254, code: bad},
		{name: "no_at", in: "ana.example.ro", code: bad},
		{name: "two_at", in: "ana@popescu@example.ro", code: bad},
		{name: "nothing_before_at", in: "@example.ro", code: bad},
		{name: "inner_space", in: "ana popescu@example.ro", code: bad},
		{name: "space_in_domain", in: "ana@exam ple.ro", code: bad},
		{name: "tab", in: "ana\t@example.ro", code: bad},
		{name: "no_dot_in_domain", in: "ana@localhost", code: bad},
		{name: "dot_only_in_local_part", in: "ana.popescu@example", code: bad},
		{name: "trailing_dot", in: "ana@example.ro.", code: bad},
		{name: "angle_brackets", in: "Ana <ana@example.ro>", code: bad},
		{name: "empty", in: "", code: bad},
		{name: "blank", in: "   ", code: bad},
		{name: "nul_byte", in: "ana\x00@example.ro", code: bad,
			regression: "ValidateEmail refuses only space, tab, CR and LF among control characters: NUL, DEL and the rest pass"},
	})
}

func TestValidatePhone(t *testing.T) {
	const bad = "IDENTITY_PHONE_INVALID"
	runValidations(t, identity.ValidatePhone, []validation{
		{name: "empty_allowed", in: "", want: ""},
		{name: "blank_is_empty", in: "  ", want: ""},
		{name: "international", in: "+40 721 234 567", want: "+40 721 234 567"},
		{name: "national_with_dashes", in: "0721-234-567", want: "0721-234-567"},
		{name: "landline_parentheses_dots", in: "(021) 312.34.56", want: "(021) 312.34.56"},
		{name: "trimmed", in: " 0721234567 ", want: "0721234567"},
		{name: "six_digits", in: "112233", want: "112233"},
		{name: "fifteen_digits", in: "+123456789012345", want: "+123456789012345"},
		{name: "five_digits", in: "12345", code: bad},
		{name: "sixteen_digits", in: "+1234567890123456", code: bad},
		{name: "letters", in: "0721 CRONICA", code: bad},
		{name: "plus_inside", in: "0040+721234567", code: bad},
		{name: "two_pluses", in: "++40721234567", code: bad},
		{name: "slash", in: "0721/234567", code: bad},
		{name: "arabic_indic_digits", in: "٠٧٢١٢٣٤٥٦٧", code: bad},
	})
}

// Free-text fields are checked the same way everywhere; a group's name
// (required, at most 100 runes) and an organisation's legal name (at most
// 200) show it.
func TestTextFields(t *testing.T) {
	romanian := "ăâîșțĂÂÎȘȚ" // 10 runes, 20 bytes
	tests := []struct {
		name    string
		in      string
		want    string
		code    string
		details map[string]any
	}{
		{name: "plain", in: "Echipa de cercetare", want: "Echipa de cercetare"},
		{name: "trimmed", in: "  Echipa\t", want: "Echipa"},
		{name: "romanian_letters", in: "Științe și tehnologie", want: "Științe și tehnologie"},
		{name: "hundred_runes_of_two_bytes", in: strings.Repeat(romanian, 10), want: strings.Repeat(romanian, 10)},
		{name: "hundred_and_one_runes", in: strings.Repeat(romanian, 10) + "ț", code: "IDENTITY_FIELD_TOO_LONG",
			details: map[string]any{"field": "name", "max": 100}},
		{name: "required", in: "", code: "IDENTITY_FIELD_REQUIRED", details: map[string]any{"field": "name"}},
		{name: "blank_is_missing", in: " \t\n ", code: "IDENTITY_FIELD_REQUIRED"},
		{name: "inner_newline", in: "Echipa\nA", code: "IDENTITY_FIELD_INVALID", details: map[string]any{"field": "name"}},
		{name: "bell", in: "Echipa\aA", code: "IDENTITY_FIELD_INVALID"},
		{name: "nul", in: "Echipa\x00", code: "IDENTITY_FIELD_INVALID"},
		{name: "c1_control", in: "Echipa\u0085A", code: "IDENTITY_FIELD_INVALID"},
		{name: "invalid_utf8", in: "Echipa \xff", code: "IDENTITY_FIELD_INVALID"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := identity.CreateGroup(groupTeam, orgA, tt.in)
			if tt.code != "" {
				check(t, nil, err, then{code: tt.code, details: tt.details})
				return
			}
			check(t, g.Changes(), err, then{events: events(&identity.GroupCreated{GroupID: groupTeam, OrgID: orgA, Name: tt.want})})
		})
	}

	t.Run("legal_name_limit_is_200_runes", func(t *testing.T) {
		d := orgDetails()
		d.LegalName = strings.Repeat(romanian, 20)
		if _, err := identity.RegisterOrganization(orgA, d); err != nil {
			t.Fatalf("200 runes (400 bytes): %v", err)
		}
		d.LegalName += "ă"
		_, err := identity.RegisterOrganization(orgA, d)
		check(t, nil, err, then{code: "IDENTITY_FIELD_TOO_LONG", details: map[string]any{"field": "legal_name", "max": 200}})
	})
}

func TestEmailClaimID(t *testing.T) {
	// Computed independently: Python's uuid.uuid5(UUID("6b1f8c2a-4d3e-4b71-9a52-0e3c7d8815a4"),
	// "ana.popescu@example.ro"). A change here orphans every stored claim.
	const golden = "97b87230-8445-5c3d-a721-0d1f1ea4c67a"
	id := identity.EmailClaimID("ana.popescu@example.ro")
	if id != golden {
		t.Fatalf("EmailClaimID = %s, want %s", id, golden)
	}
	tests := []struct {
		name, email string
		same        bool
	}{
		{"stable", "ana.popescu@example.ro", true},
		{"case_insensitive", "Ana.Popescu@EXAMPLE.ro", true},
		{"space_insensitive", "  ana.popescu@example.ro\t\n", true},
		{"other_address", "ana.popescu@example.com", false},
		{"other_local_part", "ana.popescu2@example.ro", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := identity.EmailClaimID(tt.email)
			if (got == id) != tt.same {
				t.Fatalf("EmailClaimID(%q) = %s; same as %s: %v, want %v", tt.email, got, id, got == id, tt.same)
			}
			if !identity.ValidID(got) {
				t.Errorf("%s is not a canonical uuid", got)
			}
			if got[14] != '5' {
				t.Errorf("%s: version %c, want 5", got, got[14])
			}
			if !strings.ContainsRune("89ab", rune(got[19])) {
				t.Errorf("%s: variant nibble %c, want RFC 4122 (8, 9, a or b)", got, got[19])
			}
		})
	}
}

func TestClaimEmail(t *testing.T) {
	e, err := identity.ClaimEmail(" Ana.Popescu@Example.RO ", accAdmin, orgA)
	check(t, nil, err, then{})
	want := &identity.EmailClaimed{Email: "ana.popescu@example.ro", AccountID: accAdmin, OrgID: orgA}
	if *e != *want || e.EventType() != identity.TypeEmailClaimed {
		t.Fatalf("claim = %+v (%s), want %+v", e, e.EventType(), want)
	}
	_, err = identity.ClaimEmail("ana", accAdmin, orgA)
	check(t, nil, err, then{code: "IDENTITY_EMAIL_INVALID"})
}

func TestValidID(t *testing.T) {
	tests := []struct {
		name, id string
		ok       bool
	}{
		{"canonical", orgA, true},
		{"uppercase", strings.ToUpper(orgA), false},
		{"no_dashes", strings.ReplaceAll(orgA, "-", ""), false},
		{"braces", "{" + orgA + "}", false},
		{"dash_misplaced", "0a00000-00000-4000-8000-00000000000a", false},
		{"non_hex", "0g000000-0000-4000-8000-00000000000a", false},
		{"empty", "", false},
		{"system", "system", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := identity.ValidID(tt.id); got != tt.ok {
				t.Fatalf("ValidID(%q) = %v", tt.id, got)
			}
		})
	}
}
