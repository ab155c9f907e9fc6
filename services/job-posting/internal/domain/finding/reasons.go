package finding

// Reason is the stable reason of a finding or a refusal. Every value here must be
// declared in proto/hellowork/errors/v1/reasons.proto (with its Japanese text) before
// the app layer turns it into an errs value: the ones marked "declared" already are;
// the others are listed with kind, meaning and Japanese text in
// services/job-posting/DOMAIN.md under "Reasons to declare".
type Reason string

// Kind is the gRPC code family a reason is declared with.
type Kind string

// Kinds used by this domain.
const (
	InvalidArgument    Kind = "INVALID_ARGUMENT"
	FailedPrecondition Kind = "FAILED_PRECONDITION"
)

// Reasons already declared by other services (same meaning, reused).
const (
	Required             Reason = "REQUIRED"            // {label}
	TooLong              Reason = "TOO_LONG"            // {label} {max_length}
	PostalCodeInvalid    Reason = "POSTAL_CODE_INVALID" //
	MunicipalityInvalid  Reason = "MUNICIPALITY_CODE_INVALID"
	PhoneInvalid         Reason = "PHONE_INVALID"
	EmailInvalid         Reason = "EMAIL_INVALID"
	InvalidState         Reason = "INVALID_STATE"
	SectionsIncomplete   Reason = "SECTIONS_INCOMPLETE"
	ValidationFailed     Reason = "VALIDATION_FAILED"
	WarningsNotConfirmed Reason = "WARNINGS_NOT_CONFIRMED"
)

// Reasons this domain adds (see DOMAIN.md "Reasons to declare").
const (
	CodeInvalid               Reason = "CODE_INVALID"       // {label}
	OutOfRange                Reason = "VALUE_OUT_OF_RANGE" // {label} {min} {max}
	RangeInverted             Reason = "RANGE_INVERTED"     // {label}
	EmploymentFormMismatch    Reason = "EMPLOYMENT_FORM_TIME_CLASS_MISMATCH"
	DispatchFormMismatch      Reason = "DISPATCH_EMPLOYMENT_FORM_MISMATCH"
	OnlineApplicationScope    Reason = "ONLINE_APPLICATION_SCOPE"
	WorkHoursInvalid          Reason = "WORK_HOURS_INVALID"
	FixedOvertimeExcessNote   Reason = "FIXED_OVERTIME_EXCESS_NOTE_REQUIRED"
	MinimumWageBelow          Reason = "MINIMUM_WAGE_BELOW"        // {prefecture} {rate} {effective_from} {hourly}
	MinimumWageBelowComing    Reason = "MINIMUM_WAGE_BELOW_COMING" // {prefecture} {rate} {effective_from} {hourly}
	MinimumWageUnavailable    Reason = "MINIMUM_WAGE_UNAVAILABLE"  // {prefecture} {date}
	FeatureContradicted       Reason = "FEATURE_CONTRADICTED"      // {feature}
	AgeLimitExceptionRequired Reason = "AGE_LIMIT_EXCEPTION_REQUIRED"
	AgeLimitExceptionMismatch Reason = "AGE_LIMIT_EXCEPTION_MISMATCH" // {exception} {condition}
	LabourDailyHours          Reason = "LABOUR_DAILY_HOURS_OVER"      // {hours}
	LabourWeeklyHours         Reason = "LABOUR_WEEKLY_HOURS_OVER"     // {hours}
	LabourBreakShort          Reason = "LABOUR_BREAK_SHORT"           // {work} {required_minutes}
	LabourRestDays            Reason = "LABOUR_REST_DAYS_SHORT"       // {days}
	LabourPaidLeave           Reason = "LABOUR_PAID_LEAVE_SHORT"      // {days}
	LabourOvertimeLimit       Reason = "LABOUR_OVERTIME_OVER_LIMIT"   // {hours}

	PostingApplicationPending    Reason = "POSTING_APPLICATION_PENDING"
	PostingApplicationNotPending Reason = "POSTING_APPLICATION_NOT_PENDING"
	OfficeMessageRequired        Reason = "OFFICE_MESSAGE_REQUIRED"
	PublicationScopePrivate      Reason = "PUBLICATION_SCOPE_PRIVATE"
	PublicationHeld              Reason = "PUBLICATION_HELD"
	ExtensionAlreadyUsed         Reason = "EXTENSION_ALREADY_USED"
	RenewalTooEarly              Reason = "RENEWAL_TOO_EARLY" // {first_date} {days}
	RenewalAlreadyReserved       Reason = "RENEWAL_ALREADY_RESERVED"
	ReferralDeadlineNotPassed    Reason = "REFERRAL_DEADLINE_NOT_PASSED"
	ReferralDeadlineInvalid      Reason = "REFERRAL_DEADLINE_INVALID" // {current}
	JobNumberInvalid             Reason = "JOB_NUMBER_INVALID"
	JobNumberOfficeMismatch      Reason = "JOB_NUMBER_OFFICE_MISMATCH"
	ChangeNeedsNewPosting        Reason = "CHANGE_NEEDS_NEW_POSTING"
	SelectionResultsPending      Reason = "SELECTION_RESULTS_PENDING" // {count}
)

// Spec is what the proto declaration of a reason must say: its code, the rule it
// belongs to, whether this domain adds it, and the placeholders its Japanese text has.
type Spec struct {
	Kind         Kind
	Rule         string
	New          bool
	Placeholders []string
}

// Catalog lists every reason of the domain. DOMAIN.md's table is checked against it.
var Catalog = map[Reason]Spec{
	Required:             {InvalidArgument, "", false, []string{"label"}},
	TooLong:              {InvalidArgument, "", false, []string{"label", "max_length"}},
	PostalCodeInvalid:    {InvalidArgument, "", false, nil},
	MunicipalityInvalid:  {InvalidArgument, "", false, nil},
	PhoneInvalid:         {InvalidArgument, "", false, nil},
	EmailInvalid:         {InvalidArgument, "EMAIL-1", false, nil},
	InvalidState:         {FailedPrecondition, "", false, nil},
	SectionsIncomplete:   {FailedPrecondition, "JOB-1", false, nil},
	ValidationFailed:     {InvalidArgument, "", false, nil},
	WarningsNotConfirmed: {FailedPrecondition, "", false, nil},

	CodeInvalid:               {InvalidArgument, "", true, []string{"label"}},
	OutOfRange:                {InvalidArgument, "", true, []string{"label", "min", "max"}},
	RangeInverted:             {InvalidArgument, "", true, []string{"label"}},
	EmploymentFormMismatch:    {InvalidArgument, "", true, nil},
	DispatchFormMismatch:      {InvalidArgument, "", true, nil},
	OnlineApplicationScope:    {InvalidArgument, "", true, nil},
	WorkHoursInvalid:          {InvalidArgument, "", true, nil},
	FixedOvertimeExcessNote:   {InvalidArgument, "", true, nil},
	MinimumWageBelow:          {InvalidArgument, "", true, []string{"prefecture", "rate", "effective_from", "hourly"}},
	MinimumWageBelowComing:    {InvalidArgument, "", true, []string{"prefecture", "rate", "effective_from", "hourly"}},
	MinimumWageUnavailable:    {FailedPrecondition, "", true, []string{"prefecture", "date"}},
	FeatureContradicted:       {InvalidArgument, "", true, []string{"feature"}},
	AgeLimitExceptionRequired: {InvalidArgument, "", true, nil},
	AgeLimitExceptionMismatch: {InvalidArgument, "", true, []string{"exception", "condition"}},
	LabourDailyHours:          {InvalidArgument, "", true, []string{"hours"}},
	LabourWeeklyHours:         {InvalidArgument, "", true, []string{"hours"}},
	LabourBreakShort:          {InvalidArgument, "", true, []string{"work", "required_minutes"}},
	LabourRestDays:            {InvalidArgument, "", true, []string{"days"}},
	LabourPaidLeave:           {InvalidArgument, "", true, []string{"days"}},
	LabourOvertimeLimit:       {InvalidArgument, "", true, []string{"hours"}},

	PostingApplicationPending:    {FailedPrecondition, "JOB-3", true, nil},
	PostingApplicationNotPending: {FailedPrecondition, "JOB-3", true, nil},
	OfficeMessageRequired:        {InvalidArgument, "", true, nil},
	PublicationScopePrivate:      {FailedPrecondition, "JOB-2", true, nil},
	PublicationHeld:              {FailedPrecondition, "JOB-2", true, nil},
	ExtensionAlreadyUsed:         {FailedPrecondition, "JOB-3", true, nil},
	RenewalTooEarly:              {FailedPrecondition, "JOB-5", true, []string{"first_date", "days"}},
	RenewalAlreadyReserved:       {FailedPrecondition, "JOB-5", true, nil},
	ReferralDeadlineNotPassed:    {FailedPrecondition, "", true, nil},
	ReferralDeadlineInvalid:      {InvalidArgument, "", true, []string{"current"}},
	JobNumberInvalid:             {InvalidArgument, "", true, nil},
	JobNumberOfficeMismatch:      {FailedPrecondition, "", true, nil},
	ChangeNeedsNewPosting:        {FailedPrecondition, "JOB-3", true, nil},
	SelectionResultsPending:      {FailedPrecondition, "", true, []string{"count"}},
}

func (r Reason) rule() string { return Catalog[r].Rule }
