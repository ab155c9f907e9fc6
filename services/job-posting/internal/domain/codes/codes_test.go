package codes

import "testing"

func TestEveryCodeHasItsJapaneseLabel(t *testing.T) {
	check := func(list string, n int, label func(int) string) {
		for i := 1; i <= n; i++ {
			if label(i) == "" {
				t.Errorf("%s %d has no label", list, i)
			}
		}
		if label(0) != "" || label(n+1) != "" {
			t.Errorf("%s: 0 or %d must not be a code", list, n+1)
		}
	}
	check("Category", 7, func(i int) string { return Category(i).Label() })
	check("TimeClass", 2, func(i int) string { return TimeClass(i).Label() })
	check("EmploymentForm", 7, func(i int) string { return EmploymentForm(i).Label() })
	check("Scope", 4, func(i int) string { return Scope(i).Label() })
	check("OnlineApplication", 2, func(i int) string { return OnlineApplication(i).Label() })
	check("Insurance", 9, func(i int) string { return Insurance(i).Label() })
	check("PayForm", 3, func(i int) string { return PayForm(i).Label() })
	check("WeeklyTwoDaysOff", 3, func(i int) string { return WeeklyTwoDaysOff(i).Label() })
	check("WorkingTimeSystem", 3, func(i int) string { return WorkingTimeSystem(i).Label() })
	check("DispatchContract", 3, func(i int) string { return DispatchContract(i).Label() })
	check("ContractRenewal", 3, func(i int) string { return ContractRenewal(i).Label() })
	check("Requirement", 3, func(i int) string { return Requirement(i).Label() })
	check("HousingType", 2, func(i int) string { return HousingType(i).Label() })
	check("EmployeeBand", 5, func(i int) string { return EmployeeBand(i).Label() })
	check("Feature", 10, func(i int) string { return Feature(i).Label() })
	check("DriverLicence", 3, func(i int) string { return DriverLicence(i).Label() })
	check("SelectionMethod", 5, func(i int) string { return SelectionMethod(i).Label() })
	check("Weekday", 8, func(i int) string { return Weekday(i).Label() })
	check("AgeException", 6, func(i int) string { return AgeException(i).Label() })
	check("Prefecture", 47, func(i int) string { return Prefecture(i).Label() })
	check("HomeGroup", 3, func(i int) string { return HomeGroup(i).Label() })
}

// §2.2: the public search's 求人区分 codes, and the home groups of JOB-6.
func TestCategory_SearchCodeAndHomeGroup(t *testing.T) {
	cases := []struct {
		c      Category
		search int
		group  HomeGroup
	}{
		{CategoryGeneral, 1, GroupGeneral},
		{CategoryGraduate, 2, GroupGraduate},
		{CategoryHighSchool, 2, GroupGraduate},
		{CategoryJuniorHigh, 2, GroupGraduate},
		{CategorySeasonal, 3, GroupGeneral},
		{CategoryDekasegi, 4, GroupGeneral},
		{CategoryDisability, 5, GroupDisability},
		{0, 0, 0},
	}
	for _, c := range cases {
		if c.c.SearchCode() != c.search || c.c.HomeGroup() != c.group {
			t.Errorf("%s: search %d group %d", c.c.Label(), c.c.SearchCode(), c.c.HomeGroup())
		}
	}
}

func TestEmploymentForm_BelongsToFullOrPartTime(t *testing.T) {
	for f := FormRegular; f <= FormDispatchPermanent; f++ {
		if f.TimeClass() != FullTime {
			t.Errorf("%s must be full time", f.Label())
		}
	}
	for f := FormPartTime; f <= FormDispatchPermanentPt; f++ {
		if f.TimeClass() != PartTime {
			t.Errorf("%s must be part time", f.Label())
		}
	}
	if FormRegular.IsDispatch() || FormPartTime.IsDispatch() || !FormDispatchPermanent.IsDispatch() || !FormDispatchFixedPart.IsDispatch() {
		t.Error("IsDispatch wrong")
	}
}

// §2.3 and JOB-2: what each scope publishes.
func TestScope_PublicationRules(t *testing.T) {
	cases := []struct {
		s                             Scope
		publishable, identity, online bool
	}{
		{ScopeFull, true, true, true},
		{ScopeSeekersOnly, true, true, true},
		{ScopeAnonymous, true, false, false},
		{ScopeNotPublished, false, false, false},
	}
	for _, c := range cases {
		if c.s.Publishable() != c.publishable || c.s.ShowsEstablishment() != c.identity || c.s.AllowsOnlineApplication() != c.online {
			t.Errorf("scope %d (%s)", c.s, c.s.Label())
		}
	}
}

func TestPrefectureOfMunicipality(t *testing.T) {
	cases := map[string]Prefecture{"13101": 13, "05201": 5, "47201": 47, "01100": 1, "48001": 0, "00001": 0, "1310": 0, "1310a": 0, "59001": 0}
	for code, want := range cases {
		if got := PrefectureOfMunicipality(code); got != want {
			t.Errorf("%q → %d, want %d", code, got, want)
		}
	}
	if Prefecture(5).Code() != "05" || Prefecture(5).Label() != "秋田県" || len(Prefectures()) != 47 {
		t.Error("prefecture helpers")
	}
}

func TestBandOf_EmployeeBands(t *testing.T) {
	for n, want := range map[int]EmployeeBand{0: EmployeesUpTo9, 9: EmployeesUpTo9, 10: Employees10to99, 99: Employees10to99,
		100: Employees100to299, 300: Employees300to999, 999: Employees300to999, 1000: Employees1000Plus} {
		if got := BandOf(n); got != want {
			t.Errorf("BandOf(%d) = %d, want %d", n, got, want)
		}
	}
}
