package service

import (
	"context"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/hellowork-jp/hellowork/libs/authn"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

// Every RPC is tried with principals of another establishment, another office and
// another provisional account against establishment A's resources. The refusal must be
// PERMISSION_DENIED (a role that may never call it) or NOT_FOUND (the same answer as
// for an id that does not exist), and must change nothing.
func TestAuthz_CrossTenantMatrix(t *testing.T) {
	f := newFixture(t)
	a := f.registered("acct-a")
	b := f.registered("acct-b")
	draft := must(f.client.CreateProvisionalEstablishment(f.as(provisional("acct-c")), &erv1.CreateProvisionalEstablishmentRequest{}))
	pending := f.submitted("acct-d")
	empA := employer(a.EstablishmentId)
	basic := profile().Basic
	change := must(f.client.ApplyEstablishmentChange(f.as(empA), &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: a.EstablishmentId,
		Proposed: &erv1.EstablishmentProfile{Basic: basic}}))
	img := must(f.client.UploadImage(f.as(empA), &erv1.UploadImageRequest{EstablishmentId: a.EstablishmentId, Filename: "a.png", Content: pngBytes(t, 4, 4)}))

	empB := employer(b.EstablishmentId)
	otherProvisional := provisional("acct-x")
	type call struct {
		method string
		as     []authn.Principal
		do     func(ctx context.Context) error
	}
	calls := []call{
		{"SaveEstablishmentSection", []authn.Principal{otherProvisional, empB, staff1301}, func(ctx context.Context) error {
			_, err := f.client.SaveEstablishmentSection(ctx, &erv1.SaveEstablishmentSectionRequest{EstablishmentId: draft.EstablishmentId,
				Section: &erv1.SaveEstablishmentSectionRequest_Pr{Pr: &erv1.EstablishmentPR{PrText: "x"}}})
			return err
		}},
		{"SubmitProvisionalRegistration", []authn.Principal{otherProvisional, empB, staff1306}, func(ctx context.Context) error {
			_, err := f.client.SubmitProvisionalRegistration(ctx, &erv1.SubmitProvisionalRegistrationRequest{EstablishmentId: draft.EstablishmentId})
			return err
		}},
		{"GetMyProvisionalEstablishment", []authn.Principal{empB, staff1301}, func(ctx context.Context) error {
			_, err := f.client.GetMyProvisionalEstablishment(ctx, &erv1.GetMyProvisionalEstablishmentRequest{})
			return err
		}},
		{"CreateProvisionalEstablishment", []authn.Principal{empB, staff1301, identity}, func(ctx context.Context) error {
			_, err := f.client.CreateProvisionalEstablishment(ctx, &erv1.CreateProvisionalEstablishmentRequest{})
			return err
		}},
		{"ListRegistrationWorklist", []authn.Principal{empB, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.ListRegistrationWorklist(ctx, &erv1.ListRegistrationWorklistRequest{})
			return err
		}},
		{"AcceptEstablishment", []authn.Principal{staff1306, empB, provisional("acct-d")}, func(ctx context.Context) error {
			_, err := f.client.AcceptEstablishment(ctx, &erv1.AcceptEstablishmentRequest{EstablishmentId: pending.EstablishmentId})
			return err
		}},
		{"ReturnEstablishment", []authn.Principal{staff1306, empB}, func(ctx context.Context) error {
			_, err := f.client.ReturnEstablishment(ctx, &erv1.ReturnEstablishmentRequest{EstablishmentId: pending.EstablishmentId, Message: "x"})
			return err
		}},
		{"RejectEstablishment", []authn.Principal{staff1306, empB}, func(ctx context.Context) error {
			_, err := f.client.RejectEstablishment(ctx, &erv1.RejectEstablishmentRequest{EstablishmentId: pending.EstablishmentId, Message: "x"})
			return err
		}},
		{"TransferEstablishment", []authn.Principal{staff1306, empB}, func(ctx context.Context) error {
			_, err := f.client.TransferEstablishment(ctx, &erv1.TransferEstablishmentRequest{EstablishmentId: pending.EstablishmentId, OfficeCode: "1306"})
			return err
		}},
		{"RegisterEstablishmentAtCounter", []authn.Principal{empB, otherProvisional, identity}, func(ctx context.Context) error {
			_, err := f.client.RegisterEstablishmentAtCounter(ctx, &erv1.RegisterEstablishmentAtCounterRequest{Profile: profile(), LoginEmail: "x@example.jp"})
			return err
		}},
		{"AddLoginEmail", []authn.Principal{staff1306, empA, empB}, func(ctx context.Context) error {
			_, err := f.client.AddLoginEmail(ctx, &erv1.AddLoginEmailRequest{EstablishmentId: a.EstablishmentId, LoginEmail: "x@example.jp"})
			return err
		}},
		{"LookupEstablishment", []authn.Principal{staff1306, empA}, func(ctx context.Context) error {
			_, err := f.client.LookupEstablishment(ctx, &erv1.LookupEstablishmentRequest{EstablishmentNumber: a.EstablishmentNumber})
			return err
		}},
		{"IssueAccountCreationCode", []authn.Principal{staff1306, empA, empB}, func(ctx context.Context) error {
			_, err := f.client.IssueAccountCreationCode(ctx, &erv1.IssueAccountCreationCodeRequest{EstablishmentId: a.EstablishmentId})
			return err
		}},
		{"VerifyAccountCreationCode", []authn.Principal{staff1301, empA, identity2()}, func(ctx context.Context) error {
			_, err := f.client.VerifyAccountCreationCode(ctx, &erv1.VerifyAccountCreationCodeRequest{EstablishmentNumber: a.EstablishmentNumber})
			return err
		}},
		{"GetEstablishment", []authn.Principal{staff1306, empB, otherProvisional, provisional("acct-a")}, func(ctx context.Context) error {
			_, err := f.client.GetEstablishment(ctx, &erv1.GetEstablishmentRequest{EstablishmentId: a.EstablishmentId})
			return err
		}},
		{"GetHomeSummary", []authn.Principal{staff1306, empB}, func(ctx context.Context) error {
			_, err := f.client.GetHomeSummary(ctx, &erv1.GetHomeSummaryRequest{EstablishmentId: a.EstablishmentId})
			return err
		}},
		{"ApplyEstablishmentChange", []authn.Principal{empB, staff1301, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.ApplyEstablishmentChange(ctx, &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: a.EstablishmentId,
				Proposed: &erv1.EstablishmentProfile{Pr: &erv1.EstablishmentPR{PrText: "x"}}})
			return err
		}},
		{"ListEstablishmentChanges", []authn.Principal{empB, staff1306, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.ListEstablishmentChanges(ctx, &erv1.ListEstablishmentChangesRequest{EstablishmentId: a.EstablishmentId})
			return err
		}},
		{"ApproveEstablishmentChange", []authn.Principal{staff1306, empA}, func(ctx context.Context) error {
			_, err := f.client.ApproveEstablishmentChange(ctx, &erv1.ApproveEstablishmentChangeRequest{ChangeId: change.ChangeId})
			return err
		}},
		{"RejectEstablishmentChange", []authn.Principal{staff1306, empA}, func(ctx context.Context) error {
			_, err := f.client.RejectEstablishmentChange(ctx, &erv1.RejectEstablishmentChangeRequest{ChangeId: change.ChangeId, Message: "x"})
			return err
		}},
		{"UploadImage", []authn.Principal{empB, staff1301, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.UploadImage(ctx, &erv1.UploadImageRequest{EstablishmentId: a.EstablishmentId, Filename: "b.png", Content: pngBytes(t, 4, 4)})
			return err
		}},
		{"ListImages", []authn.Principal{empB, staff1306, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.ListImages(ctx, &erv1.ListImagesRequest{EstablishmentId: a.EstablishmentId})
			return err
		}},
		{"GetImage", []authn.Principal{empB, staff1306, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.GetImage(ctx, &erv1.GetImageRequest{EstablishmentId: a.EstablishmentId, ImageId: img.ImageId})
			return err
		}},
		{"DeleteImage", []authn.Principal{empB, staff1301, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.DeleteImage(ctx, &erv1.DeleteImageRequest{EstablishmentId: a.EstablishmentId, ImageId: img.ImageId})
			return err
		}},
		{"ListImageWorklist", []authn.Principal{empA, otherProvisional}, func(ctx context.Context) error {
			_, err := f.client.ListImageWorklist(ctx, &erv1.ListImageWorklistRequest{})
			return err
		}},
		{"ReviewImage", []authn.Principal{staff1306, empA}, func(ctx context.Context) error {
			_, err := f.client.ReviewImage(ctx, &erv1.ReviewImageRequest{ImageId: img.ImageId, Approve: true})
			return err
		}},
	}
	// Public reference data: callable by anyone; listed so the coverage check holds.
	public := map[string]bool{"ListOffices": true, "ResolveOffice": true}
	covered := map[string]bool{}
	for _, c := range calls {
		covered[c.method] = true
		for _, p := range c.as {
			t.Run(c.method+"/"+string(p.Role)+"/"+p.AccountID, func(t *testing.T) {
				err := c.do(f.as(p))
				code := status.Code(err)
				if code != codes.PermissionDenied && code != codes.NotFound {
					t.Fatalf("want PERMISSION_DENIED or NOT_FOUND, got %v (%v)", code, err)
				}
			})
		}
	}
	sd := erv1.File_hellowork_employer_registration_v1_employer_registration_service_proto.Services().ByName("EmployerRegistrationService")
	for i := 0; i < sd.Methods().Len(); i++ {
		m := string(sd.Methods().Get(i).Name())
		if !covered[m] && !public[m] {
			t.Errorf("method %s has no cross-tenant case", m)
		}
	}
	// Nothing changed: the pending registration, the change and the image are untouched.
	if got := must(f.client.GetEstablishment(f.as(staff1301), &erv1.GetEstablishmentRequest{EstablishmentId: pending.EstablishmentId})); got.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_PROVISIONAL || got.OfficeCode != "1301" {
		t.Errorf("pending registration changed: %v", got.State)
	}
	if l := must(f.client.ListImages(f.as(empA), &erv1.ListImagesRequest{EstablishmentId: a.EstablishmentId})); len(l.Images) != 1 || l.Images[0].State != erv1.ImageState_IMAGE_STATE_PENDING_REVIEW {
		t.Errorf("images changed: %v", l)
	}
	if l := must(f.client.ListEstablishmentChanges(f.as(empA), &erv1.ListEstablishmentChangesRequest{EstablishmentId: a.EstablishmentId})); len(l.Changes) != 1 || l.Changes[0].State != erv1.ChangeState_CHANGE_STATE_PENDING {
		t.Errorf("change touched: %v", l)
	}
	// An unknown id gets the same NOT_FOUND as a foreign one.
	_, errForeign := f.client.GetEstablishment(f.as(empB), &erv1.GetEstablishmentRequest{EstablishmentId: a.EstablishmentId})
	_, errUnknown := f.client.GetEstablishment(f.as(empB), &erv1.GetEstablishmentRequest{EstablishmentId: "01900000-0000-7000-8000-000000000000"})
	if errForeign.Error() != errUnknown.Error() {
		t.Errorf("foreign and unknown differ:\n%v\n%v", errForeign, errUnknown)
	}
	// No token at all.
	_, err := f.client.GetEstablishment(context.Background(), &erv1.GetEstablishmentRequest{EstablishmentId: a.EstablishmentId})
	if status.Code(err) != codes.Unauthenticated {
		t.Errorf("no token: %v", err)
	}
}
