package finding

import "strings"

// Refusal is the error of a step the rules refuse (a transition from the wrong state,
// a renewal too early, a submission with errors). The app layer maps it to an errs
// value of the same reason; Findings carries the field findings of a refused
// submission so they can travel as field violations.
type Refusal struct {
	Reason   Reason
	Rule     string   // rule ID, or ""
	Params   []string // name, value pairs for the reason's placeholders
	Findings Findings // only for VALIDATION_FAILED / WARNINGS_NOT_CONFIRMED
}

// Refuse builds a refusal for reason with its catalogued rule.
func Refuse(reason Reason, params ...string) *Refusal {
	return &Refusal{Reason: reason, Rule: reason.rule(), Params: params}
}

// Validate reports a refusal whose params do not match its reason's placeholders.
func (r *Refusal) Validate() error { return validate(r.Reason, r.Params) }

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
	return b.String()
}

// Is matches another refusal of the same reason, so errors.Is works with a template
// such as &Refusal{Reason: InvalidState}.
func (r *Refusal) Is(target error) bool {
	t, ok := target.(*Refusal)
	return ok && t.Reason == r.Reason
}
