package finding

// Reason is the stable reason of a finding or a refusal. Every value here must be
// declared in proto/hellowork/errors/v1/reasons.proto (with its Japanese text) before
// the app layer turns it into an errs value: the ones under "already declared" are;
// the others are listed with kind, meaning and Japanese text in
// services/applicant-selection/DOMAIN.md under "Reasons to declare".
type Reason string

// Kind is the gRPC code family a reason is declared with.
type Kind string

// Kinds used by this domain.
const (
	InvalidArgument    Kind = "INVALID_ARGUMENT"
	FailedPrecondition Kind = "FAILED_PRECONDITION"
)

// Reasons already declared (same meaning, reused).
const (
	Required         Reason = "REQUIRED" // {label}
	TooLong          Reason = "TOO_LONG" // {label} {max_length}
	InvalidState     Reason = "INVALID_STATE"
	ValidationFailed Reason = "VALIDATION_FAILED"
	// ResourceAccessDenied: the caller may call the method but the resource (a 紹介状
	// of another establishment or office) is not its own.
	ResourceAccessDenied Reason = "RESOURCE_ACCESS_DENIED"
)

// Reasons job-posting's domain adds as well (same meaning and text; whichever
// service's reasons land first declares them).
const (
	CodeInvalid Reason = "CODE_INVALID"       // {label}
	OutOfRange  Reason = "VALUE_OUT_OF_RANGE" // {label} {min} {max}
)

// Reasons this domain adds (see DOMAIN.md "Reasons to declare").
const (
	TextCharactersInvalid Reason = "TEXT_CHARACTERS_INVALID" // {label}
	DateInvalid           Reason = "DATE_INVALID"            // {label}

	SeekerNumberInvalid       Reason = "JOB_SEEKER_NUMBER_INVALID"
	SeekerRegistrationExpired Reason = "SEEKER_REGISTRATION_EXPIRED"
	SeekerNoMyPage            Reason = "SEEKER_NO_MYPAGE"
	SeekerProfileNotPublished Reason = "SEEKER_PROFILE_NOT_PUBLISHED"

	PostingNotAcceptingApplicants Reason = "POSTING_NOT_ACCEPTING_APPLICANTS"
	OnlineReferralNotRegistered   Reason = "ONLINE_REFERRAL_SEEKER_NOT_REGISTERED"
	OnlineReferralNotOffered      Reason = "ONLINE_REFERRAL_NOT_OFFERED"
	SelfApplicationNotAccepted    Reason = "SELF_APPLICATION_NOT_ACCEPTED"
	ApplicationDuplicate          Reason = "APPLICATION_DUPLICATE"
	NoReferralLetter              Reason = "NO_REFERRAL_LETTER"

	ResultAlreadyRegistered   Reason = "SELECTION_RESULT_ALREADY_REGISTERED"
	ResultNotRegistered       Reason = "SELECTION_RESULT_NOT_REGISTERED"
	ResultUnchanged           Reason = "SELECTION_RESULT_UNCHANGED"
	ResultDeadlinePassed      Reason = "SELECTION_RESULT_DEADLINE_PASSED" // {deadline} {office}
	ResultFieldNotApplicable  Reason = "SELECTION_RESULT_FIELD_NOT_APPLICABLE"
	HireDateBeforeApplication Reason = "HIRE_DATE_BEFORE_APPLICATION"
	ReminderNotDue            Reason = "SELECTION_REMINDER_NOT_DUE"

	MessagePostingNotValid Reason = "MESSAGE_POSTING_NOT_VALID"
	MessageThreadClosed    Reason = "MESSAGE_THREAD_CLOSED"

	SeekerSearchNeedsValidPosting Reason = "SEEKER_SEARCH_NEEDS_VALID_POSTING"
	DirectRequestLimit            Reason = "DIRECT_REQUEST_LIMIT" // {max}
	DirectRequestDuplicate        Reason = "DIRECT_REQUEST_DUPLICATE"
	DirectRequestNeedsSelfApply   Reason = "DIRECT_REQUEST_NEEDS_SELF_APPLICATION"
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
	InvalidState:         {FailedPrecondition, "", false, nil},
	ValidationFailed:     {InvalidArgument, "", false, nil},
	ResourceAccessDenied: {"PERMISSION_DENIED", "", false, nil},

	CodeInvalid: {InvalidArgument, "", true, []string{"label"}},
	OutOfRange:  {InvalidArgument, "", true, []string{"label", "min", "max"}},

	TextCharactersInvalid: {InvalidArgument, "", true, []string{"label"}},
	DateInvalid:           {InvalidArgument, "", true, []string{"label"}},

	SeekerNumberInvalid:       {InvalidArgument, "", true, nil},
	SeekerRegistrationExpired: {FailedPrecondition, "", true, nil},
	SeekerNoMyPage:            {FailedPrecondition, "MSG-1", true, nil},
	SeekerProfileNotPublished: {FailedPrecondition, "SEEK-1", true, nil},

	PostingNotAcceptingApplicants: {FailedPrecondition, "", true, nil},
	OnlineReferralNotRegistered:   {FailedPrecondition, "", true, nil},
	OnlineReferralNotOffered:      {FailedPrecondition, "", true, nil},
	SelfApplicationNotAccepted:    {FailedPrecondition, "APP-4", true, nil},
	ApplicationDuplicate:          {FailedPrecondition, "", true, nil},
	NoReferralLetter:              {FailedPrecondition, "APP-1", true, nil},

	ResultAlreadyRegistered:   {FailedPrecondition, "APP-2", true, nil},
	ResultNotRegistered:       {FailedPrecondition, "APP-2", true, nil},
	ResultUnchanged:           {InvalidArgument, "APP-2", true, nil},
	ResultDeadlinePassed:      {FailedPrecondition, "APP-2", true, []string{"deadline", "office"}},
	ResultFieldNotApplicable:  {InvalidArgument, "APP-2", true, []string{"label"}},
	HireDateBeforeApplication: {InvalidArgument, "APP-2", true, nil},
	ReminderNotDue:            {FailedPrecondition, "APP-3", true, nil},

	MessagePostingNotValid: {FailedPrecondition, "MSG-1", true, nil},
	MessageThreadClosed:    {FailedPrecondition, "MSG-1", true, nil},

	SeekerSearchNeedsValidPosting: {FailedPrecondition, "SEEK-1", true, nil},
	DirectRequestLimit:            {FailedPrecondition, "SEEK-1", true, []string{"max"}},
	DirectRequestDuplicate:        {FailedPrecondition, "SEEK-1", true, nil},
	DirectRequestNeedsSelfApply:   {FailedPrecondition, "SEEK-1", true, nil},
}

func (r Reason) rule() string { return Catalog[r].Rule }
