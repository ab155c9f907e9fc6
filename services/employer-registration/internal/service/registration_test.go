package service

import (
	"regexp"
	"testing"

	"google.golang.org/grpc/codes"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

// OPEN-1: the employer saves the sections one by one, submits, the office returns it,
// the employer corrects and resubmits, the office accepts and assigns the ESTNO-1 number.
func TestOpen1_ProvisionalRegistrationToAcceptance(t *testing.T) {
	f := newFixture(t)
	e := f.submitted("acct-a")
	if e.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_PROVISIONAL || e.OfficeCode != "1301" || e.OfficeName != "ハローワーク飯田橋" {
		t.Fatalf("submitted establishment = %v", e)
	}
	// Normalisation: half-width kana widened, hiragana to katakana, full-width digits narrowed.
	if got := e.Profile.Company.CompanyNameKana; got != "カブシキガイシャテストショウジ" {
		t.Errorf("company kana = %q", got)
	}
	if got := e.Profile.Basic.NameKana; got != "テストショウジ ホンシャ" {
		t.Errorf("name kana = %q", got)
	}
	if got := e.Profile.Basic.PhoneNumber; got != "03-1234-5678" {
		t.Errorf("phone = %q", got)
	}
	if got := e.Profile.Company.HeadOfficePostalCode; got != "100-0001" {
		t.Errorf("postal = %q", got)
	}
	var reg erv1.EstablishmentProvisionallyRegistered
	f.lastEvent(&reg)
	if reg.OwnerEmail != "acct-a@example.co.jp" || reg.OwnerAccountId != "acct-a" || reg.OfficeName != "ハローワーク飯田橋" || reg.Name != "テスト商事 本社" {
		t.Errorf("EstablishmentProvisionallyRegistered = %v", &reg)
	}

	wl := must(f.client.ListRegistrationWorklist(f.as(staff1301), &erv1.ListRegistrationWorklistRequest{}))
	if len(wl.Establishments) != 1 || wl.Establishments[0].EstablishmentId != e.EstablishmentId {
		t.Fatalf("worklist of 1301 = %v", wl)
	}
	if wl := must(f.client.ListRegistrationWorklist(f.as(staff1306), &erv1.ListRegistrationWorklistRequest{})); len(wl.Establishments) != 0 {
		t.Fatalf("worklist of 1306 shows another office's registration: %v", wl)
	}

	// Employer cannot edit while the office checks.
	s := sections()[4]
	s.EstablishmentId = e.EstablishmentId
	_, err := f.client.SaveEstablishmentSection(f.as(provisional("acct-a")), s)
	wantErr(t, err, codes.FailedPrecondition, "INVALID_STATE")

	ret := must(f.client.ReturnEstablishment(f.as(staff1301), &erv1.ReturnEstablishmentRequest{EstablishmentId: e.EstablishmentId, Message: "従業員数をご確認ください。"}))
	if ret.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_RETURNED || ret.OfficeMessage == "" {
		t.Fatalf("returned = %v", ret)
	}
	var returned erv1.EstablishmentReturned
	f.lastEvent(&returned)
	if returned.Message != "従業員数をご確認ください。" || returned.OwnerEmail != "acct-a@example.co.jp" {
		t.Errorf("EstablishmentReturned = %v", &returned)
	}
	d := sections()[2]
	d.EstablishmentId = e.EstablishmentId
	d.GetDetail().EmployeesAtWorkplace = 25
	must(f.client.SaveEstablishmentSection(f.as(provisional("acct-a")), d))
	must(f.client.SubmitProvisionalRegistration(f.as(provisional("acct-a")), &erv1.SubmitProvisionalRegistrationRequest{EstablishmentId: e.EstablishmentId}))
	if n := f.countEvents(&erv1.EstablishmentResubmitted{}); n != 1 {
		t.Fatalf("EstablishmentResubmitted events = %d", n)
	}

	acc := must(f.client.AcceptEstablishment(f.as(staff1301), &erv1.AcceptEstablishmentRequest{EstablishmentId: e.EstablishmentId}))
	if acc.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_REGISTERED || !regexp.MustCompile(`^1301-000001-\d$`).MatchString(acc.EstablishmentNumber) {
		t.Fatalf("accepted = %v", acc)
	}
	var accepted erv1.EstablishmentAccepted
	f.lastEvent(&accepted)
	if accepted.EstablishmentNumber != acc.EstablishmentNumber || accepted.OwnerAccountId != "acct-a" || accepted.OfficeCode != "1301" {
		t.Errorf("EstablishmentAccepted = %v", &accepted)
	}
	// The opened MyPage (primary role) sees it and its home data (LOGIN-6).
	home := must(f.client.GetHomeSummary(f.as(employer(e.EstablishmentId)), &erv1.GetHomeSummaryRequest{EstablishmentId: e.EstablishmentId}))
	if home.EstablishmentName != "テスト商事 本社" || home.OfficeName != "ハローワーク飯田橋" || home.EstablishmentNumber != acc.EstablishmentNumber {
		t.Errorf("home = %v", home)
	}
	// The second acceptance numbers the next serial.
	b := f.registered("acct-b")
	if !regexp.MustCompile(`^1301-000002-\d$`).MatchString(b.EstablishmentNumber) {
		t.Errorf("second number = %s", b.EstablishmentNumber)
	}
}

func TestOpen1_BlockingErrorsRefuseTheSave(t *testing.T) {
	f := newFixture(t)
	e := must(f.client.CreateProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.CreateProvisionalEstablishmentRequest{}))
	c := sections()[0]
	c.EstablishmentId = e.EstablishmentId
	c.GetCompany().CorporateNumber = "7000012050003" // wrong check digit
	_, err := f.client.SaveEstablishmentSection(f.as(provisional("acct-a")), c)
	wantErr(t, err, codes.InvalidArgument, "VALIDATION_FAILED")
	got := must(f.client.GetMyProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.GetMyProvisionalEstablishmentRequest{}))
	if len(got.CompletedSections) != 0 {
		t.Fatalf("a refused save changed the establishment: %v", got.CompletedSections)
	}
	// Submitting with missing sections is refused.
	_, err = f.client.SubmitProvisionalRegistration(f.as(provisional("acct-a")), &erv1.SubmitProvisionalRegistrationRequest{EstablishmentId: e.EstablishmentId})
	wantErr(t, err, codes.FailedPrecondition, "SECTIONS_INCOMPLETE")
	// One provisional registration per account.
	_, err = f.client.CreateProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.CreateProvisionalEstablishmentRequest{})
	wantErr(t, err, codes.AlreadyExists, "ALREADY_HAS_ESTABLISHMENT")
}

func TestOpen1_WarningsNeedConfirmation(t *testing.T) {
	f := newFixture(t)
	e := must(f.client.CreateProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.CreateProvisionalEstablishmentRequest{}))
	b := sections()[1]
	b.EstablishmentId = e.EstablishmentId
	b.GetBasic().PhoneNumber = "090-1234-5678" // a mobile number: orange warning
	res := must(f.client.SaveEstablishmentSection(f.as(provisional("acct-a")), b))
	if res.Saved || len(res.Warnings) != 1 || res.Warnings[0].Reason != "PHONE_IS_MOBILE" || len(res.Establishment.CompletedSections) != 0 {
		t.Fatalf("unconfirmed warning saved: %v", res)
	}
	b.ConfirmWarnings = true
	res = must(f.client.SaveEstablishmentSection(f.as(provisional("acct-a")), b))
	if !res.Saved || len(res.Establishment.CompletedSections) != 1 || res.Establishment.OfficeCode != "1301" {
		t.Fatalf("confirmed save = %v", res)
	}
}

func TestOpen1_RejectAnnouncesAndFreesTheAccount(t *testing.T) {
	f := newFixture(t)
	e := f.submitted("acct-a")
	must(f.client.RejectEstablishment(f.as(staff1301), &erv1.RejectEstablishmentRequest{EstablishmentId: e.EstablishmentId, Message: "雇用関係がありません。"}))
	var rej erv1.EstablishmentRejected
	f.lastEvent(&rej)
	if rej.Message != "雇用関係がありません。" {
		t.Errorf("EstablishmentRejected = %v", &rej)
	}
	_, err := f.client.AcceptEstablishment(f.as(staff1301), &erv1.AcceptEstablishmentRequest{EstablishmentId: e.EstablishmentId})
	wantErr(t, err, codes.FailedPrecondition, "INVALID_STATE")
	must(f.client.CreateProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.CreateProvisionalEstablishmentRequest{}))
}

// OPEN-1: after a rejection the account's registration is the rejected one, with the
// office's reason, until the employer starts a new one, which then takes its place.
func TestOpen1_MyRegistrationIsTheRejectedOneUntilANewOne(t *testing.T) {
	f := newFixture(t)
	e := f.submitted("acct-a")
	must(f.client.RejectEstablishment(f.as(staff1301), &erv1.RejectEstablishmentRequest{EstablishmentId: e.EstablishmentId, Message: "雇用関係がありません。"}))
	got := must(f.client.GetMyProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.GetMyProvisionalEstablishmentRequest{}))
	if got.EstablishmentId != e.EstablishmentId || got.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_REJECTED || got.OfficeMessage != "雇用関係がありません。" {
		t.Fatalf("after the rejection: %v", got)
	}
	// Another account sees none of it.
	_, err := f.client.GetMyProvisionalEstablishment(f.as(provisional("acct-b")), &erv1.GetMyProvisionalEstablishmentRequest{})
	wantErr(t, err, codes.NotFound, "ESTABLISHMENT_NOT_FOUND")
	fresh := must(f.client.CreateProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.CreateProvisionalEstablishmentRequest{}))
	got = must(f.client.GetMyProvisionalEstablishment(f.as(provisional("acct-a")), &erv1.GetMyProvisionalEstablishmentRequest{}))
	if got.EstablishmentId != fresh.EstablishmentId || got.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_DRAFT {
		t.Fatalf("after a new start: %v, want the new draft %s", got, fresh.EstablishmentId)
	}
}

func TestTransfer_StaffOverrideMovesTheWorklist(t *testing.T) {
	f := newFixture(t)
	e := f.submitted("acct-a")
	must(f.client.TransferEstablishment(f.as(staff1301), &erv1.TransferEstablishmentRequest{EstablishmentId: e.EstablishmentId, OfficeCode: "1306"}))
	if wl := must(f.client.ListRegistrationWorklist(f.as(staff1306), &erv1.ListRegistrationWorklistRequest{})); len(wl.Establishments) != 1 {
		t.Fatalf("1306 worklist = %v", wl)
	}
	_, err := f.client.AcceptEstablishment(f.as(staff1301), &erv1.AcceptEstablishmentRequest{EstablishmentId: e.EstablishmentId})
	wantErr(t, err, codes.NotFound, "ESTABLISHMENT_NOT_FOUND")
	acc := must(f.client.AcceptEstablishment(f.as(staff1306), &erv1.AcceptEstablishmentRequest{EstablishmentId: e.EstablishmentId}))
	if acc.EstablishmentNumber[:4] != "1306" {
		t.Errorf("number %s not of office 1306", acc.EstablishmentNumber)
	}
}

// M1 (LOGIN-5): a staff transfer and an approved change whose new address belongs to
// another office both announce EstablishmentTransferred with the new office, so that
// identity, notification and job-posting move staff access with the establishment; a
// change that keeps the office announces nothing.
func TestTransfer_AnnouncedWithTheNewOffice(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	must(f.client.TransferEstablishment(f.as(staff1301), &erv1.TransferEstablishmentRequest{EstablishmentId: e.EstablishmentId, OfficeCode: "1306"}))
	var ev erv1.EstablishmentTransferred
	f.lastEvent(&ev)
	if ev.EstablishmentId != e.EstablishmentId || ev.EstablishmentNumber != e.EstablishmentNumber || ev.FromOfficeCode != "1301" ||
		ev.OfficeCode != "1306" || ev.OfficeName != "ハローワーク新宿" || ev.Reason != erv1.TransferReason_TRANSFER_REASON_STAFF || ev.TransferredAt == nil {
		t.Errorf("staff transfer: EstablishmentTransferred = %v", &ev)
	}

	moved := f.registered("acct-b") // office resolved from its address, not pinned
	emp := employer(moved.EstablishmentId)
	basic := profile().Basic
	basic.MunicipalityCode, basic.Address = "13104", "東京都新宿区西新宿2-8-1" // 新宿区 → 1306
	ch := must(f.client.ApplyEstablishmentChange(f.as(emp), &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: moved.EstablishmentId,
		Proposed: &erv1.EstablishmentProfile{Basic: basic}}))
	must(f.client.ApproveEstablishmentChange(f.as(staff1301), &erv1.ApproveEstablishmentChangeRequest{ChangeId: ch.ChangeId}))
	f.lastEvent(&ev)
	if ev.EstablishmentId != moved.EstablishmentId || ev.FromOfficeCode != "1301" || ev.OfficeCode != "1306" ||
		ev.Reason != erv1.TransferReason_TRANSFER_REASON_ADDRESS_CHANGE {
		t.Errorf("address change: EstablishmentTransferred = %v", &ev)
	}

	stays := f.registered("acct-c")
	ch = must(f.client.ApplyEstablishmentChange(f.as(employer(stays.EstablishmentId)), &erv1.ApplyEstablishmentChangeRequest{
		EstablishmentId: stays.EstablishmentId, Proposed: &erv1.EstablishmentProfile{Pr: &erv1.EstablishmentPR{PrText: "PR"}}}))
	must(f.client.ApproveEstablishmentChange(f.as(staff1301), &erv1.ApproveEstablishmentChangeRequest{ChangeId: ch.ChangeId}))
	if n := f.countEvents(&erv1.EstablishmentTransferred{}); n != 2 {
		t.Errorf("%d EstablishmentTransferred events, want 2 (none for a change that keeps the office)", n)
	}
}

// OPEN-2: counter registration with a login e-mail, and adding an e-mail later.
func TestOpen2_CounterRegistrationAnnouncesLoginEmail(t *testing.T) {
	f := newFixture(t)
	e := must(f.client.RegisterEstablishmentAtCounter(f.as(staff1301), &erv1.RegisterEstablishmentAtCounterRequest{
		Profile: profile(), LoginEmail: "Owner@Example.CO.JP", EstablishmentNumber: "1301-123456-7"}))
	if e.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_REGISTERED || e.EstablishmentNumber != "1301-123456-7" || e.OfficeCode != "1301" {
		t.Fatalf("counter registration = %v", e)
	}
	var reg erv1.EstablishmentRegisteredAtCounter
	f.lastEvent(&reg)
	if reg.EstablishmentId != e.EstablishmentId || reg.EstablishmentNumber != "1301-123456-7" || reg.Name != "テスト商事 本社" ||
		reg.OfficeCode != "1301" || reg.OfficeName == "" || !reg.LoginEmailRegistered || reg.RegisteredAt == nil {
		t.Errorf("EstablishmentRegisteredAtCounter = %v", &reg)
	}
	var ev erv1.LoginEmailRegistered
	f.lastEvent(&ev)
	if ev.Email != "Owner@example.co.jp" || ev.EstablishmentNumber != "1301-123456-7" || !ev.NewEstablishment || ev.OfficeCode != "1301" {
		t.Errorf("LoginEmailRegistered = %v", &ev)
	}
	must(f.client.AddLoginEmail(f.as(staff1301), &erv1.AddLoginEmailRequest{EstablishmentId: e.EstablishmentId, LoginEmail: "jinji@example.co.jp"}))
	f.lastEvent(&ev)
	if ev.Email != "jinji@example.co.jp" || ev.NewEstablishment {
		t.Errorf("second LoginEmailRegistered = %v", &ev)
	}
	_, err := f.client.AddLoginEmail(f.as(staff1301), &erv1.AddLoginEmailRequest{EstablishmentId: e.EstablishmentId, LoginEmail: "jinji@example.co.jp"})
	wantErr(t, err, codes.AlreadyExists, "LOGIN_EMAIL_ALREADY_REGISTERED")
	_, err = f.client.RegisterEstablishmentAtCounter(f.as(staff1301), &erv1.RegisterEstablishmentAtCounterRequest{
		Profile: profile(), LoginEmail: "other@example.co.jp", EstablishmentNumber: "1301123456７"})
	wantErr(t, err, codes.AlreadyExists, "ESTABLISHMENT_NUMBER_TAKEN")
	_, err = f.client.RegisterEstablishmentAtCounter(f.as(staff1301), &erv1.RegisterEstablishmentAtCounterRequest{
		Profile: profile(), LoginEmail: "全角@example.co.jp"})
	wantErr(t, err, codes.InvalidArgument, "EMAIL_INVALID")
	got := must(f.client.LookupEstablishment(f.as(staff1301), &erv1.LookupEstablishmentRequest{EstablishmentNumber: "13011234567"}))
	if got.EstablishmentId != e.EstablishmentId {
		t.Errorf("lookup = %v", got)
	}
}

// OPEN-2/OPEN-3: an establishment may be registered without a login e-mail; no login
// is announced to identity until an e-mail is added (or a creation code opens the
// MyPage), but the registration itself is announced (EstablishmentRegisteredAtCounter),
// so that job-posting takes the postings staff enter for it (JOB-2).
func TestOpen2_CounterRegistrationWithoutLoginEmail(t *testing.T) {
	f := newFixture(t)
	before := f.countEvents(&erv1.LoginEmailRegistered{})
	registered := f.countEvents(&erv1.EstablishmentRegisteredAtCounter{})
	e := must(f.client.RegisterEstablishmentAtCounter(f.as(staff1301), &erv1.RegisterEstablishmentAtCounterRequest{Profile: profile()}))
	if e.State != erv1.EstablishmentState_ESTABLISHMENT_STATE_REGISTERED || e.EstablishmentNumber == "" {
		t.Fatalf("counter registration = %v", e)
	}
	var reg erv1.EstablishmentRegisteredAtCounter
	f.lastEvent(&reg)
	if reg.EstablishmentId != e.EstablishmentId || reg.EstablishmentNumber != e.EstablishmentNumber || reg.Name != "テスト商事 本社" ||
		reg.OfficeCode != "1301" || reg.OfficeName != e.OfficeName || reg.LoginEmailRegistered || reg.RegisteredAt == nil {
		t.Errorf("EstablishmentRegisteredAtCounter = %v", &reg)
	}
	if n := f.countEvents(&erv1.EstablishmentRegisteredAtCounter{}); n != registered+1 {
		t.Errorf("EstablishmentRegisteredAtCounter events %d → %d, want one", registered, n)
	}
	if n := f.countEvents(&erv1.LoginEmailRegistered{}); n != before {
		t.Fatalf("LoginEmailRegistered events %d → %d without an e-mail", before, n)
	}
	must(f.client.AddLoginEmail(f.as(staff1301), &erv1.AddLoginEmailRequest{EstablishmentId: e.EstablishmentId, LoginEmail: "later@example.co.jp"}))
	if n := f.countEvents(&erv1.LoginEmailRegistered{}); n != before+1 {
		t.Fatalf("LoginEmailRegistered events after AddLoginEmail = %d, want %d", n, before+1)
	}
	if n := f.countEvents(&erv1.EstablishmentRegisteredAtCounter{}); n != registered+1 {
		t.Errorf("EstablishmentRegisteredAtCounter events after AddLoginEmail = %d, want %d (only registrations)", n, registered+1)
	}
}

// EST-1: a change waits for the office; approval applies it and announces it.
func TestEst1_ChangeApplicationReviewedByStaff(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	emp := employer(e.EstablishmentId)
	basic := profile().Basic
	basic.Name = "テスト商事 東京本社"
	ch := must(f.client.ApplyEstablishmentChange(f.as(emp), &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: e.EstablishmentId,
		Proposed: &erv1.EstablishmentProfile{Basic: basic}}))
	if ch.State != erv1.ChangeState_CHANGE_STATE_PENDING {
		t.Fatalf("change = %v", ch)
	}
	_, err := f.client.ApplyEstablishmentChange(f.as(emp), &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: e.EstablishmentId,
		Proposed: &erv1.EstablishmentProfile{Basic: basic}})
	wantErr(t, err, codes.FailedPrecondition, "CHANGE_PENDING")
	if got := must(f.client.GetEstablishment(f.as(emp), &erv1.GetEstablishmentRequest{EstablishmentId: e.EstablishmentId})); got.Profile.Basic.Name != "テスト商事 本社" {
		t.Fatalf("pending change already live: %s", got.Profile.Basic.Name)
	}
	list := must(f.client.ListEstablishmentChanges(f.as(staff1301), &erv1.ListEstablishmentChangesRequest{}))
	if len(list.Changes) != 1 {
		t.Fatalf("staff change worklist = %v", list)
	}
	if l := must(f.client.ListEstablishmentChanges(f.as(staff1306), &erv1.ListEstablishmentChangesRequest{})); len(l.Changes) != 0 {
		t.Fatalf("another office sees the change: %v", l)
	}
	must(f.client.ApproveEstablishmentChange(f.as(staff1301), &erv1.ApproveEstablishmentChangeRequest{ChangeId: ch.ChangeId}))
	if got := must(f.client.GetEstablishment(f.as(emp), &erv1.GetEstablishmentRequest{EstablishmentId: e.EstablishmentId})); got.Profile.Basic.Name != "テスト商事 東京本社" {
		t.Fatalf("approved change not applied: %s", got.Profile.Basic.Name)
	}
	var applied erv1.EstablishmentChangeApplied
	f.lastEvent(&applied)
	if applied.Profile.GetBasic().GetName() != "テスト商事 東京本社" || applied.EstablishmentNumber != e.EstablishmentNumber || len(applied.Sections) != 1 {
		t.Errorf("EstablishmentChangeApplied = %v", &applied)
	}
	ch2 := must(f.client.ApplyEstablishmentChange(f.as(emp), &erv1.ApplyEstablishmentChangeRequest{EstablishmentId: e.EstablishmentId,
		Proposed: &erv1.EstablishmentProfile{Pr: &erv1.EstablishmentPR{PrText: "新しいPR"}}}))
	rej := must(f.client.RejectEstablishmentChange(f.as(staff1301), &erv1.RejectEstablishmentChangeRequest{ChangeId: ch2.ChangeId, Message: "内容をご確認ください。"}))
	if rej.State != erv1.ChangeState_CHANGE_STATE_REJECTED || rej.ReviewMessage == "" {
		t.Errorf("rejected change = %v", rej)
	}
}

// EMAIL-1: counter registration accepts the carrier-style addresses that
// self-registration (identity) accepts, and announces them as typed.
func TestOpen2_CounterRegistrationAcceptsCarrierAddresses(t *testing.T) {
	f := newFixture(t)
	e := must(f.client.RegisterEstablishmentAtCounter(f.as(staff1301), &erv1.RegisterEstablishmentAtCounterRequest{
		Profile: profile(), LoginEmail: "foo.@docomo.ne.jp"}))
	var ev erv1.LoginEmailRegistered
	f.lastEvent(&ev)
	if ev.Email != "foo.@docomo.ne.jp" || ev.EstablishmentId != e.EstablishmentId {
		t.Errorf("LoginEmailRegistered = %v", &ev)
	}
	res := must(f.client.AddLoginEmail(f.as(staff1301), &erv1.AddLoginEmailRequest{EstablishmentId: e.EstablishmentId, LoginEmail: "a..b@ezweb.ne.jp"}))
	if res.LoginEmail != "a..b@ezweb.ne.jp" {
		t.Errorf("AddLoginEmail = %v", res.LoginEmail)
	}
}

// Lists page by keyset with a filter hash (libs/pagetoken): the next page continues
// after the last row, and a token is refused by a list with another filter.
func TestWorklist_PageTokens(t *testing.T) {
	f := newFixture(t)
	a := f.submitted("acct-a")
	b := f.submitted("acct-b")
	first := must(f.client.ListRegistrationWorklist(f.as(staff1301), &erv1.ListRegistrationWorklistRequest{PageSize: 1}))
	if len(first.Establishments) != 1 || first.Establishments[0].EstablishmentId != a.EstablishmentId || first.NextPageToken == "" {
		t.Fatalf("first page = %v", first)
	}
	second := must(f.client.ListRegistrationWorklist(f.as(staff1301), &erv1.ListRegistrationWorklistRequest{PageSize: 1, PageToken: first.NextPageToken}))
	if len(second.Establishments) != 1 || second.Establishments[0].EstablishmentId != b.EstablishmentId || second.NextPageToken != "" {
		t.Fatalf("second page = %v", second)
	}
	_, err := f.client.ListRegistrationWorklist(f.as(staff1306), &erv1.ListRegistrationWorklistRequest{PageSize: 1, PageToken: first.NextPageToken})
	wantErr(t, err, codes.InvalidArgument, "PAGE_TOKEN_INVALID")
	_, err = f.client.ListImageWorklist(f.as(staff1301), &erv1.ListImageWorklistRequest{PageSize: 1, PageToken: first.NextPageToken})
	wantErr(t, err, codes.InvalidArgument, "PAGE_TOKEN_INVALID")
	_, err = f.client.ListRegistrationWorklist(f.as(staff1301), &erv1.ListRegistrationWorklistRequest{PageToken: "not-a-token"})
	wantErr(t, err, codes.InvalidArgument, "PAGE_TOKEN_INVALID")
}
