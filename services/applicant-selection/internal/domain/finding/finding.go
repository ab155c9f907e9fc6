// Package finding is the vocabulary every check of applicant-selection speaks: a
// Finding names a field, a declared reason and the values for the reason's Japanese
// text; a Refusal is the error of a step the rules refuse. The domain never builds
// libs/errs values itself (a reason must be declared in
// proto/hellowork/errors/v1/reasons.proto before errs accepts it); the app layer maps
// findings to field violations and refusals to errors of the same reason.
package finding

import (
	"fmt"
	"slices"
	"strings"
)

// Finding is one field violation.
type Finding struct {
	Field  string // proto-style path of the field, e.g. "result.mismatch_detail"
	Reason Reason // declared reason, see reasons.go and DOMAIN.md
	Rule   string // rule ID it enforces (APP-2, ...), or ""
	// Params are name, value pairs for the {name} placeholders of the reason's
	// Japanese text, in the shape errs.Field takes them.
	Params []string
}

// Param returns the value of the named parameter, or "".
func (f Finding) Param(name string) string { return param(f.Params, name) }

func param(ps []string, name string) string {
	for i := 0; i+1 < len(ps); i += 2 {
		if ps[i] == name {
			return ps[i+1]
		}
	}
	return ""
}

// Validate reports a finding whose reason is not catalogued or whose params do not
// name exactly the placeholders of its reason: errs.Field would panic on it.
func (f Finding) Validate() error { return validate(f.Reason, f.Params) }

func validate(r Reason, params []string) error {
	spec, ok := Catalog[r]
	if !ok {
		return fmt.Errorf("finding: reason %s is not catalogued", r)
	}
	if len(params)%2 != 0 || len(params)/2 != len(spec.Placeholders) {
		return fmt.Errorf("finding: %s takes %v, got %v", r, spec.Placeholders, params)
	}
	for i := 0; i < len(params); i += 2 {
		if !slices.Contains(spec.Placeholders, params[i]) {
			return fmt.Errorf("finding: %s has no placeholder {%s}", r, params[i])
		}
	}
	return nil
}

func (f Finding) String() string {
	s := string(f.Reason) + "@" + f.Field
	if len(f.Params) > 0 {
		s += " " + strings.Join(f.Params, "=")
	}
	return s
}

// Findings collects the results of one or more checks, in the order found.
type Findings struct {
	list []Finding
}

// Err records a field violation.
func (fs *Findings) Err(field string, reason Reason, params ...string) {
	fs.list = append(fs.list, Finding{Field: field, Reason: reason, Rule: reason.rule(), Params: params})
}

// Merge appends another set, with its fields prefixed by p + "." (p may be "").
func (fs *Findings) Merge(p string, o Findings) {
	for _, f := range o.list {
		if p != "" {
			if f.Field == "" {
				f.Field = p
			} else {
				f.Field = p + "." + f.Field
			}
		}
		fs.list = append(fs.list, f)
	}
}

// All returns every finding in order.
func (fs Findings) All() []Finding { return slices.Clone(fs.list) }

// Blocking reports whether there is at least one finding.
func (fs Findings) Blocking() bool { return len(fs.list) > 0 }

// Has reports whether a finding with this reason exists (on any field).
func (fs Findings) Has(reason Reason) bool {
	return slices.ContainsFunc(fs.list, func(f Finding) bool { return f.Reason == reason })
}

// On returns the findings of one field.
func (fs Findings) On(field string) []Finding {
	var out []Finding
	for _, f := range fs.list {
		if f.Field == field {
			out = append(out, f)
		}
	}
	return out
}

// Refusal returns nil when nothing was found, else a VALIDATION_FAILED refusal that
// carries the findings.
func (fs Findings) Refusal() error {
	if !fs.Blocking() {
		return nil
	}
	return &Refusal{Reason: ValidationFailed, Findings: fs}
}
