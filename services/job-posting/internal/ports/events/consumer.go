// Package events consumes employer-registration's establishment events into the
// job-posting read model of establishments (jurisdiction office, name, opened), so that
// a posting never reads another service's tables nor calls it synchronously.
package events

import (
	"context"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
)

// Producer is the stream consumed, and Consumer its durable consumer name (never to
// change, or the stream would be read again from the start; harmless here, the
// read model's upserts are idempotent).
const (
	Producer = "employer-registration"
	Consumer = "job-posting-employer-registration"
)

// Recorder is the use case the consumer calls.
type Recorder interface {
	RecordEstablishment(ctx context.Context, e app.Establishment) error
}

// NewRouter registers the establishment events that carry the jurisdiction office.
func NewRouter(rec Recorder) *outbox.Router {
	r := outbox.NewRouter()
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentProvisionallyRegistered) error {
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, Name: m.GetName(),
			OfficeCode: m.GetOfficeCode(), OfficeName: m.GetOfficeName(), OwnerAccountID: m.GetOwnerAccountId()})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentResubmitted) error {
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, Name: m.GetName(), OfficeCode: m.GetOfficeCode(),
			OfficeName: m.GetOfficeName()})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentAccepted) error {
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, Name: m.GetName(),
			OfficeCode: m.GetOfficeCode(), OfficeName: m.GetOfficeName(), Opened: true})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentRegisteredAtCounter) error {
		// OPEN-2 本登録 at the counter, with or without a login e-mail: staff may enter its
		// postings at once (JOB-2), and it is no provisional establishment on the
		// worklist. Its MyPage, whenever it opens, is opened from the counter (an e-mail
		// registered there or an account creation code, OPEN-3), so the §2.4 visit for
		// a first MyPage posting does not apply.
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, Name: m.GetName(),
			OfficeCode: m.GetOfficeCode(), OfficeName: m.GetOfficeName(), Opened: true, OpenedAtCounter: true})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.LoginEmailRegistered) error {
		// OPEN-2: the MyPage is opened at the counter (the §2.4 counter-visit case of a
		// first MyPage posting does not apply).
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, Name: m.GetName(),
			OfficeCode: m.GetOfficeCode(), OfficeName: m.GetOfficeName(), Opened: true, OpenedAtCounter: true})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentChangeApplied) error {
		// A changed 事業所名 reaches the read model and the stored search cards.
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, OfficeCode: m.GetOfficeCode(),
			Name: m.GetProfile().GetBasic().GetName()})
	})
	outbox.On(r, func(ctx context.Context, ev outbox.Event, m *erv1.EstablishmentTransferred) error {
		// M1: new postings of a transferred establishment go to its new office. Postings
		// already submitted keep the office that numbers and reviews them.
		return rec.RecordEstablishment(ctx, app.Establishment{ID: m.GetEstablishmentId(), Version: ev.AggregateVersion, OfficeCode: m.GetOfficeCode(),
			OfficeName: m.GetOfficeName()})
	})
	return r
}
