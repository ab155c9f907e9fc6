// Package mail knows every mail the MyPage sends: its kind, its exact Japanese subject,
// its embedded text template and the Message-ID it carries. It has no SMTP, SQL or NATS
// dependency; the SMTP adapter turns a Rendered mail into bytes on the wire.
package mail

// Kind names one kind of mail. The string is stored in the deliveries table and must
// not change once released; the gRPC API maps it to notification.v1.MailType.
type Kind string

// Kinds of mail. Subjects of the first eight are fixed by the rules (docs/rules.md, "The
// mails the system sends"); the security notices' subjects are ours, in the same style.
const (
	AccountProvisionalRegistration       Kind = "account_provisional_registration"       // OPEN-1
	PasswordRegistration                 Kind = "password_registration"                  // OPEN-2, OPEN-3
	PasswordReset                        Kind = "password_reset"                         // RESET-1
	AccountRestore                       Kind = "account_restore"                        // ACC-4
	OneTimePassword                      Kind = "one_time_password"                      // LOGIN-2
	EstablishmentProvisionalRegistration Kind = "establishment_provisional_registration" // OPEN-1
	JobPostingProvisionalRegistration    Kind = "job_posting_provisional_registration"   // OPEN-1, JOB-1
	SelectionResultReminder              Kind = "selection_result_reminder"              // APP-3
	LoginEmailChange                     Kind = "login_email_change"                     // ACC-1 (auth key to the new address)
	PasswordChanged                      Kind = "password_changed"                       // security notice
	LoginAccountChangedOldAddress        Kind = "login_account_changed_old_address"      // ACC-1 notice to the former address
	LoginAccountChangedNewAddress        Kind = "login_account_changed_new_address"      // ACC-1 notice to the new address
	AccountLocked                        Kind = "account_locked"                         // LOGIN-1 notice
	NewDeviceSignIn                      Kind = "new_device_sign_in"                     // security notice
	AdditionalAccountAdded               Kind = "additional_account_added"               // ACC-2, to the primary account
	AdditionalAccountWelcome             Kind = "additional_account_welcome"             // ACC-2, to the added address
	AdditionalAccountDeleted             Kind = "additional_account_deleted"             // ACC-2, to primary and deleted address
	RegistrationAttempted                Kind = "registration_attempted"                 // OPEN-1, no enumeration
	EstablishmentReturned                Kind = "establishment_returned"                 // OPEN-1 修正依頼
	EstablishmentRejected                Kind = "establishment_rejected"                 // OPEN-1 不受理
	EstablishmentAccepted                Kind = "establishment_accepted"                 // OPEN-1 受理 → MyPage opened
	LoginEmailRegistered                 Kind = "login_email_registered"                 // OPEN-2, to the registered address
	AccountWithdrawn                     Kind = "account_withdrawn"                      // ACC-3, restorable until (ACC-4)
	AccountRestored                      Kind = "account_restored"                       // ACC-4
	ApplicationReceived                  Kind = "application_received"                   // APP-1, APP-4 online applications
	NewMessage                           Kind = "new_message"                            // MSG-1, without the body
	JobPostingReturned                   Kind = "job_posting_returned"                   // JOB-2 修正依頼
	JobPostingAccepted                   Kind = "job_posting_accepted"                   // JOB-2 受理, 求人番号
	JobPostingRenewalWindow              Kind = "job_posting_renewal_window"             // JOB-5 更新 from 14 days before
)

// spec describes one kind.
type spec struct {
	subject string
	// secret is true for mails that carry an auth key or a one-time password: they are
	// rendered only at send time from the sealed secret and never sent after expiry.
	secret bool
}

var specs = map[Kind]spec{
	AccountProvisionalRegistration:       {subject: "アカウント仮登録完了通知", secret: true},
	PasswordRegistration:                 {subject: "パスワード登録申込受付通知", secret: true},
	PasswordReset:                        {subject: "パスワード再登録申込受付通知", secret: true},
	AccountRestore:                       {subject: "アカウント再登録通知", secret: true},
	OneTimePassword:                      {subject: "ワンタイムパスワード通知", secret: true},
	EstablishmentProvisionalRegistration: {subject: "事業所情報仮登録完了通知"},
	JobPostingProvisionalRegistration:    {subject: "求人情報仮登録完了通知"},
	SelectionResultReminder:              {subject: "選考結果未入力通知"},
	// The subjects below are not named by the seeds (inferred, in the seeds' style).
	LoginEmailChange:              {subject: "ログインアカウント変更申込受付通知", secret: true},
	PasswordChanged:               {subject: "パスワード変更完了通知"},
	LoginAccountChangedOldAddress: {subject: "ログインアカウント変更完了通知"},
	LoginAccountChangedNewAddress: {subject: "ログインアカウント変更完了通知"},
	AccountLocked:                 {subject: "アカウントロック通知"},
	NewDeviceSignIn:               {subject: "新しい端末からのログイン通知"},
	AdditionalAccountAdded:        {subject: "ログインアカウント追加通知"},
	AdditionalAccountWelcome:      {subject: "ログインアカウント追加通知"},
	AdditionalAccountDeleted:      {subject: "ログインアカウント削除通知"},
	RegistrationAttempted:         {subject: "アカウント登録に関するお知らせ"},
	EstablishmentReturned:         {subject: "事業所情報修正依頼通知"},
	EstablishmentRejected:         {subject: "事業所情報不受理通知"},
	// One mail per opening: identity's AccountOpened for the same acceptance is not
	// mailed (see internal/ports/events/mappers.go).
	EstablishmentAccepted: {subject: "求人者マイページ開設通知"},
	LoginEmailRegistered:  {subject: "ログインアカウント登録通知"},
	AccountWithdrawn:      {subject: "退会完了通知"},
	AccountRestored:       {subject: "アカウント再登録完了通知"},
	// domain.md §6 lists both as likely (INFERENCE); the subjects are ours.
	ApplicationReceived: {subject: "応募通知"},
	NewMessage:          {subject: "新着メッセージ通知"},
	// The posting's answers from the office and the renewal window, named like the
	// establishment's (事業所情報修正依頼通知).
	JobPostingReturned:      {subject: "求人情報修正依頼通知"},
	JobPostingAccepted:      {subject: "求人情報受理通知"},
	JobPostingRenewalWindow: {subject: "求人情報更新受付開始通知"},
}

// Kinds returns every kind, in a stable order.
func Kinds() []Kind {
	return []Kind{
		AccountProvisionalRegistration, PasswordRegistration, PasswordReset, AccountRestore,
		OneTimePassword, EstablishmentProvisionalRegistration, JobPostingProvisionalRegistration,
		SelectionResultReminder, LoginEmailChange, PasswordChanged, LoginAccountChangedOldAddress,
		LoginAccountChangedNewAddress, AccountLocked, NewDeviceSignIn, AdditionalAccountAdded,
		AdditionalAccountWelcome, AdditionalAccountDeleted, RegistrationAttempted,
		EstablishmentReturned, EstablishmentRejected, EstablishmentAccepted, LoginEmailRegistered,
		AccountWithdrawn, AccountRestored, ApplicationReceived, NewMessage, JobPostingReturned, JobPostingAccepted,
		JobPostingRenewalWindow,
	}
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := specs[k]; return ok }

// Subject is the Japanese subject of the mail.
func (k Kind) Subject() string { return specs[k].subject }

// CarriesSecret reports whether the mail contains an auth key or a one-time password.
func (k Kind) CarriesSecret() bool { return specs[k].secret }
