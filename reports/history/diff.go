package history

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// The operations of a Change.
const (
	OpAdd     = "add"
	OpRemove  = "remove"
	OpReplace = "replace"
)

// Change is one difference between two states: at Path (a JSON Pointer,
// RFC 6901: "/entries/<id>/hours"), a value added, removed or replaced.
// Before is absent from an add and After from a remove; a JSON null is
// the value nil.
type Change struct {
	Path   string
	Op     string
	Before any
	After  any
}

// MarshalJSON writes {"path","op","before","after"}, without before for an
// add and without after for a remove.
func (c Change) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"path":`)
	if err := writeJSON(&b, c.Path); err != nil {
		return nil, err
	}
	b.WriteString(`,"op":`)
	if err := writeJSON(&b, c.Op); err != nil {
		return nil, err
	}
	if c.Op != OpAdd {
		b.WriteString(`,"before":`)
		if err := writeJSON(&b, c.Before); err != nil {
			return nil, err
		}
	}
	if c.Op != OpRemove {
		b.WriteString(`,"after":`)
		if err := writeJSON(&b, c.After); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func writeJSON(b *bytes.Buffer, v any) error {
	out, err := json.Marshal(v)
	if err != nil {
		return err
	}
	b.Write(out)
	return nil
}

// Diff is every difference from before to after, two JSON values as
// encoding/json decodes them (nil, bool, string, json.Number or any Go
// number, []any, map[string]any). It is deterministic: objects are
// compared key by key, keys in byte order; an array holding only scalars
// is one value (a replace of the whole array when any element differs);
// other arrays are compared index by index. The changes come in path
// order, segment by segment (keys in byte order, indexes in number order).
// Diff never returns nil: no difference is an empty list.
func Diff(before, after any) []Change {
	d := differ{out: []Change{}}
	d.diff(before, after)
	return d.out
}

// differ walks two values; path holds the escaped reference tokens down to
// the values compared, joined only for a change found.
type differ struct {
	path []string
	out  []Change
}

func (d *differ) emit(op string, before, after any) {
	p := ""
	if len(d.path) > 0 {
		p = "/" + strings.Join(d.path, "/")
	}
	d.out = append(d.out, Change{Path: p, Op: op, Before: before, After: after})
}

func (d *differ) diff(a, b any) {
	ma, aObj := a.(map[string]any)
	mb, bObj := b.(map[string]any)
	if aObj && bObj {
		d.objects(ma, mb)
		return
	}
	la, aArr := a.([]any)
	lb, bArr := b.([]any)
	if aArr && bArr && !(scalars(la) && scalars(lb)) {
		d.arrays(la, lb)
		return
	}
	if !Equal(a, b) {
		d.emit(OpReplace, a, b)
	}
}

func (d *differ) objects(a, b map[string]any) {
	if sameMap(a, b) {
		return // the same map: a state shares what did not change
	}
	// Only the keys whose values may differ are sorted and walked: a
	// month's entries that did not change are the same maps.
	var keys []string
	for k, va := range a {
		if vb, ok := b[k]; !ok || !same(va, vb) {
			keys = append(keys, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		va, inA := a[k]
		vb, inB := b[k]
		d.path = append(d.path, escapeToken(k))
		switch {
		case !inB:
			d.emit(OpRemove, va, nil)
		case !inA:
			d.emit(OpAdd, nil, vb)
		default:
			d.diff(va, vb)
		}
		d.path = d.path[:len(d.path)-1]
	}
}

func (d *differ) arrays(a, b []any) {
	for i := range max(len(a), len(b)) {
		d.path = append(d.path, strconv.Itoa(i))
		switch {
		case i >= len(b):
			d.emit(OpRemove, a[i], nil)
		case i >= len(a):
			d.emit(OpAdd, nil, b[i])
		default:
			d.diff(a[i], b[i])
		}
		d.path = d.path[:len(d.path)-1]
	}
}

// same reports, cheaply, that a and b are certainly the same value: the
// same map, or equal scalars. False means they must be compared.
func same(a, b any) bool {
	switch a := a.(type) {
	case map[string]any:
		m, ok := b.(map[string]any)
		return ok && sameMap(a, m)
	case []any:
		return false
	}
	switch b.(type) {
	case map[string]any, []any:
		return false
	}
	return Equal(a, b)
}

// sameMap reports whether a and b are one map.
func sameMap(a, b map[string]any) bool {
	return reflect.ValueOf(a).UnsafePointer() == reflect.ValueOf(b).UnsafePointer()
}

// escapeToken escapes a key as a JSON Pointer reference token: "~" is
// "~0" and "/" is "~1".
func escapeToken(k string) string {
	if !strings.ContainsAny(k, "~/") {
		return k
	}
	return strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
}

// scalars reports whether every element of l is a scalar (null, boolean,
// number or string).
func scalars(l []any) bool {
	for _, v := range l {
		switch v.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

// Equal reports whether two JSON values are the same value: numbers by
// value (2 and 2.0 are equal), objects key by key, arrays element by
// element.
func Equal(a, b any) bool {
	switch a := a.(type) {
	case nil:
		return b == nil
	case bool:
		bb, ok := b.(bool)
		return ok && a == bb
	case string:
		bs, ok := b.(string)
		return ok && a == bs
	case map[string]any:
		bm, ok := b.(map[string]any)
		if !ok || len(a) != len(bm) {
			return false
		}
		for k, v := range a {
			w, ok := bm[k]
			if !ok || !Equal(v, w) {
				return false
			}
		}
		return true
	case []any:
		bl, ok := b.([]any)
		if !ok || len(a) != len(bl) {
			return false
		}
		for i := range a {
			if !Equal(a[i], bl[i]) {
				return false
			}
		}
		return true
	}
	na, okA := number(a)
	nb, okB := number(b)
	if !okA || !okB {
		return false
	}
	if na == nb {
		return true
	}
	fa, errA := strconv.ParseFloat(na, 64)
	fb, errB := strconv.ParseFloat(nb, 64)
	return errA == nil && errB == nil && fa == fb
}

// number is v's decimal text when v is a number.
func number(v any) (string, bool) {
	switch n := v.(type) {
	case json.Number:
		return string(n), true
	case float64:
		return strconv.FormatFloat(n, 'f', -1, 64), true
	case float32:
		return strconv.FormatFloat(float64(n), 'f', -1, 32), true
	case int:
		return strconv.Itoa(n), true
	case int64:
		return strconv.FormatInt(n, 10), true
	case int32:
		return strconv.FormatInt(int64(n), 10), true
	case uint64:
		return strconv.FormatUint(n, 10), true
	case uint32:
		return strconv.FormatUint(uint64(n), 10), true
	case uint:
		return strconv.FormatUint(uint64(n), 10), true
	}
	return "", false
}
