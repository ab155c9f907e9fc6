package finding

import "strings"

// Refusal is the error of a step the rules refuse (a result after its deadline, a
// message to a seeker without a MyPage, an eleventh direct request). The app layer
// maps it to an errs value of the same reason; Findings carries the field findings of
// a refused input so they can travel as field violations.
type Refusal struct {
	Reason   Reason
	Rule     string   // rule ID, or ""
	Params   []string // name, value pairs for the reason's placeholders
	Findings Findings // only for VALIDATION_FAILED
}

// Refuse builds a refusal for reason with its catalogued rule.
func Refuse(reason Reason, params ...string) *Refusal {
	return &Refusal{Reason: reason, Rule: reason.rule(), Params: params}
}

// Param returns the value of the named parameter, or "".
func (r *Refusal) Param(name string) string { return param(r.Params, name) }

// Validate reports a refusal whose params do not match its reason's placeholders,
// and any of its findings that does not either.
func (r *Refusal) Validate() error {
	if err := validate(r.Reason, r.Params); err != nil {
		return err
	}
	for _, f := range r.Findings.list {
		if err := f.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// WithRule returns a copy naming the rule that refused the step.
func (r *Refusal) WithRule(rule string) *Refusal {
	c := *r
	c.Rule = rule
	return &c
}

func (r *Refusal) Error() string {
	var b strings.Builder
	b.WriteString(string(r.Reason))
	if r.Rule != "" {
		b.WriteString(" (" + r.Rule + ")")
	}
	if len(r.Params) > 0 {
		b.WriteString(": " + strings.Join(r.Params, "="))
	}
	for _, f := range r.Findings.list {
		b.WriteString("; " + f.String())
	}
	return b.String()
}

// Is matches another refusal of the same reason, so errors.Is works with a template
// such as &Refusal{Reason: InvalidState}.
func (r *Refusal) Is(target error) bool {
	t, ok := target.(*Refusal)
	return ok && t.Reason == r.Reason
}

// ReasonOf returns the reason of a refusal, or "" for nil and other errors.
func ReasonOf(err error) Reason {
	if r, ok := err.(*Refusal); ok && r != nil {
		return r.Reason
	}
	return ""
}
