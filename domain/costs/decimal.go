package costs

import (
	"fmt"
	"math/big"
	"strings"
)

// Decimal is an exact rational number (hours, days, factors, rates, money
// before rounding) for inputs and results. It wraps a big.Rat that is never
// changed after construction, so a Decimal is a value: safe to copy and to
// share between goroutines. The zero Decimal is 0.
//
// In JSON and String it is written as an exact decimal ("279.07") when it
// has one, otherwise as an exact fraction ("12000/43"): a rate like
// 60000/215 is kept exact; use Fixed to display it rounded.
type Decimal struct{ r *big.Rat }

// DecimalOf is x as a Decimal (a copy: later changes to x do not show);
// nil is 0.
func DecimalOf(x *big.Rat) Decimal {
	if x == nil {
		return Decimal{}
	}
	return Decimal{new(big.Rat).Set(x)}
}

// DecimalInt is n as a Decimal.
func DecimalInt(n int64) Decimal { return Decimal{new(big.Rat).SetInt64(n)} }

// ParseDecimal reads a plain decimal number: an optional sign, digits, and
// optionally a point and more digits ("60000", "279.07", "-0.5", ".5").
// Exponents, fractions, thousands separators and spaces are refused.
func ParseDecimal(s string) (Decimal, error) {
	r, err := parseDecimal(s)
	if err != nil {
		return Decimal{}, err
	}
	return Decimal{r}, nil
}

func parseDecimal(s string) (*big.Rat, error) {
	digits, point := 0, false
	for i, c := range s {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		case (c == '-' || c == '+') && i == 0:
		default:
			digits = -1
		}
		if digits < 0 {
			break
		}
	}
	if digits <= 0 {
		return nil, fmt.Errorf("costs: parse decimal %q: %w", s, ErrNotDecimal)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return nil, fmt.Errorf("costs: parse decimal %q: %w", s, ErrNotDecimal)
	}
	return r, nil
}

// Rat is d as a new big.Rat the caller may change.
func (d Decimal) Rat() *big.Rat { return new(big.Rat).Set(d.rat()) }

// rat is d's value, shared: callers must not change it.
func (d Decimal) rat() *big.Rat {
	if d.r == nil {
		return new(big.Rat)
	}
	return d.r
}

// Sign is -1, 0 or +1.
func (d Decimal) Sign() int { return d.rat().Sign() }

// IsZero reports whether d is 0.
func (d Decimal) IsZero() bool { return d.Sign() == 0 }

// Cmp compares d and e (-1, 0, +1).
func (d Decimal) Cmp(e Decimal) int { return d.rat().Cmp(e.rat()) }

// Equal reports whether d and e are the same number.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// String is d exactly: a decimal when d has a finite one ("21.5",
// "60000"), otherwise a fraction in lowest terms ("12000/43").
func (d Decimal) String() string {
	if s, ok := exactDecimal(d.rat()); ok {
		return s
	}
	return d.rat().String()
}

// Fixed is d rounded half away from zero to places decimals (places >= 0),
// always with that many decimals: Fixed(4) of 60000/215 is "279.0698".
func (d Decimal) Fixed(places int) string { return formatScaled(roundScaled(d.rat(), places), places) }

// MarshalText writes String.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText writes: a plain decimal or a
// fraction "p/q" (q > 0); "" is 0.
func (d *Decimal) UnmarshalText(b []byte) error {
	s := string(b)
	if s == "" {
		*d = Decimal{}
		return nil
	}
	if num, den, ok := strings.Cut(s, "/"); ok {
		n, err1 := parseDecimal(num)
		q, err2 := parseDecimal(den)
		if err1 != nil || err2 != nil || !n.IsInt() || !q.IsInt() || q.Sign() <= 0 {
			return fmt.Errorf("costs: parse fraction %q: %w", s, ErrNotDecimal)
		}
		*d = Decimal{n.Quo(n, q)}
		return nil
	}
	v, err := ParseDecimal(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Money is an amount rounded to the cent, written with exactly two
// decimals ("44651.16", "-0.50") in String and JSON. The zero Money is
// 0.00; a Money is a value, safe to copy and share.
type Money struct{ cents *big.Int }

// MoneyOf is x rounded to the cent, half away from zero (0.005 -> 0.01,
// -0.005 -> -0.01).
func MoneyOf(x *big.Rat) Money {
	if x == nil {
		return Money{}
	}
	return Money{roundScaled(x, 2)}
}

// ParseMoney reads a plain decimal with at most two decimals ("44651.16",
// "60000"); more decimals are refused rather than rounded.
func ParseMoney(s string) (Money, error) {
	r, err := parseDecimal(s)
	if err != nil {
		return Money{}, err
	}
	scaled := new(big.Rat).Mul(r, big.NewRat(100, 1))
	if !scaled.IsInt() {
		return Money{}, fmt.Errorf("costs: parse money %q: more than two decimals: %w", s, ErrNotDecimal)
	}
	return Money{new(big.Int).Set(scaled.Num())}, nil
}

// Cents is m in cents.
func (m Money) Cents() *big.Int {
	if m.cents == nil {
		return new(big.Int)
	}
	return new(big.Int).Set(m.cents)
}

// Rat is m as a new big.Rat.
func (m Money) Rat() *big.Rat { return new(big.Rat).SetFrac(m.Cents(), big.NewInt(100)) }

// Decimal is m as an exact Decimal.
func (m Money) Decimal() Decimal { return Decimal{m.Rat()} }

// Add is m + o.
func (m Money) Add(o Money) Money { return Money{new(big.Int).Add(m.Cents(), o.Cents())} }

// Cmp compares m and o (-1, 0, +1).
func (m Money) Cmp(o Money) int { return m.Cents().Cmp(o.Cents()) }

// IsZero reports whether m is 0.00.
func (m Money) IsZero() bool { return m.cents == nil || m.cents.Sign() == 0 }

// String is m with exactly two decimals.
func (m Money) String() string { return formatScaled(m.Cents(), 2) }

// MarshalText writes String.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText reads ParseMoney's format; "" is 0.00.
func (m *Money) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Money{}
		return nil
	}
	v, err := ParseMoney(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// RoundCents is x rounded to the cent, half away from zero, as a new
// big.Rat. Round money once, at the end: keep rates unrounded.
func RoundCents(x *big.Rat) *big.Rat { return Round(x, 2) }

// Round is x rounded half away from zero to places decimals (places >= 0),
// as a new big.Rat.
func Round(x *big.Rat, places int) *big.Rat {
	return new(big.Rat).SetFrac(roundScaled(x, places), pow10(places))
}

// roundScaled is x * 10^places rounded half away from zero to an integer.
func roundScaled(x *big.Rat, places int) *big.Int {
	scaled := new(big.Rat).Mul(x, new(big.Rat).SetInt(pow10(places)))
	num := new(big.Int).Abs(scaled.Num())
	den := scaled.Denom()
	q, r := new(big.Int).QuoRem(num, den, new(big.Int))
	if r.Lsh(r, 1).Cmp(den) >= 0 { // remainder >= half
		q.Add(q, big.NewInt(1))
	}
	if scaled.Sign() < 0 {
		q.Neg(q)
	}
	return q
}

// formatScaled writes n / 10^places with exactly places decimals.
func formatScaled(n *big.Int, places int) string {
	neg := n.Sign() < 0
	s := new(big.Int).Abs(n).String()
	if places > 0 {
		if len(s) <= places {
			s = strings.Repeat("0", places-len(s)+1) + s
		}
		s = s[:len(s)-places] + "." + s[len(s)-places:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// exactDecimal writes x as a finite decimal, without trailing zeros, when
// its denominator has no prime factor but 2 and 5.
func exactDecimal(x *big.Rat) (string, bool) {
	den := new(big.Int).Set(x.Denom())
	places := 0
	two, five, ten := big.NewInt(2), big.NewInt(5), big.NewInt(10)
	m := new(big.Int)
	for {
		switch {
		case new(big.Int).Mod(den, ten).Sign() == 0:
			den.Quo(den, ten)
		case m.Mod(den, two).Sign() == 0:
			den.Quo(den, two) // x/2 = 5x/10
		case m.Mod(den, five).Sign() == 0:
			den.Quo(den, five) // x/5 = 2x/10
		default:
			if den.Cmp(big.NewInt(1)) != 0 {
				return "", false
			}
			return formatScaled(roundScaled(x, places), places), true
		}
		places++
	}
}

// pow10 is 10^n.
func pow10(n int) *big.Int { return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil) }
