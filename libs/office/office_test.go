package office

import (
	"fmt"
	"regexp"
	"testing"
)

func TestOffices_EveryPrefectureHasAMainOffice(t *testing.T) {
	code := regexp.MustCompile(`^\d{4}$`)
	for p := 1; p <= 47; p++ {
		pc := fmt.Sprintf("%02d", p)
		var mains int
		for _, o := range Default.List(pc) {
			if !code.MatchString(o.Code) || o.Code[:2] != pc || !o.CodeIsSynthetic || len(o.MunicipalityCodes) == 0 {
				t.Errorf("office %+v breaks the documented rule", o)
			}
			if !o.IsBranch {
				mains++
			}
		}
		if mains != 1 {
			t.Errorf("prefecture %s has %d main offices", pc, mains)
		}
	}
	if n := len(Default.List("13")); n != 17 {
		t.Errorf("Tokyo has %d offices, want 17", n)
	}
}

func TestResolve_Jurisdiction(t *testing.T) {
	cases := []struct {
		muni, office string
	}{
		{"13101", "1301"}, // 千代田区 → 飯田橋
		{"13104", "1306"}, // 新宿区 → 新宿
		{"13421", "1301"}, // 小笠原村 → 飯田橋
		{"13209", "1316"}, // 町田市 → 町田
		{"27128", "2701"}, // 大阪市中央区 → main office
		{"27203", "2701"}, // 豊中市: district not modelled → the prefecture's main office
	}
	for _, c := range cases {
		o, err := Default.Resolve(c.muni)
		if err != nil || o.Code != c.office {
			t.Errorf("Resolve(%s) = %s, %v; want %s", c.muni, o.Code, err, c.office)
		}
	}
	for _, bad := range []string{"13999", "59001", "99999", "1"} {
		if _, err := Default.Resolve(bad); err == nil {
			t.Errorf("Resolve(%s) found an office", bad)
		}
	}
}

// 管内検索 (issue 10 item 5): a municipality is in an office's district exactly when
// Resolve gives that office, for every office and every listed or sampled code.
func TestDistrict_MatchesResolve(t *testing.T) {
	samples := []string{"13101", "13104", "13106", "13209", "13421", "27128", "27203", "01202", "47201", "13999", "59001"}
	for _, o := range Default.List("") {
		samples = append(samples, o.MunicipalityCodes...)
	}
	for _, o := range Default.List("") {
		dist, err := Default.District(o.Code)
		if err != nil {
			t.Fatalf("District(%s): %v", o.Code, err)
		}
		for _, m := range samples {
			r, err := Default.Resolve(m)
			want := err == nil && r.Code == o.Code
			if got := dist.Contains(m); got != want {
				t.Errorf("District(%s).Contains(%s) = %v, Resolve gives %q (%v)", o.Code, m, got, r.Code, err)
			}
		}
	}
	if _, err := Default.District("9999"); err == nil {
		t.Error("District of an unknown office found")
	}
}
