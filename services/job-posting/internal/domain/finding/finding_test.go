package finding

import (
	"errors"
	"testing"
)

func TestFindings_ErrorsBlockWarningsNeedConfirmation(t *testing.T) {
	var fs Findings
	fs.Warn("hours.paid_leave_after_6m", LabourPaidLeave, "days", "9")
	if fs.Blocking() {
		t.Fatal("a warning must not block")
	}
	if got := fs.Unconfirmed(nil); len(got) != 1 {
		t.Fatalf("unconfirmed %v", got)
	}
	if got := fs.Unconfirmed([]string{"LABOUR_PAID_LEAVE_SHORT@hours.paid_leave_after_6m"}); len(got) != 0 {
		t.Fatalf("confirmed warning still pending: %v", got)
	}
	if got := fs.Unconfirmed([]string{"LABOUR_PAID_LEAVE_SHORT@hours.other"}); len(got) != 1 {
		t.Fatal("a code confirms only its own field")
	}
	fs.Err("wage.base.lower", MinimumWageBelow, "prefecture", "秋田県", "rate", "1,031", "effective_from", "2026年3月31日", "hourly", "1,030")
	if !fs.Blocking() || len(fs.Errors()) != 1 || len(fs.Warnings()) != 1 {
		t.Fatalf("errors %v warnings %v", fs.Errors(), fs.Warnings())
	}
	if fs.Errors()[0].Param("rate") != "1,031" || fs.Errors()[0].Param("none") != "" {
		t.Error("Param")
	}
}

func TestFindings_PrefixedNamesTheSection(t *testing.T) {
	var fs Findings
	fs.Err("base.lower", Required, "label", "基本給（下限）")
	fs.Err("", SectionsIncomplete)
	p := fs.Prefixed("wage").All()
	if p[0].Field != "wage.base.lower" || p[1].Field != "wage" || fs.All()[0].Field != "base.lower" {
		t.Errorf("prefixed %v, original %v", p, fs.All())
	}
}

func TestRefusal_CarriesReasonAndRule(t *testing.T) {
	err := error(Refuse(RenewalTooEarly, "first_date", "2026年6月16日", "days", "14"))
	var r *Refusal
	if !errors.As(err, &r) || r.Rule != "JOB-5" || !errors.Is(err, &Refusal{Reason: RenewalTooEarly}) || errors.Is(err, &Refusal{Reason: InvalidState}) {
		t.Fatalf("refusal %v", err)
	}
	if got := Refuse(InvalidState).WithRule("JOB-3").Error(); got != "INVALID_STATE (JOB-3)" {
		t.Errorf("Error() = %q", got)
	}
}

func TestValidate_ParamsMustMatchThePlaceholders(t *testing.T) {
	good := Finding{Reason: LabourBreakShort, Params: []string{"work", "6時間", "required_minutes", "45"}}
	if err := good.Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []Finding{
		{Reason: "NOT_A_REASON"},
		{Reason: LabourBreakShort, Params: []string{"work", "6時間"}},
		{Reason: LabourBreakShort, Params: []string{"work", "6時間", "minutes", "45"}},
		{Reason: RangeInverted, Params: []string{"label"}},
	} {
		if bad.Validate() == nil {
			t.Errorf("%v passed", bad)
		}
	}
	if err := Refuse(RenewalTooEarly, "first_date", "x").Validate(); err == nil {
		t.Error("refusal missing {days} passed")
	}
}
