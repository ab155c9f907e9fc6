package finding

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// DOMAIN.md tells the lead what to declare in reasons.proto; its table must match the
// catalogue exactly (code, rule, placeholders of the Japanese text), or the app layer
// would panic in errs.Field once the reasons are declared.
func TestDomainMD_DeclaresEveryNewReason(t *testing.T) {
	b, err := os.ReadFile("../../../DOMAIN.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(b), "## Reasons to declare")
	if !ok {
		t.Fatal("DOMAIN.md has no 'Reasons to declare' section")
	}
	ph := regexp.MustCompile(`\{([a-z_]+)\}`)
	seen := map[Reason]bool{}
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cols := strings.Split(line, "|")
		if len(cols) != 7 {
			t.Errorf("malformed row %q", line)
			continue
		}
		r := Reason(strings.Trim(strings.TrimSpace(cols[1]), "`"))
		code, rule, ja := strings.TrimSpace(cols[2]), strings.TrimSpace(cols[3]), strings.TrimSpace(cols[5])
		spec, ok := Catalog[r]
		if !ok || !spec.New {
			t.Errorf("%s is in DOMAIN.md but not a new reason of the catalogue", r)
			continue
		}
		seen[r] = true
		if string(spec.Kind) != code || spec.Rule != rule {
			t.Errorf("%s: DOMAIN.md says %s %q, catalogue %s %q", r, code, rule, spec.Kind, spec.Rule)
		}
		var got []string
		for _, m := range ph.FindAllStringSubmatch(ja, -1) {
			got = append(got, m[1])
		}
		want := slices.Clone(spec.Placeholders)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: text placeholders %v, catalogue %v", r, got, want)
		}
	}
	for r, spec := range Catalog {
		if spec.New && !seen[r] {
			t.Errorf("%s is missing from DOMAIN.md", r)
		}
	}
}
