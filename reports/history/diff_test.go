package history

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// js decodes a JSON literal as the states are decoded (numbers as
// json.Number).
func js(t *testing.T, s string) any {
	t.Helper()
	v, err := decodeJSON([]byte(s))
	if err != nil {
		t.Fatalf("decode %s: %v", s, err)
	}
	return v
}

func TestDiff(t *testing.T) {
	tests := []struct {
		name          string
		before, after string
		want          string // the changes as JSON
	}{
		{"equal_objects", `{"a":1,"b":{"c":"x"}}`, `{"b":{"c":"x"},"a":1}`, `[]`},
		{"equal_empty", `{}`, `{}`, `[]`},
		{"scalar_replaced", `{"hours":2}`, `{"hours":3}`,
			`[{"path":"/hours","op":"replace","before":2,"after":3}]`},
		{"number_by_value", `{"hours":2}`, `{"hours":2.0}`, `[]`},
		{"key_added", `{"a":1}`, `{"a":1,"b":true}`, `[{"path":"/b","op":"add","after":true}]`},
		{"key_removed", `{"a":1,"b":"x"}`, `{"a":1}`, `[{"path":"/b","op":"remove","before":"x"}]`},
		{"null_is_a_value", `{"a":null}`, `{"a":0}`, `[{"path":"/a","op":"replace","before":null,"after":0}]`},
		{"null_added_keeps_after", `{}`, `{"a":null}`, `[{"path":"/a","op":"add","after":null}]`},
		{"null_removed_keeps_before", `{"a":null}`, `{}`, `[{"path":"/a","op":"remove","before":null}]`},
		{"type_changed", `{"a":"1"}`, `{"a":1}`, `[{"path":"/a","op":"replace","before":"1","after":1}]`},
		{"object_to_scalar", `{"a":{"b":1}}`, `{"a":"x"}`, `[{"path":"/a","op":"replace","before":{"b":1},"after":"x"}]`},
		{"nested_keyed_entry", `{"entries":{"e1":{"hours":2,"date":"2026-03-02"},"e2":{"hours":1}}}`,
			`{"entries":{"e1":{"hours":3,"date":"2026-03-02"},"e2":{"hours":1}}}`,
			`[{"path":"/entries/e1/hours","op":"replace","before":2,"after":3}]`},
		{"entry_added_whole", `{"entries":{}}`, `{"entries":{"e1":{"hours":2}}}`,
			`[{"path":"/entries/e1","op":"add","after":{"hours":2}}]`},
		{"keys_in_byte_order", `{"b":1,"a":1,"c":1}`, `{"b":2,"a":2,"c":2}`,
			`[{"path":"/a","op":"replace","before":1,"after":2},{"path":"/b","op":"replace","before":1,"after":2},{"path":"/c","op":"replace","before":1,"after":2}]`},
		{"path_order_is_by_segment", `{"a":{"x":1},"a-b":1}`, `{"a":{"x":2},"a-b":2}`,
			`[{"path":"/a/x","op":"replace","before":1,"after":2},{"path":"/a-b","op":"replace","before":1,"after":2}]`},
		{"scalar_array_as_value", `{"ids":["a","b"]}`, `{"ids":["a","c"]}`,
			`[{"path":"/ids","op":"replace","before":["a","b"],"after":["a","c"]}]`},
		{"scalar_array_grown_as_value", `{"ids":["a"]}`, `{"ids":["a","b"]}`,
			`[{"path":"/ids","op":"replace","before":["a"],"after":["a","b"]}]`},
		{"scalar_array_equal", `{"ids":[1,"a",true,null]}`, `{"ids":[1,"a",true,null]}`, `[]`},
		{"object_array_by_index", `{"r":[{"reason":"x"}]}`, `{"r":[{"reason":"y"},{"reason":"z"}]}`,
			`[{"path":"/r/0/reason","op":"replace","before":"x","after":"y"},{"path":"/r/1","op":"add","after":{"reason":"z"}}]`},
		{"object_array_shrunk", `{"r":[{"a":1},{"a":2}]}`, `{"r":[{"a":1}]}`, `[{"path":"/r/1","op":"remove","before":{"a":2}}]`},
		{"indexes_in_number_order", `{"r":[{},{},{},{},{},{},{},{},{},{},{},{"a":1}]}`, `{"r":[{},{},{"a":1},{},{},{},{},{},{},{},{},{"a":2}]}`,
			`[{"path":"/r/2/a","op":"add","after":1},{"path":"/r/11/a","op":"replace","before":1,"after":2}]`},
		{"key_escaped_as_json_pointer", `{"a/b":1,"m~n":1}`, `{"a/b":2,"m~n":2}`,
			`[{"path":"/a~1b","op":"replace","before":1,"after":2},{"path":"/m~0n","op":"replace","before":1,"after":2}]`},
		{"root_scalar_replaced", `1`, `2`, `[{"path":"","op":"replace","before":1,"after":2}]`},
		{"from_nothing", `{}`, `{"status":"draft","entries":{}}`,
			`[{"path":"/entries","op":"add","after":{}},{"path":"/status","op":"add","after":"draft"}]`},
		{"big_positions_kept_exact", `{"p":9007199254740993}`, `{"p":9007199254740995}`,
			`[{"path":"/p","op":"replace","before":9007199254740993,"after":9007199254740995}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(Diff(js(t, tt.before), js(t, tt.after)))
			if err != nil {
				t.Fatal(err)
			}
			if !Equal(js(t, string(got)), js(t, tt.want)) || strings.Count(string(got), `"path"`) != strings.Count(tt.want, `"path"`) {
				t.Errorf("Diff(%s, %s)\n got %s\nwant %s", tt.before, tt.after, got, tt.want)
			}
			// The order is part of the answer.
			if string(got) != compact(t, tt.want) {
				t.Errorf("Diff(%s, %s) order\n got %s\nwant %s", tt.before, tt.after, got, compact(t, tt.want))
			}
		})
	}
}

func compact(t *testing.T, s string) string {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, []byte(s)); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDiffIsDeterministicAndSymmetric(t *testing.T) {
	a := js(t, `{"z":{"k3":1,"k1":[1,2],"k2":{"x":null}},"a":[{"id":1},{"id":2}],"m":"s"}`)
	b := js(t, `{"z":{"k3":2,"k1":[2,1],"k4":true},"a":[{"id":1}],"n":"s"}`)
	first, _ := json.Marshal(Diff(a, b))
	for range 50 {
		again, _ := json.Marshal(Diff(a, b))
		if string(again) != string(first) {
			t.Fatalf("Diff is not deterministic:\n%s\n%s", first, again)
		}
	}
	// Every add one way is a remove the other, every replace swaps.
	forward, backward := Diff(a, b), Diff(b, a)
	if len(forward) != len(backward) {
		t.Fatalf("%d changes forward, %d backward", len(forward), len(backward))
	}
	swap := map[string]string{OpAdd: OpRemove, OpRemove: OpAdd, OpReplace: OpReplace}
	for i, c := range forward {
		r := backward[i]
		if r.Path != c.Path || r.Op != swap[c.Op] || !Equal(r.Before, c.After) || !Equal(r.After, c.Before) {
			t.Errorf("change %d: forward %+v, backward %+v", i, c, r)
		}
	}
}

func TestDiffSharedMapsAreUnchanged(t *testing.T) {
	entry := map[string]any{"hours": json.Number("2")}
	a := map[string]any{"entries": map[string]any{"e1": entry}}
	b := map[string]any{"entries": map[string]any{"e1": entry}}
	if got := Diff(a, b); len(got) != 0 {
		t.Errorf("Diff of a shared entry: %+v", got)
	}
}

func TestEqual(t *testing.T) {
	tests := []struct {
		name string
		a, b any
		want bool
	}{
		{"numbers_of_any_go_type", json.Number("3"), 3, true},
		{"float_and_number", 7.5, json.Number("7.50"), true},
		{"different_numbers", json.Number("1"), json.Number("2"), false},
		{"number_and_string", json.Number("1"), "1", false},
		{"nil_and_empty_object", nil, map[string]any{}, false},
		{"nested_equal", map[string]any{"a": []any{json.Number("1")}}, map[string]any{"a": []any{1}}, true},
		{"arrays_of_other_length", []any{1}, []any{1, 1}, false},
		{"bools", true, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Equal(tt.a, tt.b); got != tt.want {
				t.Errorf("Equal(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestChangeJSON(t *testing.T) {
	tests := []struct {
		name string
		c    Change
		want string
	}{
		{"add_has_no_before", Change{Path: "/a", Op: OpAdd, After: 1}, `{"path":"/a","op":"add","after":1}`},
		{"remove_has_no_after", Change{Path: "/a", Op: OpRemove, Before: "x"}, `{"path":"/a","op":"remove","before":"x"}`},
		{"replace_has_both", Change{Path: "/a", Op: OpReplace, Before: nil, After: false}, `{"path":"/a","op":"replace","before":null,"after":false}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := json.Marshal(tt.c)
			if err != nil || string(got) != tt.want {
				t.Errorf("got %s (%v), want %s", got, err, tt.want)
			}
		})
	}
}
