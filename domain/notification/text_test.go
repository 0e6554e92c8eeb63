package notification

import (
	"strings"
	"testing"
)

func TestWordsOfEveryKind(t *testing.T) {
	p := Params{ParamMonth: "2026-03", ParamRole: "project_manager"}
	for _, k := range Kinds() {
		en, ro := Title(k, English, p), Title(k, Romanian, p)
		if en == "" || ro == "" || en == ro {
			t.Errorf("%s: titles %q / %q", k, en, ro)
		}
		if Label(k, English) == string(k) || Label(k, Romanian) == Label(k, English) {
			t.Errorf("%s: labels %q / %q", k, Label(k, English), Label(k, Romanian))
		}
	}
	if got := Title(KindTimesheetApproved, Romanian, p); !strings.Contains(got, "martie 2026") {
		t.Errorf("Romanian month: %q", got)
	}
	if got := Title(KindTimesheetApproved, English, p); !strings.Contains(got, "March 2026") {
		t.Errorf("English month: %q", got)
	}
}
