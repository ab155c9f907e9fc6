package establishment

import "testing"

func validProfile() Profile {
	return Profile{
		Company: &Company{CorporateNumber: "7000012050002", CompanyName: "株式会社テスト", HeadOfficePostalCode: "100-0001",
			HeadOfficeAddress: "東京都千代田区", CapitalYen: 1, RepresentativeName: "試験太郎", EstablishedYear: 2000},
		Basic: &Basic{Name: "テスト", NameKana: "テスト", PostalCode: "1000001", MunicipalityCode: "13101", Address: "東京都千代田区1",
			PhoneNumber: "03-1234-5678"},
		Detail:    &Detail{EmployeesAtWorkplace: 5, BusinessDescription: "事務用品の卸売をしています。"},
		Workplace: &Workplace{SameAsEstablishment: true},
	}
}

func reasons(is []Issue) map[string]bool {
	m := map[string]bool{}
	for _, i := range is {
		m[i.Field+":"+i.Reason] = true
	}
	return m
}

// OPEN-1: blocking errors (red) and confirmable warnings (orange) of the sections.
func TestCheckInput_ErrorsAndWarnings(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Profile)
		errs   []string
		warns  []string
	}{
		{"valid", func(*Profile) {}, nil, nil},
		{"corporate number required unless sole proprietor", func(p *Profile) { p.Company.CorporateNumber = "" }, []string{"company.corporate_number:CORPORATE_NUMBER_REQUIRED"}, nil},
		{"sole proprietor needs none", func(p *Profile) { p.Company.CorporateNumber = ""; p.Company.SoleProprietor = true }, nil, nil},
		{"check digit", func(p *Profile) { p.Company.CorporateNumber = "8000012050002" }, []string{"company.corporate_number:CORPORATE_NUMBER_INVALID"}, nil},
		{"postal code", func(p *Profile) { p.Basic.PostalCode = "12-345" }, []string{"basic.postal_code:POSTAL_CODE_INVALID"}, nil},
		{"kana", func(p *Profile) { p.Basic.NameKana = "テスト株式会社" }, []string{"basic.name_kana:NOT_KATAKANA"}, nil},
		{"future founding year", func(p *Profile) { p.Company.EstablishedYear = 2027 }, []string{"company.established_year:ESTABLISHED_YEAR_IN_FUTURE"}, nil},
		{"female exceeds employees", func(p *Profile) { p.Detail.EmployeesFemale = 6 }, []string{"detail.employees_female:EXCEEDS_EMPLOYEES"}, nil},
		{"mobile phone warns", func(p *Profile) { p.Basic.PhoneNumber = "080-1234-5678" }, nil, []string{"basic.phone_number:PHONE_IS_MOBILE"}},
		{"zero capital warns", func(p *Profile) { p.Company.CapitalYen = 0 }, nil, []string{"company.capital_yen:CAPITAL_ZERO"}},
		{"workplace address required", func(p *Profile) { p.Workplace.SameAsEstablishment = false }, []string{"workplace.postal_code:REQUIRED", "workplace.address:REQUIRED"}, nil},
		{"bad URL", func(p *Profile) { p.Basic.HomepageURL = "javascript:alert(1)" }, []string{"basic.homepage_url:URL_INVALID"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := validProfile()
			c.mutate(&p)
			_, f := CheckInput(p, 2026)
			if len(f.Errors) != len(c.errs) || len(f.Warnings) != len(c.warns) {
				t.Fatalf("errors %v, warnings %v", f.Errors, f.Warnings)
			}
			e, w := reasons(f.Errors), reasons(f.Warnings)
			for _, r := range c.errs {
				if !e[r] {
					t.Errorf("missing error %s in %v", r, f.Errors)
				}
			}
			for _, r := range c.warns {
				if !w[r] {
					t.Errorf("missing warning %s in %v", r, f.Warnings)
				}
			}
		})
	}
}
