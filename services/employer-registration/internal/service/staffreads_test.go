package service

import (
	"context"
	"testing"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

// TestAudit_StaffReadsAudited [issue 9 M4, ASVS 16.3.2, 統一基準]: every read of
// establishment data by office staff writes one audit row with who (the staff account
// and its office), when and what (the action and the establishment or, for an office
// list, the office); the employer reading its own data writes none, and a read refused
// for another office's staff reads nothing and records no access.
func TestAudit_StaffReadsAudited(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	est := e.EstablishmentId
	img := must(f.client.UploadImage(f.as(employer(est)), &erv1.UploadImageRequest{EstablishmentId: est,
		Filename: "front.png", DeclaredContentType: "image/png", Content: pngBytes(t, 16, 16), Caption: "外観"}))
	staff := func() context.Context { return f.as(staff1301) }
	reads := []struct {
		action, establishment string
		read                  func() error
	}{
		{"registration_worklist.read", "", func() error {
			_, err := f.client.ListRegistrationWorklist(staff(), &erv1.ListRegistrationWorklistRequest{})
			return err
		}},
		{"establishment.lookup", est, func() error {
			_, err := f.client.LookupEstablishment(staff(), &erv1.LookupEstablishmentRequest{EstablishmentNumber: e.EstablishmentNumber})
			return err
		}},
		{"establishment.read", est, func() error {
			_, err := f.client.GetEstablishment(staff(), &erv1.GetEstablishmentRequest{EstablishmentId: est})
			return err
		}},
		{"establishment.read", est, func() error {
			_, err := f.client.GetHomeSummary(staff(), &erv1.GetHomeSummaryRequest{EstablishmentId: est})
			return err
		}},
		{"establishment_change.read", "", func() error {
			_, err := f.client.ListEstablishmentChanges(staff(), &erv1.ListEstablishmentChangesRequest{})
			return err
		}},
		{"establishment_change.read", est, func() error {
			_, err := f.client.ListEstablishmentChanges(staff(), &erv1.ListEstablishmentChangesRequest{EstablishmentId: est})
			return err
		}},
		{"image.list", est, func() error {
			_, err := f.client.ListImages(staff(), &erv1.ListImagesRequest{EstablishmentId: est})
			return err
		}},
		{"image.read", est, func() error {
			_, err := f.client.GetImage(staff(), &erv1.GetImageRequest{EstablishmentId: est, ImageId: img.ImageId})
			return err
		}},
		{"image_worklist.read", "", func() error {
			_, err := f.client.ListImageWorklist(staff(), &erv1.ListImageWorklistRequest{})
			return err
		}},
	}
	count := func(where string, args ...any) int {
		t.Helper()
		var n int
		if err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE `+where, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	const byStaff = `actor_id = 'staff-1301' AND actor_role = 'staff' AND actor_office_code = '1301' AND outcome = 'ok'`
	for _, r := range reads {
		before := count(`action = $1 AND `+byStaff+` AND establishment_id = $2`, r.action, r.establishment)
		if err := r.read(); err != nil {
			t.Fatalf("%s: %v", r.action, err)
		}
		if after := count(`action = $1 AND `+byStaff+` AND establishment_id = $2`, r.action, r.establishment); after != before+1 {
			t.Errorf("%s: %d audit rows for one staff read (establishment %q), want 1", r.action, after-before, r.establishment)
		}
	}
	if n := count(`action = 'registration_worklist.read' AND detail->>'office_code' = '1301' AND detail ? 'rows'`); n != 1 {
		t.Errorf("office list reads name the office and the rows shown: %d", n)
	}
	// The employer's own reads are not staff access.
	emp := f.as(employer(est))
	before := count(`true`)
	must(f.client.GetEstablishment(emp, &erv1.GetEstablishmentRequest{EstablishmentId: est}))
	must(f.client.ListImages(emp, &erv1.ListImagesRequest{EstablishmentId: est}))
	if n := count(`true`); n != before {
		t.Errorf("employer reads wrote %d audit rows", n-before)
	}
	// Another office's staff are refused and no access is recorded.
	if _, err := f.client.GetEstablishment(f.as(staff1306), &erv1.GetEstablishmentRequest{EstablishmentId: est}); err == nil {
		t.Fatal("another office's staff read the establishment")
	}
	if n := count(`actor_id = 'staff-1306' AND outcome = 'ok'`); n != 0 {
		t.Errorf("refused read recorded as %d accesses", n)
	}
}
