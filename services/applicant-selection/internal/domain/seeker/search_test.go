package seeker

import (
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
)

// SEEK-1: the search is open only to an establishment with a valid posting.
func TestSearchAllowed_OnlyWithAValidPosting(t *testing.T) {
	if finding.ReasonOf(SearchAllowed(0)) != finding.SeekerSearchNeedsValidPosting {
		t.Error("search without a valid posting")
	}
	if SearchAllowed(1) != nil {
		t.Error("one valid posting is enough")
	}
}

func TestQueryMatches_EachFilter(t *testing.T) {
	s := mustRegister(t, registration())
	cases := []struct {
		name string
		q    Query
		want bool
	}{
		{"no filter", Query{}, true},
		{"occupation code", Query{Occupation: "05-101"}, true},
		{"occupation class prefix", Query{Occupation: "09"}, true},
		{"other occupation", Query{Occupation: "11"}, false},
		{"desired prefecture", Query{Prefecture: 14}, true},
		{"other prefecture", Query{Prefecture: 27}, false},
		{"employment form", Query{EmploymentForm: 5}, true},
		{"other employment form", Query{EmploymentForm: 2}, false},
		{"offered wage at the desired minimum", Query{Offered: &Wage{Form: WageMonthly, Yen: 220_000}}, true},
		{"offered wage one yen below", Query{Offered: &Wage{Form: WageMonthly, Yen: 219_999}}, false},
		{"other wage form does not filter", Query{Offered: &Wage{Form: WageHourly, Yen: 1000}}, true},
		{"licence held, full-width digit folded", Query{Licences: []string{"日商簿記2級"}}, true},
		{"all licences must be held", Query{Licences: []string{"日商簿記２級", "調理師"}}, false},
		{"keyword in PR", Query{Keyword: "会計ソフト"}, true},
		{"keyword in hiragana matches katakana", Query{Keyword: "えくせる"}, true},
		{"keyword in half-width katakana", Query{Keyword: "ｴｸｾﾙ"}, true},
		{"two terms with a full-width space, both present", Query{Keyword: "経理　簿記"}, true},
		{"two terms, one absent", Query{Keyword: "経理 溶接"}, false},
		{"keyword in the name never matches", Query{Keyword: "求職者一"}, false},
		{"keyword in the street address never matches", Query{Keyword: "西新宿"}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.q.Matches(s, today); got != c.want {
				t.Errorf("Matches = %v", got)
			}
		})
	}
}

// SEEK-1: only seekers who publish, with a valid registration, are ever found.
func TestQueryMatches_OnlyPublishedAndValid(t *testing.T) {
	s := mustRegister(t, registration())
	if (Query{}).Matches(s, jst(2026, 9, 1)) {
		t.Error("expired registration found")
	}
	s.Profile = nil
	if (Query{}).Matches(s, today) {
		t.Error("withdrawn profile found")
	}
}

func TestQueryCheck_Filters(t *testing.T) {
	cases := []struct {
		name  string
		q     Query
		field string
		want  finding.Reason
	}{
		{"prefecture 48", Query{Prefecture: 48}, "prefecture", finding.CodeInvalid},
		{"employment form 9", Query{EmploymentForm: 9}, "employment_form", finding.CodeInvalid},
		{"wage form 4", Query{Offered: &Wage{Form: 4, Yen: 1}}, "offered.form", finding.CodeInvalid},
		{"negative wage", Query{Offered: &Wage{Form: WageHourly, Yen: -1}}, "offered.yen", finding.OutOfRange},
		{"six licences", Query{Licences: []string{"a", "b", "c", "d", "e", "f"}}, "licences", finding.OutOfRange},
		{"keyword of 101 characters", Query{Keyword: strings.Repeat("あ", 101)}, "keyword", finding.TooLong},
		{"eleven terms", Query{Keyword: "a b c d e f g h i j k"}, "keyword", finding.OutOfRange},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs := c.q.Check()
			if got := fs.On(c.field); len(got) != 1 || got[0].Reason != c.want || got[0].Validate() != nil {
				t.Errorf("%v", fs.All())
			}
		})
	}
	if (Query{Prefecture: 13, Keyword: "経理"}).Check().Blocking() {
		t.Error("a good query refused")
	}
}

func TestFold_JapaneseTextBecomesComparable(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＢＣ１２３":   "abc123",
		"ひらがな":     "ヒラガナ",
		"ｶﾞｯｺｳ":    "ガッコウ",
		"ﾊﾟﾝ":      "パン",
		"ｳﾞｨ":      "ヴィ",
		"a\u3000b": "a b",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
