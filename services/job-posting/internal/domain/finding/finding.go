// Package finding is the vocabulary every check of the posting speaks: a Finding names
// a field, a declared reason and the values for the reason's Japanese text. The domain
// never builds libs/errs values itself (a reason must be declared in
// proto/hellowork/errors/v1/reasons.proto before errs accepts it); the app layer maps
// findings to field violations and confirmable warnings, and refusals to errors.
package finding

import (
	"fmt"
	"slices"
	"strings"
)

// Severity says what a finding does to a save or a submission.
type Severity int

// Severities: an error blocks (red on the real screens), a warning needs the
// employer's confirmation (orange), because labour law knows exceptions.
const (
	Error Severity = iota + 1
	Warning
)

func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	}
	return "unknown"
}

// Finding is one result of a check.
type Finding struct {
	Field    string   // proto-style path of the field, e.g. "wage.base.lower"
	Reason   Reason   // declared reason, see reasons.go and DOMAIN.md
	Severity Severity // Error or Warning
	Rule     string   // rule ID it enforces (JOB-2, ...), or ""
	// Params are name, value pairs for the {name} placeholders of the reason's
	// Japanese text, in the shape errs.Field takes them.
	Params []string
}

// Code identifies a warning for confirmation: the employer's client sends back the
// codes it showed and the employer confirmed. It is stable for one field and reason.
func (f Finding) Code() string { return string(f.Reason) + "@" + f.Field }

// Param returns the value of the named parameter, or "".
func (f Finding) Param(name string) string {
	for i := 0; i+1 < len(f.Params); i += 2 {
		if f.Params[i] == name {
			return f.Params[i+1]
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
	var b strings.Builder
	b.WriteString(f.Severity.String())
	b.WriteString(" ")
	b.WriteString(f.Code())
	if len(f.Params) > 0 {
		b.WriteString(" ")
		b.WriteString(strings.Join(f.Params, "="))
	}
	return b.String()
}

// Findings collects the results of one or more checks, in the order found.
type Findings struct {
	list []Finding
}

// Add records findings as they are.
func (fs *Findings) Add(f ...Finding) { fs.list = append(fs.list, f...) }

// Merge appends another set.
func (fs *Findings) Merge(o Findings) { fs.list = append(fs.list, o.list...) }

// Err records a blocking error.
func (fs *Findings) Err(field string, reason Reason, params ...string) {
	fs.list = append(fs.list, Finding{Field: field, Reason: reason, Severity: Error, Rule: reason.rule(), Params: params})
}

// Warn records a warning the employer must confirm.
func (fs *Findings) Warn(field string, reason Reason, params ...string) {
	fs.list = append(fs.list, Finding{Field: field, Reason: reason, Severity: Warning, Rule: reason.rule(), Params: params})
}

// All returns every finding in order.
func (fs Findings) All() []Finding { return slices.Clone(fs.list) }

// Errors returns the blocking findings.
func (fs Findings) Errors() []Finding { return fs.of(Error) }

// Warnings returns the findings that need confirmation.
func (fs Findings) Warnings() []Finding { return fs.of(Warning) }

func (fs Findings) of(s Severity) []Finding {
	var out []Finding
	for _, f := range fs.list {
		if f.Severity == s {
			out = append(out, f)
		}
	}
	return out
}

// Blocking reports whether there is at least one error.
func (fs Findings) Blocking() bool { return len(fs.Errors()) > 0 }

// Empty reports whether nothing was found.
func (fs Findings) Empty() bool { return len(fs.list) == 0 }

// Unconfirmed returns the warnings whose Code is not among confirmed. A submission
// goes through only when there are no errors and no unconfirmed warnings.
func (fs Findings) Unconfirmed(confirmed []string) []Finding {
	var out []Finding
	for _, w := range fs.Warnings() {
		if !slices.Contains(confirmed, w.Code()) {
			out = append(out, w)
		}
	}
	return out
}

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

// Prefixed returns the set with every field path prefixed by p + "." (a section's
// checks name fields relative to the section).
func (fs Findings) Prefixed(p string) Findings {
	out := Findings{list: make([]Finding, len(fs.list))}
	for i, f := range fs.list {
		if f.Field == "" {
			f.Field = p
		} else {
			f.Field = p + "." + f.Field
		}
		out.list[i] = f
	}
	return out
}
