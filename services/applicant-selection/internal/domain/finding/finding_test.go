package finding

import (
	"errors"
	"strings"
	"testing"
)

func TestRefusal_CarriesReasonRuleAndMatchesByReason(t *testing.T) {
	err := error(Refuse(ResultDeadlinePassed, "deadline", "2026年9月30日", "office", "ハローワーク飯田橋"))
	var r *Refusal
	if !errors.As(err, &r) || r.Rule != "APP-2" || !errors.Is(err, &Refusal{Reason: ResultDeadlinePassed}) ||
		errors.Is(err, &Refusal{Reason: InvalidState}) || r.Param("office") != "ハローワーク飯田橋" {
		t.Fatalf("refusal %v", err)
	}
	if got := Refuse(InvalidState).WithRule("APP-2").Error(); got != "INVALID_STATE (APP-2)" {
		t.Errorf("Error() = %q", got)
	}
	if ReasonOf(err) != ResultDeadlinePassed || ReasonOf(nil) != "" || ReasonOf(errors.New("x")) != "" {
		t.Error("ReasonOf")
	}
}

func TestValidate_ParamsMustMatchThePlaceholders(t *testing.T) {
	if err := Refuse(DirectRequestLimit, "max", "10").Validate(); err != nil {
		t.Error(err)
	}
	for _, bad := range []*Refusal{
		Refuse("NOT_A_REASON"),
		Refuse(DirectRequestLimit),
		Refuse(DirectRequestLimit, "limit", "10"),
		Refuse(ResultDeadlinePassed, "deadline"),
	} {
		if bad.Validate() == nil {
			t.Errorf("%v passed", bad)
		}
	}
	var fs Findings
	fs.Err("body", TooLong, "label", "メッセージ")
	if fs.Refusal().(*Refusal).Validate() == nil {
		t.Error("a finding without {max_length} passed")
	}
}

func TestFindings_RefusalOnlyWhenSomethingWasFound(t *testing.T) {
	var fs Findings
	if fs.Refusal() != nil {
		t.Fatal("empty findings refused")
	}
	var inner Findings
	inner.Err("detail", Required, "label", "相違の内容")
	fs.Merge("result", inner)
	err := fs.Refusal()
	if ReasonOf(err) != ValidationFailed || len(fs.On("result.detail")) != 1 || !fs.Has(Required) {
		t.Fatalf("%v %v", err, fs.All())
	}
}

func TestText_LengthInCharactersAndForbiddenCharacters(t *testing.T) {
	msg := Text{Label: "メッセージ", Max: 5, Required: true, Multiline: true}
	one := Text{Label: "件名", Max: 5}
	cases := []struct {
		name string
		t    Text
		in   string
		want Reason
	}{
		{"empty required", msg, "", Required},
		{"empty optional", one, "", ""},
		{"five 全角 characters fit", msg, "あいうえお", ""},
		{"six characters are too long", msg, "あいうえおか", TooLong},
		{"line breaks in a multi-line text", msg, "あ\nい\tう", ""},
		{"line break in a one-line text", one, "あ\nい", TextCharactersInvalid},
		{"NUL", msg, "a\x00b", TextCharactersInvalid},
		{"bidi override", msg, "a\u202eb", TextCharactersInvalid},
		{"invalid UTF-8", msg, "a\xffb", TextCharactersInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fs Findings
			c.t.Check(&fs, "f", c.in)
			var got Reason
			if all := fs.All(); len(all) > 0 {
				got = all[0].Reason
				if err := all[0].Validate(); err != nil {
					t.Error(err)
				}
			}
			if got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	if Clean(" a\r\nb\rc \n") != "a\nb\nc" || strings.Contains(Clean("x\r\n"), "\r") {
		t.Error("Clean")
	}
}
