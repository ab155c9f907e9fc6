package posting

import (
	"testing"

	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/minwage"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

func TestCheckAll_TheFixtureIsClean(t *testing.T) {
	if fs := content().CheckAll(jst(2026, 6, 1), minwage.Default()); !fs.Empty() {
		t.Fatalf("fixture findings: %v", fs.All())
	}
}

// Each case changes the clean fixture and expects exactly one finding.
func TestCheckAll_OneFindingPerBrokenRule(t *testing.T) {
	cases := []struct {
		name     string
		change   func(c *Content)
		field    string
		reason   finding.Reason
		severity finding.Severity
	}{
		// Section 1, §2.2 / §2.3.
		{"unknown 求人区分", func(c *Content) { c.Category.Category = 99 }, "category.category", finding.CodeInvalid, finding.Error},
		{"オンライン自主応募 with scope 3", func(c *Content) { c.Category.Scope = codes.ScopeAnonymous }, "category.online", finding.OnlineApplicationScope, finding.Error},
		{"オンライン自主応募 with scope 4", func(c *Content) { c.Category.Scope = codes.ScopeNotPublished }, "category.online", finding.OnlineApplicationScope, finding.Error},
		{"no 採用人数", func(c *Content) { c.Category.Openings = 0 }, "category.openings", finding.Required, finding.Error},
		// Section 2.
		{"postal code of 6 digits", func(c *Content) { c.Workplace.PostalCode = "100-891" }, "workplace.postal_code", finding.PostalCodeInvalid, finding.Error},
		{"municipality outside 01–47", func(c *Content) { c.Workplace.Municipality = "59001" }, "workplace.municipality", finding.MunicipalityInvalid, finding.Error},
		{"転勤あり without its range", func(c *Content) { c.Workplace.Transfer = true }, "workplace.transfer_scope", finding.Required, finding.Error},
		// Section 3, §2.2.
		{"part-time form in a full-time posting", func(c *Content) { c.Job.Form = codes.FormPartTime }, "job.form", finding.EmploymentFormMismatch, finding.Error},
		{"無期雇用派遣 entered as 正社員", func(c *Content) { c.Job.Dispatch = codes.DispatchWorker }, "job.form", finding.DispatchFormMismatch, finding.Error},
		{"正社員以外 without its name", func(c *Content) { c.Job.Form = codes.FormNonRegular }, "job.non_regular_name", finding.Required, finding.Error},
		{"条件付きで更新 without conditions", func(c *Content) {
			c.Job.FixedTerm, c.Job.TermMonths, c.Job.Renewal = true, 12, codes.RenewalConditional
		}, "job.renewal_conditions", finding.Required, finding.Error},
		{"学歴 必須 without its content", func(c *Content) { c.Job.Education = codes.Mandatory }, "job.education_detail", finding.Required, finding.Error},
		{"試用期間 with other conditions and no pay", func(c *Content) {
			c.Job.Trial = TrialPeriod{Has: true, Months: 3, Conditions: "時給制"}
		}, "job.trial.pay", finding.Required, finding.Error},
		{"occupation too long", func(c *Content) { c.Job.Occupation = string(make([]rune, 31)) }, "job.occupation", finding.TooLong, finding.Error},
		// §2.1 age limits.
		{"age limit without an exception", func(c *Content) { c.Job.Age = AgeLimit{Limited: true, Max: 35, Reason: "若年層"} }, "job.age.exception", finding.AgeLimitExceptionRequired, finding.Error},
		{"3号イ with experience required", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Max: 34, Exception: codes.AgeYouthCareer, Reason: "長期勤続によるキャリア形成"}
			c.Job.Experience, c.Job.ExperienceDetail = codes.Mandatory, "事務経験3年"
		}, "job.age.exception", finding.AgeLimitExceptionMismatch, finding.Error},
		{"3号ロ with an upper limit only", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Max: 39, Exception: codes.AgeSkillTransfer, Reason: "技能継承"}
		}, "job.age.exception", finding.AgeLimitExceptionMismatch, finding.Error},
		{"1号 at the 定年 itself", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Max: 60, Exception: codes.AgeRetirement, Reason: "定年が60歳のため"}
		}, "job.age.exception", finding.AgeLimitExceptionMismatch, finding.Error},
		{"1号 in a fixed-term contract", func(c *Content) {
			c.Job.FixedTerm, c.Job.TermMonths, c.Job.Renewal = true, 12, codes.RenewalAsARule
			c.Job.Age = AgeLimit{Limited: true, Max: 59, Exception: codes.AgeRetirement, Reason: "定年が60歳のため"}
		}, "job.age.exception", finding.AgeLimitExceptionMismatch, finding.Error},
		{"age range inverted", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Min: 40, Max: 30, Exception: codes.AgeSkillTransfer, Reason: "技能継承"}
		}, "job.age.max", finding.RangeInverted, finding.Error},
		// Section 4, §2.6.
		{"wage range inverted", func(c *Content) { c.Wage.Base.Upper = 200_000 }, "wage.base.upper", finding.RangeInverted, finding.Error},
		{"固定残業代 without the excess note", func(c *Content) {
			c.Wage.FixedOvertime = &wage.FixedOvertime{Amount: wage.Range{Lower: 30_000}, Hours: 20}
		}, "wage.fixed_overtime.excess_note", finding.FixedOvertimeExcessNote, finding.Error},
		{"monthly pay below Tokyo's rate", func(c *Content) { c.Wage.Base = wage.Range{Lower: 1226*160 - 20_000 - 1} }, "wage.base.lower", finding.MinimumWageBelow, finding.Error},
		// Section 5, labour law as warnings.
		{"no break for 8 h", func(c *Content) { c.Hours.BreakMinutes = 0; c.Hours.Shifts[0].End = 17 * 60 }, "hours.break_minutes", finding.LabourBreakShort, finding.Warning},
		{"45 h overtime + 1", func(c *Content) { c.Hours.Overtime, c.Hours.MonthlyOvertimeHours = true, 46 }, "hours.monthly_overtime_hours", finding.LabourOvertimeLimit, finding.Warning},
		// Section 6.
		{"定年 at 55", func(c *Content) { c.Benefits.RetirementAge = 55 }, "benefits.retirement_age", finding.OutOfRange, finding.Error},
		{"duplicate insurance", func(c *Content) { c.Benefits.Insurances = append(c.Benefits.Insurances, codes.InsHealth) }, "benefits.insurances", finding.CodeInvalid, finding.Error},
		// Section 7: tags the content contradicts.
		{"マイカー通勤可 without car commuting", func(c *Content) { c.PR.Features = append(c.PR.Features, codes.FeatureCarCommute) }, "pr.features", finding.FeatureContradicted, finding.Error},
		{"書類選考なし with 書類選考", func(c *Content) { c.PR.Features = append(c.PR.Features, codes.FeatureNoDocumentScreening) }, "pr.features", finding.FeatureContradicted, finding.Error},
		// Section 8.
		{"no selection method", func(c *Content) { c.Selection.Methods = nil }, "selection.methods", finding.Required, finding.Error},
		{"phone number without area code", func(c *Content) { c.Selection.Contact.Phone = "5253-1111" }, "selection.contact.phone", finding.PhoneInvalid, finding.Error},
		{"contact e-mail without domain", func(c *Content) { c.Selection.Contact.Email = "saiyo@" }, "selection.contact.email", finding.EmailInvalid, finding.Error},
		{"大卒等 online without the upload answer", func(c *Content) { c.Category.Category = codes.CategoryGraduate }, "selection.document_upload", finding.Required, finding.Error},
		{"補足事項 of 301 characters", func(c *Content) { c.Selection.Supplement = string(make([]rune, 301)) }, "selection.supplement", finding.TooLong, finding.Error},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := content()
			c.change(&ct)
			all := ct.CheckAll(jst(2026, 6, 1), minwage.Default()).All()
			for _, f := range all {
				if err := f.Validate(); err != nil {
					t.Error(err)
				}
			}
			if len(all) != 1 || all[0].Field != c.field || all[0].Reason != c.reason || all[0].Severity != c.severity {
				t.Fatalf("findings %v, want one %s %s@%s", all, c.severity, c.reason, c.field)
			}
		})
	}
}

// §2.1: 年齢不問 by default; an age limit passes with its statutory exception.
func TestCheckAll_AgeLimitsWithTheirExceptions(t *testing.T) {
	cases := []struct {
		name   string
		change func(c *Content)
	}{
		{"1号: 59 and under with 定年 60", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Max: 59, Exception: codes.AgeRetirement, Reason: "定年が60歳のため"}
		}},
		{"3号イ: under 35, experience not required", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Max: 34, Exception: codes.AgeYouthCareer, Reason: "長期勤続によるキャリア形成を図るため"}
		}},
		{"3号ロ: 30 to 39", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Min: 30, Max: 39, Exception: codes.AgeSkillTransfer, Reason: "30代の従業員が少なく技能継承のため"}
		}},
		{"2号: 18 and over by law", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Min: 18, Exception: codes.AgeByLaw, Reason: "労働基準法第62条の危険有害業務"}
		}},
		{"3号ニ: 60 and over", func(c *Content) {
			c.Job.Age = AgeLimit{Limited: true, Min: 60, Exception: codes.AgePolicy, Reason: "高年齢者の雇用促進"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := content()
			c.change(&ct)
			if fs := ct.CheckAll(jst(2026, 6, 1), minwage.Default()); !fs.Empty() {
				t.Fatalf("findings %v", fs.All())
			}
		})
	}
}

func TestCheckSection_UsesSavedSectionsAsContext(t *testing.T) {
	c := Content{Job: content().Job}
	c.Job.Form = codes.FormPartTime
	if fs := c.CheckSection(SecJob); !fs.Empty() {
		t.Errorf("without section 1 the form cannot mismatch: %v", fs.All())
	}
	c.Category = content().Category
	if fs := c.CheckSection(SecJob); !fs.Has(finding.EmploymentFormMismatch) {
		t.Errorf("with section 1 (full time): %v", fs.All())
	}
}

func TestCheckAll_ReportsEveryMissingSectionInOrder(t *testing.T) {
	fs := Content{Category: content().Category}.CheckAll(jst(2026, 6, 1), minwage.Default())
	var fields []string
	for _, f := range fs.All() {
		fields = append(fields, f.Field)
	}
	want := []string{"workplace", "job", "wage", "hours", "benefits", "pr", "selection"}
	if len(fields) != len(want) {
		t.Fatalf("fields %v", fields)
	}
	for i := range want {
		if fields[i] != want[i] || fs.All()[i].Reason != finding.SectionsIncomplete {
			t.Fatalf("fields %v, want %v", fields, want)
		}
	}
}

func TestSections_InTheirFixedOrder(t *testing.T) {
	want := []string{"求人区分等情報", "事業所情報", "仕事内容情報", "賃金・手当情報", "労働時間情報", "保険・年金・定年等情報", "求人PR情報", "選考方法情報"}
	for i, s := range Sections {
		if int(s) != i+1 || s.Label() != want[i] {
			t.Errorf("section %d = %d %s", i+1, s, s.Label())
		}
	}
}

func TestContent_HourlyPayDisplaysTheMonthlyEquivalent(t *testing.T) {
	c := content()
	c.Wage.Pay = wage.Pay{Form: codes.PayHourly, Base: wage.Range{Lower: 1300, Upper: 1500}}
	c.Hours.Shifts[0].End = 17*60 + 30 // 7.5 h
	c.Wage.MonthlyWorkDays = 210
	d := wage.Show(c.Wage.Pay, c.Basis())
	if d.MonthlyEquivalent != (wage.Range{Lower: 204_750, Upper: 236_250}) {
		t.Errorf("monthly equivalent %+v", d.MonthlyEquivalent)
	}
}
