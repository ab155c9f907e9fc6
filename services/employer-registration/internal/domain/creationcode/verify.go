package creationcode

import "time"

// Attempt is one verification attempt of OPEN-3 (事業所番号, telephone number and code
// typed together), resolved against what is stored.
type Attempt struct {
	// Hash is the keyed hash of the typed code; nil when the typed code is not
	// WellFormed (it can then match nothing).
	Hash []byte
	// Owner is true when the typed 事業所番号 names a registered establishment.
	Owner bool
	// PhoneMatches is true when the typed telephone number is that establishment's.
	PhoneMatches bool
	// ByNumber is the active code of the establishment the number names, nil if none.
	ByNumber *Code
	// ByHash is the active code whose hash is Hash, nil if none. It may be the same
	// code as ByNumber, or another establishment's.
	ByHash *Code
}

// Outcome classifies an attempt for the audit trail; the caller is told none of it.
type Outcome string

// Outcomes.
const (
	OutcomeOK       Outcome = "ok"
	OutcomeMismatch Outcome = "mismatch" // a field was wrong
	OutcomeNoMatch  Outcome = "no_match" // neither the number nor the code names anything
	OutcomeExpired  Outcome = "expired"  // the establishment's code is past its last valid day
)

// Verdict is the decision on one Attempt.
type Verdict struct {
	// OK: the number, the telephone number and the code all match a usable code.
	OK bool
	// Code is the matched code when OK.
	Code    *Code
	Outcome Outcome
	// Charged lists the codes that were charged one mistake (each at most once); the
	// caller saves them. Invalidated is the subset the 10th mistake invalidated.
	Charged     []*Code
	Invalidated []*Code
}

// Check decides an attempt at now (OPEN-3). A match needs the establishment's own
// usable code, the right code and the establishment's telephone number. Any failure
// counts one mistake against every usable code the attempt names: the code of the
// establishment whose number was typed and the code the typed code is. So a mistake in
// any of the three fields counts, and the 10th mistake in total invalidates the code.
func (a Attempt) Check(now time.Time) Verdict {
	if a.Owner && a.PhoneMatches && a.ByNumber.Matches(a.Hash, now) {
		return Verdict{OK: true, Code: a.ByNumber, Outcome: OutcomeOK}
	}
	v := Verdict{Outcome: OutcomeMismatch}
	switch {
	case !a.Owner && a.ByHash == nil:
		v.Outcome = OutcomeNoMatch
	case a.ByNumber != nil && !a.ByNumber.Usable(now):
		v.Outcome = OutcomeExpired
	}
	for _, c := range []*Code{a.ByNumber, a.ByHash} {
		if c == nil || !c.Usable(now) || contains(v.Charged, c.ID) {
			continue
		}
		v.Charged = append(v.Charged, c)
		if c.RecordMistake(now) {
			v.Invalidated = append(v.Invalidated, c)
		}
	}
	return v
}

func contains(cs []*Code, id string) bool {
	for _, c := range cs {
		if c.ID == id {
			return true
		}
	}
	return false
}
