package events

import (
	"context"
	"slices"
	"testing"
	"time"

	"go.uber.org/zap"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/libs/outbox"
	"github.com/hellowork-jp/hellowork/services/notification/internal/app"
	"github.com/hellowork-jp/hellowork/services/notification/internal/domain/delivery"
	hwmail "github.com/hellowork-jp/hellowork/services/notification/internal/domain/mail"
)

// occurred is when every test event was appended to its producer's outbox.
var occurred = time.Date(2025, 1, 6, 1, 0, 0, 0, time.UTC)

// capture is a Recorder that keeps what the router asks it to record.
type capture struct{ cmds []app.RecordDeliveries }

func (c *capture) RecordDeliveries(_ context.Context, cmd app.RecordDeliveries) (int, error) {
	c.cmds = append(c.cmds, cmd)
	return len(cmd.Specs), nil
}

// mapEvent dispatches payload through the consumers' router and returns the mails it
// asked for.
func mapEvent(t *testing.T, payload proto.Message) ([]hwmail.Kind, []hwmail.Data, error) {
	t.Helper()
	ev, err := outbox.NewEvent("agg-1", 1, occurred, payload)
	if err != nil {
		t.Fatal(err)
	}
	c := &capture{}
	err = NewRouter(c, zap.NewNop()).Dispatch(context.Background(), ev)
	var kinds []hwmail.Kind
	var data []hwmail.Data
	for _, cmd := range c.cmds {
		if cmd.Event.ID != ev.ID || cmd.Event.Type != ev.Type || !cmd.Event.OccurredAt.Equal(occurred) {
			t.Errorf("recorded for event %+v, want %s %s", cmd.Event, ev.ID, ev.Type)
		}
		for _, s := range cmd.Specs {
			kinds, data = append(kinds, s.Kind), append(data, s.Data)
		}
	}
	if err != nil && !outbox.IsPermanent(err) {
		t.Errorf("mapping error %v is not permanent: the event would be retried forever", err)
	}
	return kinds, data, err
}

// TestMappers_RegistrationAndWithdrawalEvents: each event becomes its one mail, to the
// address it names, dated by the producer's own decision time when it sends one.
func TestMappers_RegistrationAndWithdrawalEvents(t *testing.T) {
	decided := occurred.Add(-2 * time.Minute)
	until := time.Date(2025, 2, 5, 14, 59, 59, 0, time.UTC)
	tests := []struct {
		name    string
		payload proto.Message
		kind    hwmail.Kind
		check   func(t *testing.T, d hwmail.Data)
	}{
		{"JOB-1 posting provisionally registered: to the submitter", &jobpostingv1.PostingProvisionallyRegistered{PostingId: "p-1",
			SubmittedByEmail: "job@example.jp", Occupation: "一般事務", EstablishmentName: "事業所J", OfficeName: "ハローワーク飯田橋",
			OfficeCode: "1301", SubmittedAt: timestamppb.New(decided)}, hwmail.JobPostingProvisionalRegistration,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "job@example.jp" || d.JobTitle != "一般事務" || !d.SubmittedAt.Equal(decided) ||
					d.EstablishmentName != "事業所J" || d.OfficeName != "ハローワーク飯田橋" {
					t.Errorf("data %+v", d)
				}
			}},
		{"JOB-2 posting returned: the office's message to the submitter", &jobpostingv1.PostingReturned{PostingId: "p-1",
			SubmittedByEmail: "job@example.jp", Occupation: "一般事務", EstablishmentName: "事業所J", OfficeName: "ハローワーク飯田橋",
			OfficeCode: "1301", Message: "仕事内容を具体的に", ReturnedAt: timestamppb.New(decided)}, hwmail.JobPostingReturned,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "job@example.jp" || d.Message != "仕事内容を具体的に" || !d.IssuedAt.Equal(decided) || d.JobTitle != "一般事務" {
					t.Errorf("data %+v", d)
				}
			}},
		{"JOB-2 posting accepted: 求人番号 and the JST dates", &jobpostingv1.PostingAccepted{PostingId: "p-1", JobNumber: "13010-00000001",
			SubmittedByEmail: "job@example.jp", Occupation: "一般事務", AcceptedOn: "2025-01-06", ReferralDeadline: "2025-03-31"},
			hwmail.JobPostingAccepted, func(t *testing.T, d hwmail.Data) {
				if d.JobNumber != "13010-00000001" || hwmail.FormatDateJST(d.AcceptedOn) != "2025年1月6日" ||
					hwmail.FormatDateJST(d.ReferralDeadline) != "2025年3月31日" {
					t.Errorf("data %+v", d)
				}
			}},
		{"JOB-5 renewal window: deadline and first day", &jobpostingv1.PostingRenewalWindowOpened{PostingId: "p-1", JobNumber: "13010-00000001",
			SubmittedByEmail: "job@example.jp", Occupation: "一般事務", ReferralDeadline: "2025-03-31", RenewalOpensOn: "2025-03-17"},
			hwmail.JobPostingRenewalWindow, func(t *testing.T, d hwmail.Data) {
				if hwmail.FormatDateJST(d.RenewalOpensOn) != "2025年3月17日" || hwmail.FormatDateJST(d.ReferralDeadline) != "2025年3月31日" {
					t.Errorf("data %+v", d)
				}
			}},
		{"OPEN-1 returned: the office's message", &erv1.EstablishmentReturned{OwnerEmail: "a@example.jp", Name: "事業所A",
			OfficeName: "ハローワーク飯田橋", Message: "修正してください", ReturnedAt: timestamppb.New(decided)}, hwmail.EstablishmentReturned,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "a@example.jp" || d.Message != "修正してください" || !d.IssuedAt.Equal(decided) || d.EstablishmentName != "事業所A" {
					t.Errorf("data %+v", d)
				}
			}},
		{"OPEN-1 rejected: the reason", &erv1.EstablishmentRejected{OwnerEmail: "b@example.jp", Message: "理由"}, hwmail.EstablishmentRejected,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "b@example.jp" || d.Message != "理由" || !d.IssuedAt.Equal(occurred) {
					t.Errorf("data %+v (without rejected_at the event time is shown)", d)
				}
			}},
		{"OPEN-1 accepted: 事業所番号 to the owner", &erv1.EstablishmentAccepted{OwnerEmail: "c@example.jp", EstablishmentNumber: "1301-000123-4",
			AcceptedAt: timestamppb.New(decided)}, hwmail.EstablishmentAccepted,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "c@example.jp" || d.EstablishmentNumber != "1301-000123-4" || !d.IssuedAt.Equal(decided) {
					t.Errorf("data %+v", d)
				}
			}},
		{"OPEN-2 login e-mail registered: to that address", &erv1.LoginEmailRegistered{Email: "d@example.jp", EstablishmentNumber: "1301-000456-7",
			NewEstablishment: true}, hwmail.LoginEmailRegistered,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "d@example.jp" || d.EstablishmentNumber != "1301-000456-7" || !d.NewEstablishment {
					t.Errorf("data %+v", d)
				}
			}},
		{"ACC-3 withdrawn: restore deadline from identity (ACC-4)", &identityv1.AccountWithdrawn{Email: "e@example.jp", AccountIds: []string{"x", "y"},
			RestorableUntil: timestamppb.New(until)}, hwmail.AccountWithdrawn,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "e@example.jp" || !d.RestorableUntil.Equal(until) {
					t.Errorf("data %+v", d)
				}
			}},
		{"ACC-4 restored", &identityv1.AccountRestored{Email: "f@example.jp"}, hwmail.AccountRestored,
			func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "f@example.jp" {
					t.Errorf("data %+v", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kinds, data, err := mapEvent(t, tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if len(kinds) != 1 || kinds[0] != tt.kind {
				t.Fatalf("kinds %v, want [%s]", kinds, tt.kind)
			}
			tt.check(t, data[0])
		})
	}
}

// TestMappers_ApplicantSelectionEvents: online applications (APP-1, APP-4), a seeker's
// message (MSG-1) and the missing result (APP-3) are mailed to the primary login e-mail,
// naming the posting and never the seeker; a counter referral is not mailed.
func TestMappers_ApplicantSelectionEvents(t *testing.T) {
	applied := occurred.Add(-time.Minute)
	tests := []struct {
		name    string
		payload proto.Message
		kinds   []hwmail.Kind
		check   func(t *testing.T, d hwmail.Data)
	}{
		{"APP-4 online self-application: 応募通知", &asv1.ApplicationReceived{ApplicantId: "a-1", JobNumber: "13010-00000001",
			Occupation: "一般事務", Channel: "ONLINE_SELF", AppliedAt: timestamppb.New(applied), PrimaryEmail: "p@example.jp"},
			[]hwmail.Kind{hwmail.ApplicationReceived}, func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "p@example.jp" || d.ChannelName != "オンライン自主応募" || d.JobNumber != "13010-00000001" ||
					d.JobTitle != "一般事務" || !d.ReferredAt.Equal(applied) {
					t.Errorf("data %+v", d)
				}
			}},
		{"APP-1 online referral: 応募通知", &asv1.ApplicationReceived{ApplicantId: "a-2", Channel: "ONLINE_REFERRAL",
			AppliedAt: timestamppb.New(applied), PrimaryEmail: "p@example.jp"},
			[]hwmail.Kind{hwmail.ApplicationReceived}, func(t *testing.T, d hwmail.Data) {
				if d.ChannelName != "オンラインハローワーク紹介" {
					t.Errorf("data %+v", d)
				}
			}},
		{"APP-1 counter referral: no mail", &asv1.ApplicationReceived{ApplicantId: "a-3", Channel: "COUNTER_REFERRAL",
			AppliedAt: timestamppb.New(applied), PrimaryEmail: "p@example.jp"}, nil, nil},
		{"MSG-1 seeker's message: 新着メッセージ通知 at the time it was sent", &asv1.MessageReceived{MessageId: "m-1",
			JobNumber: "13010-00000001", Occupation: "一般事務", PrimaryEmail: "p@example.jp", SentAt: timestamppb.New(applied)},
			[]hwmail.Kind{hwmail.NewMessage}, func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "p@example.jp" || d.JobNumber != "13010-00000001" || !d.IssuedAt.Equal(applied) {
					t.Errorf("data %+v", d)
				}
			}},
		{"APP-3 reminder: 選考結果未入力通知", &asv1.SelectionReminderDue{ApplicantId: "a-4", JobNumber: "13010-00000001",
			PrimaryEmail: "p@example.jp", AppliedAt: timestamppb.New(applied)},
			[]hwmail.Kind{hwmail.SelectionResultReminder}, func(t *testing.T, d hwmail.Data) {
				if d.Recipient != "p@example.jp" || !d.ReferredAt.Equal(applied) {
					t.Errorf("data %+v", d)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kinds, data, err := mapEvent(t, tt.payload)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(kinds, tt.kinds) {
				t.Fatalf("kinds %v, want %v", kinds, tt.kinds)
			}
			if tt.check != nil {
				tt.check(t, data[0])
			}
		})
	}
}

// TestMappers_ApplicantSelectionMailsAreTheOwners: 応募通知, 新着メッセージ通知 and
// 選考結果未入力通知 go to the primary login e-mail, so the delivery log scopes them to the
// establishment's owner (shown to the staff of its office, LOGIN-5).
func TestMappers_ApplicantSelectionMailsAreTheOwners(t *testing.T) {
	const est = "est-9"
	at := timestamppb.New(occurred)
	for _, payload := range []proto.Message{
		&asv1.ApplicationReceived{EstablishmentId: est, Channel: "ONLINE_SELF", AppliedAt: at, PrimaryEmail: "p@example.jp"},
		&asv1.MessageReceived{EstablishmentId: est, SentAt: at, PrimaryEmail: "p@example.jp"},
		&asv1.SelectionReminderDue{EstablishmentId: est, AppliedAt: at, PrimaryEmail: "p@example.jp"},
	} {
		ev, err := outbox.NewEvent("agg-1", 1, occurred, payload)
		if err != nil {
			t.Fatal(err)
		}
		c := &capture{}
		if err := NewRouter(c, zap.NewNop()).Dispatch(context.Background(), ev); err != nil || len(c.cmds) != 1 || len(c.cmds[0].Specs) != 1 {
			t.Fatalf("%s: %v %+v", typeOf(payload), err, c.cmds)
		}
		if sc := c.cmds[0].Specs[0].Scope; sc != (delivery.Scope{EstablishmentID: est, Role: delivery.RoleOwner}) {
			t.Errorf("%s: scope %+v, want the owner of %s", typeOf(payload), sc, est)
		}
	}
}

// TestMappers_EventsThatCanNeverBeMailedArePoison: a mail without its point (the
// 事業所番号, the restore deadline) would mislead, so the event is dead-lettered.
func TestMappers_EventsThatCanNeverBeMailedArePoison(t *testing.T) {
	for name, payload := range map[string]proto.Message{
		"accepted without 事業所番号":             &erv1.EstablishmentAccepted{OwnerEmail: "c@example.jp"},
		"withdrawn without restorable_until": &identityv1.AccountWithdrawn{Email: "e@example.jp"},
		"application without recipient":      &asv1.ApplicationReceived{Channel: "ONLINE_SELF", AppliedAt: timestamppb.New(occurred)},
		"application of an unknown channel": &asv1.ApplicationReceived{Channel: "FAX", PrimaryEmail: "p@example.jp",
			AppliedAt: timestamppb.New(occurred)},
		"message without recipient":        &asv1.MessageReceived{SentAt: timestamppb.New(occurred)},
		"reminder without recipient":       &asv1.SelectionReminderDue{AppliedAt: timestamppb.New(occurred)},
		"posting accepted without 求人番号":    &jobpostingv1.PostingAccepted{SubmittedByEmail: "j@example.jp", AcceptedOn: "2025-01-06", ReferralDeadline: "2025-03-31"},
		"renewal window without its dates": &jobpostingv1.PostingRenewalWindowOpened{SubmittedByEmail: "j@example.jp", JobNumber: "13010-00000001"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, _, err := mapEvent(t, payload); err == nil {
				t.Error("mapped, want an error")
			}
		})
	}
}

// TestMappers_CounterPostingsAskForNoMail: a posting staff entered from paper, fax or
// the counter has no submitting login account; its events ask for no mail.
func TestMappers_CounterPostingsAskForNoMail(t *testing.T) {
	for _, payload := range []proto.Message{
		&jobpostingv1.PostingProvisionallyRegistered{PostingId: "p-1", Occupation: "一般事務"},
		&jobpostingv1.PostingReturned{PostingId: "p-1", Message: "修正"},
		&jobpostingv1.PostingAccepted{PostingId: "p-1", JobNumber: "13010-00000001", AcceptedOn: "2025-01-06", ReferralDeadline: "2025-03-31"},
		&jobpostingv1.PostingRenewalWindowOpened{PostingId: "p-1", ReferralDeadline: "2025-03-31", RenewalOpensOn: "2025-03-17"},
	} {
		kinds, _, err := mapEvent(t, payload)
		if err != nil || len(kinds) != 0 {
			t.Errorf("%s: %v %v, want no mail", typeOf(payload), kinds, err)
		}
	}
}

// TestProducers_OneMailPerOpeningAndNoRecipientlessEvents: AccountOpened is not
// consumed (EstablishmentAccepted already mails the opening), nor is ImageRejected (it
// names no recipient).
func TestProducers_OneMailPerOpeningAndNoRecipientlessEvents(t *testing.T) {
	r := NewRouter(&capture{}, zap.NewNop())
	var all []string
	for _, p := range Producers {
		subjects := r.Subjects(p.Service)
		if len(subjects) == 0 {
			t.Errorf("no event of %s is consumed", p.Service)
		}
		all = append(all, subjects...)
	}
	if !slices.Equal(slices.Sorted(slices.Values(all)), r.Types()) {
		t.Errorf("consumers' filters %v do not cover the router's types %v exactly", all, r.Types())
	}
	for _, m := range []proto.Message{&identityv1.AccountOpened{}, &erv1.ImageRejected{}} {
		if slices.Contains(all, typeOf(m)) {
			t.Errorf("%s is consumed", typeOf(m))
		}
	}
	for _, m := range []proto.Message{&erv1.EstablishmentAccepted{}, &identityv1.AccountWithdrawn{}, &identityv1.AccountRestored{}} {
		if !slices.Contains(all, typeOf(m)) {
			t.Errorf("%s is not consumed", typeOf(m))
		}
	}
}

func typeOf(m proto.Message) string { return string(m.ProtoReflect().Descriptor().FullName()) }

// TestMappers_PostingMailsScopedToTheSubmitter: job-posting's mails concern the
// posting's establishment and go to the submitting account, whose role (primary or
// additional) the application looks up, so staff see only an owner's address (LOGIN-5).
func TestMappers_PostingMailsScopedToTheSubmitter(t *testing.T) {
	for _, payload := range []proto.Message{
		&jobpostingv1.PostingProvisionallyRegistered{PostingId: "p-1", EstablishmentId: "est-1", SubmittedBy: "acc-2", SubmittedByEmail: "j@example.jp"},
		&jobpostingv1.PostingReturned{PostingId: "p-1", EstablishmentId: "est-1", SubmittedBy: "acc-2", SubmittedByEmail: "j@example.jp"},
		&jobpostingv1.PostingAccepted{PostingId: "p-1", EstablishmentId: "est-1", SubmittedBy: "acc-2", SubmittedByEmail: "j@example.jp",
			JobNumber: "13010-00000001", AcceptedOn: "2025-01-06", ReferralDeadline: "2025-03-31"},
		&jobpostingv1.PostingRenewalWindowOpened{PostingId: "p-1", EstablishmentId: "est-1", SubmittedBy: "acc-2", SubmittedByEmail: "j@example.jp",
			ReferralDeadline: "2025-03-31", RenewalOpensOn: "2025-03-17"},
	} {
		ev, err := outbox.NewEvent("p-1", 1, occurred, payload)
		if err != nil {
			t.Fatal(err)
		}
		c := &capture{}
		if err := NewRouter(c, zap.NewNop()).Dispatch(context.Background(), ev); err != nil || len(c.cmds) != 1 || len(c.cmds[0].Specs) != 1 {
			t.Fatalf("%s: %v %+v", typeOf(payload), err, c.cmds)
		}
		if sc := c.cmds[0].Specs[0].Scope; sc.AccountID != "acc-2" || sc.EstablishmentID != "est-1" {
			t.Errorf("%s: scope %+v", typeOf(payload), sc)
		}
	}
}
