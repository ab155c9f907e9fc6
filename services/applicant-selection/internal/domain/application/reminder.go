package application

import (
	"time"

	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/finding"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/posting"
)

// ReminderPolicy is APP-3's 「選考結果未入力通知」: sent when no result is registered
// After the referral or application. Repeat 0 (the default) sends it exactly once;
// a positive Repeat sends it again every Repeat while no result is registered.
type ReminderPolicy struct {
	After  time.Duration
	Repeat time.Duration
}

// RepeatEvery returns the policy repeating the reminder every days days after the
// previous one until a result is registered (APP-3, issue 11: whether it repeats is
// configurable; 0 = no repeat, the default).
func (pol ReminderPolicy) RepeatEvery(days int) ReminderPolicy {
	pol.Repeat = time.Duration(max(days, 0)) * 24 * time.Hour
	return pol
}

// DefaultReminderPolicy is the seed's 2 weeks, once.
func DefaultReminderPolicy() ReminderPolicy {
	return ReminderPolicy{After: 14 * 24 * time.Hour}
}

// NextReminderAt is when the next reminder is due, or false when none will be: a
// result is registered, the one reminder was sent, or repeats are off. The scheduler
// stores it as the row's due time and picks due rows on the injected clock.
func (a *Application) NextReminderAt(pol ReminderPolicy) (time.Time, bool) {
	switch {
	case a.State != StateSelecting:
		return time.Time{}, false
	case a.Reminders == 0:
		return a.AppliedAt.Add(pol.After), true
	case pol.Repeat > 0:
		return a.LastRemindedAt.Add(pol.Repeat), true
	}
	return time.Time{}, false
}

// ReminderDue reports whether the reminder is due at now: no result, its time has
// come (14 days after the referral to the second: 13 days 23:59 is not yet), and the
// employer can still register a result through the MyPage (not past the 翌々々月末).
func (a *Application) ReminderDue(pol ReminderPolicy, p posting.Facts, now time.Time) bool {
	at, ok := a.NextReminderAt(pol)
	return ok && !now.Before(at) && a.check(ActRemind, p, now) == nil
}

// Remind records that the reminder was sent (APP-3): the app calls it in the
// transaction that appends the "reminder due" event, so a restart or a second replica
// never sends it twice.
func (a *Application) Remind(pol ReminderPolicy, p posting.Facts, now time.Time) error {
	if err := a.check(ActRemind, p, now); err != nil {
		return err
	}
	if !a.ReminderDue(pol, p, now) {
		return finding.Refuse(finding.ReminderNotDue)
	}
	a.Reminders++
	a.LastRemindedAt = now
	return nil
}
