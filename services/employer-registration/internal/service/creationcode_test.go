package service

import (
	"context"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"

	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
)

func (f *fixture) verify(number, phone, code string) (*erv1.VerifyAccountCreationCodeResponse, error) {
	return f.client.VerifyAccountCreationCode(f.as(identity), &erv1.VerifyAccountCreationCodeRequest{EstablishmentNumber: number, PhoneNumber: phone, Code: code})
}

func (f *fixture) issue(estID string) *erv1.IssueAccountCreationCodeResponse {
	return must(f.client.IssueAccountCreationCode(f.as(staff1301), &erv1.IssueAccountCreationCodeRequest{EstablishmentId: estID}))
}

// auditCount counts the audit entries of action with outcome whose detail holds the
// given key/value pairs.
func (f *fixture) auditCount(action, outcome string, detail ...string) int {
	d := map[string]string{}
	for i := 0; i+1 < len(detail); i += 2 {
		d[detail[i]] = detail[i+1]
	}
	var n int
	if err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = $1 AND outcome = $2 AND detail @> $3`,
		action, outcome, d).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// OPEN-3: a code issued on 1 June is valid through the 5th day after (6 June) and
// refused on the 6th day (7 June), counted in JST dates.
func TestCreationCode_ExpiresAfterTheFifthDayJST(t *testing.T) {
	cases := []struct {
		name  string
		at    time.Time
		valid bool
	}{
		{"same day", time.Date(2026, 6, 1, 23, 0, 0, 0, time.FixedZone("JST", 9*3600)), true},
		{"5th day after issuance, last minute", time.Date(2026, 6, 6, 23, 59, 0, 0, time.FixedZone("JST", 9*3600)), true},
		{"6th day after issuance, first minute", time.Date(2026, 6, 7, 0, 0, 0, 0, time.FixedZone("JST", 9*3600)), false},
		{"6th day JST while still the 5th in UTC", time.Date(2026, 6, 6, 15, 30, 0, 0, time.UTC), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			e := f.registered("acct-a")
			code := f.issue(e.EstablishmentId)
			if code.ExpiresOn != "2026-06-06" || len(code.Code) != 10 {
				t.Fatalf("issued code of %d chars, expires %s", len(code.Code), code.ExpiresOn)
			}
			f.clk.Set(c.at)
			got, err := f.verify(e.EstablishmentNumber, "03-1234-5678", code.Code)
			if c.valid {
				if err != nil || got.EstablishmentId != e.EstablishmentId || got.OfficeCode != "1301" {
					t.Fatalf("verify = %v, %v", got, err)
				}
				return
			}
			wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
		})
	}
}

// OPEN-3: 10 mistakes in total, whichever field was wrong, invalidate the code; the
// 9th still leaves it usable.
func TestCreationCode_TenMistakes(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	code := f.issue(e.EstablishmentId).Code
	wrongCode := "zzzzzzzzzz"
	if code == wrongCode {
		t.Fatal("improbable code")
	}
	mistakes := []struct{ number, phone, code string }{
		{e.EstablishmentNumber, "03-1234-5678", wrongCode}, // wrong code
		{e.EstablishmentNumber, "03-9999-9999", code},      // wrong phone
		{"1301-999999-9", "03-1234-5678", code},            // wrong number, right code
	}
	for i := 0; i < 9; i++ {
		m := mistakes[i%3]
		_, err := f.verify(m.number, m.phone, m.code)
		wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
	}
	// After 9 mistakes the right input still works (full-width digits and no hyphens too).
	if _, err := f.verify("１３０１"+strings.ReplaceAll(e.EstablishmentNumber[4:], "-", ""), "0312345678", code); err != nil {
		t.Fatalf("after 9 mistakes: %v", err)
	}
	_, err := f.verify(e.EstablishmentNumber, "03-1234-5678", wrongCode)
	wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
	_, err = f.verify(e.EstablishmentNumber, "03-1234-5678", code)
	wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
	var inv erv1.AccountCreationCodeInvalidated
	f.lastEvent(&inv)
	if inv.Reason != erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_TOO_MANY_MISTAKES || inv.EstablishmentId != e.EstablishmentId {
		t.Errorf("AccountCreationCodeInvalidated = %v", &inv)
	}
	if n := f.auditCount("creation_code.invalidate", "ok", "invalidation_reason", "CODE_INVALIDATION_REASON_TOO_MANY_MISTAKES"); n != 1 {
		t.Errorf("invalidation audited %d times", n)
	}
	if n := f.auditCount("creation_code.verify", "ok"); n != 1 {
		t.Errorf("successful verification audited %d times", n)
	}
	// Every failed attempt is in the trail with the reason the caller got (and the
	// finding it was not told).
	var failed int
	if err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM audit_log WHERE action = 'creation_code.verify'
	  AND outcome = 'failed' AND reason = 'ACCOUNT_CREATION_CODE_INVALID' AND detail ? 'finding'`).Scan(&failed); err != nil || failed < 11 {
		t.Errorf("failed verifications audited %d times (%v), want at least 11", failed, err)
	}
	// The trail is append-only.
	if _, err := f.pool.Exec(context.Background(), `UPDATE audit_log SET outcome = 'ok'`); err == nil {
		t.Error("audit_log accepted an UPDATE")
	}
	if _, err := f.pool.Exec(context.Background(), `DELETE FROM audit_log`); err == nil {
		t.Error("audit_log accepted a DELETE")
	}
	// A reissued code works again.
	if _, err := f.verify(e.EstablishmentNumber, "03-1234-5678", f.issue(e.EstablishmentId).Code); err != nil {
		t.Fatalf("reissued code: %v", err)
	}
}

// OPEN-3: issuing a new code voids the old one.
func TestCreationCode_ReissueVoidsTheOldCode(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	old := f.issue(e.EstablishmentId).Code
	f.clk.Advance(time.Hour)
	fresh := f.issue(e.EstablishmentId).Code
	_, err := f.verify(e.EstablishmentNumber, "03-1234-5678", old)
	wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
	if _, err := f.verify(e.EstablishmentNumber, "03-1234-5678", fresh); err != nil {
		t.Fatalf("new code: %v", err)
	}
	var inv erv1.AccountCreationCodeInvalidated
	f.lastEvent(&inv)
	if inv.Reason != erv1.CodeInvalidationReason_CODE_INVALIDATION_REASON_REISSUED {
		t.Errorf("reason = %v", inv.Reason)
	}
	if n := f.countEvents(&erv1.AccountCreationCodeIssued{}); n != 2 {
		t.Errorf("AccountCreationCodeIssued events = %d", n)
	}
	// The code is stored only as a keyed hash.
	var n int
	if err := f.pool.QueryRow(context.Background(), `SELECT count(*) FROM creation_codes WHERE position($1::bytea in code_hash) > 0`, []byte(fresh)).Scan(&n); err != nil || n != 0 {
		t.Fatalf("plaintext code found in the table (%d, %v)", n, err)
	}
}

// OPEN-3: an unknown establishment number gets the very same answer as a wrong code,
// and only the identity service may verify.
func TestCreationCode_NoEnumeration(t *testing.T) {
	f := newFixture(t)
	e := f.registered("acct-a")
	f.issue(e.EstablishmentId)
	_, errUnknown := f.verify("9999-999999-9", "03-1234-5678", "abcdefghij")
	_, errWrong := f.verify(e.EstablishmentNumber, "03-1234-5678", "abcdefghij")
	_, errMalformed := f.verify("not a number", "x", "")
	for _, err := range []error{errUnknown, errWrong, errMalformed} {
		wantErr(t, err, codes.FailedPrecondition, "ACCOUNT_CREATION_CODE_INVALID")
	}
	if errUnknown.Error() != errWrong.Error() {
		t.Errorf("answers differ:\n%v\n%v", errUnknown, errWrong)
	}
	for _, p := range []struct {
		name string
		ctx  context.Context
	}{
		{"staff", f.as(staff1301)}, {"employer", f.as(employer(e.EstablishmentId))},
		{"another service", f.as(identity2())},
	} {
		_, err := f.client.VerifyAccountCreationCode(p.ctx, &erv1.VerifyAccountCreationCodeRequest{EstablishmentNumber: e.EstablishmentNumber})
		wantErr(t, err, codes.PermissionDenied, "PERMISSION_DENIED")
	}
}
