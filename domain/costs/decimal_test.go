package costs

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"
)

// dec parses a decimal or fails the test.
func dec(t testing.TB, s string) Decimal {
	t.Helper()
	var d Decimal
	if err := d.UnmarshalText([]byte(s)); err != nil {
		t.Fatalf("decimal %q: %v", s, err)
	}
	return d
}

// q parses a decimal or fraction into a big.Rat or fails the test.
func q(t testing.TB, s string) *big.Rat { t.Helper(); return dec(t, s).Rat() }

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string // "" when refused
	}{
		{"integer", "60000", "60000"},
		{"two_decimals", "279.07", "279.07"},
		{"trailing_zeros_dropped", "7.50", "7.5"},
		{"negative", "-0.5", "-0.5"},
		{"plus_sign", "+3", "3"},
		{"leading_point", ".25", "0.25"},
		{"many_decimals", "0.123456789012345678901", "0.123456789012345678901"},
		{"empty", "", ""},
		{"sign_only", "-", ""},
		{"point_only", ".", ""},
		{"exponent", "1e3", ""},
		{"fraction", "1/3", ""},
		{"comma", "279,07", ""},
		{"thousands", "60,000", ""},
		{"space", " 1", ""},
		{"two_points", "1.2.3", ""},
		{"sign_inside", "1-2", ""},
		{"hex", "0x10", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseDecimal(tt.in)
			switch {
			case tt.want == "" && !errors.Is(err, ErrNotDecimal):
				t.Errorf("ParseDecimal(%q) = %v, %v; want ErrNotDecimal", tt.in, d, err)
			case tt.want != "" && (err != nil || d.String() != tt.want):
				t.Errorf("ParseDecimal(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
			}
		})
	}
}

func TestDecimalString(t *testing.T) {
	tests := []struct {
		name   string
		x      *big.Rat
		exact  string
		fixed4 string
	}{
		{"zero", new(big.Rat), "0", "0.0000"},
		{"integer", big.NewRat(215, 1), "215", "215.0000"},
		{"half", big.NewRat(43, 2), "21.5", "21.5000"},
		{"power_of_two_denominator", big.NewRat(1, 64), "0.015625", "0.0156"},
		{"power_of_five_denominator", big.NewRat(3, 125), "0.024", "0.0240"},
		{"daily_rate_is_a_fraction", big.NewRat(60000, 215), "12000/43", "279.0698"},
		{"monthly_hours", big.NewRat(1720, 12), "430/3", "143.3333"},
		{"negative_fraction", big.NewRat(-2, 3), "-2/3", "-0.6667"},
		{"negative_half_rounds_away", big.NewRat(-1, 20000), "-0.00005", "-0.0001"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := DecimalOf(tt.x)
			if got := d.String(); got != tt.exact {
				t.Errorf("String = %s, want %s", got, tt.exact)
			}
			if got := d.Fixed(4); got != tt.fixed4 {
				t.Errorf("Fixed(4) = %s, want %s", got, tt.fixed4)
			}
			var back Decimal
			if err := back.UnmarshalText([]byte(d.String())); err != nil || !back.Equal(d) {
				t.Errorf("round trip of %s = %v, %v", d, back, err)
			}
		})
	}
}

func TestDecimalIsAValue(t *testing.T) {
	x := big.NewRat(1, 2)
	d := DecimalOf(x)
	x.SetInt64(7)
	r := d.Rat()
	r.SetInt64(9)
	if d.String() != "0.5" {
		t.Errorf("Decimal changed with its source or its Rat(): %s", d)
	}
	if (Decimal{}).String() != "0" || !(Decimal{}).IsZero() {
		t.Errorf("zero Decimal is %q", Decimal{}.String())
	}
}

func TestDecimalUnmarshalRefuses(t *testing.T) {
	for _, s := range []string{"1/0", "1/-2", "1.5/2", "a/b", "1/", "x"} {
		var d Decimal
		if err := d.UnmarshalText([]byte(s)); !errors.Is(err, ErrNotDecimal) {
			t.Errorf("UnmarshalText(%q) = %v, want ErrNotDecimal", s, err)
		}
	}
}

func TestMoneyRounding(t *testing.T) {
	tests := []struct {
		name string
		x    string
		want string
	}{
		{"worked_example", "12000/43*160", "44651.16"},
		{"half_cent_up", "0.005", "0.01"},
		{"half_cent_negative_away_from_zero", "-0.005", "-0.01"},
		{"just_below_half", "0.004999", "0.00"},
		{"exact_2_675_not_float", "2.675", "2.68"},
		{"exact_1_005_not_float", "1.005", "1.01"},
		{"negative_small", "-0.5", "-0.50"},
		{"negative_rounds_to_zero", "-0.001", "0.00"},
		{"whole", "34000", "34000.00"},
		{"third", "1/3", "0.33"},
		{"two_thirds", "2/3", "0.67"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := new(big.Rat)
			if tt.x == "12000/43*160" {
				x.Mul(big.NewRat(12000, 43), big.NewRat(160, 1))
			} else {
				x = q(t, tt.x)
			}
			if got := MoneyOf(x).String(); got != tt.want {
				t.Errorf("MoneyOf(%s) = %s, want %s", tt.x, got, tt.want)
			}
			if got := DecimalOf(RoundCents(x)).Fixed(2); got != tt.want {
				t.Errorf("RoundCents(%s) = %s, want %s", tt.x, got, tt.want)
			}
		})
	}
}

func TestRound(t *testing.T) {
	x := big.NewRat(60000, 215)
	for places, want := range []string{"279", "279.1", "279.07", "279.07", "279.0698"} {
		if got := DecimalOf(Round(x, places)).String(); got != want {
			t.Errorf("Round(60000/215, %d) = %s, want %s", places, got, want)
		}
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		ok   bool
	}{
		{"cents", "44651.16", "44651.16", true},
		{"whole", "60000", "60000.00", true},
		{"one_decimal", "0.5", "0.50", true},
		{"negative", "-12.30", "-12.30", true},
		{"three_decimals_refused", "1.005", "", false},
		{"trailing_zero_third_decimal_allowed", "1.500", "1.50", true},
		{"not_a_number", "abc", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ParseMoney(tt.in)
			if (err == nil) != tt.ok || tt.ok && m.String() != tt.want {
				t.Errorf("ParseMoney(%q) = %s, %v; want %s, ok=%v", tt.in, m, err, tt.want, tt.ok)
			}
		})
	}
}

func TestMoneyJSON(t *testing.T) {
	type doc struct {
		Cost Money   `json:"cost"`
		Zero Money   `json:"zero"`
		Rate Decimal `json:"rate"`
	}
	in := doc{Cost: MoneyOf(new(big.Rat).Mul(big.NewRat(12000, 43), big.NewRat(160, 1))), Rate: DecimalOf(big.NewRat(12000, 43))}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"cost":"44651.16","zero":"0.00","rate":"12000/43"}`; string(b) != want {
		t.Errorf("json = %s, want %s", b, want)
	}
	var out doc
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.Cost.Cmp(in.Cost) != 0 || !out.Rate.Equal(in.Rate) || !out.Zero.IsZero() {
		t.Errorf("round trip = %+v", out)
	}
	if err := json.Unmarshal([]byte(`{"cost":"1.234"}`), &out); !errors.Is(err, ErrNotDecimal) {
		t.Errorf("unmarshal of 1.234 as money: %v, want ErrNotDecimal", err)
	}
}

func TestMoneyAdd(t *testing.T) {
	a, _ := ParseMoney("0.10")
	b, _ := ParseMoney("0.20")
	if got := a.Add(b).String(); got != "0.30" {
		t.Errorf("0.10 + 0.20 = %s", got)
	}
	if got := a.Add(b).Decimal().String(); got != "0.3" {
		t.Errorf("Decimal of 0.30 = %s", got)
	}
	if got := (Money{}).Add(a).Cents().Int64(); got != 10 {
		t.Errorf("cents = %d", got)
	}
}
