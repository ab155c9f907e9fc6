package edge

import (
	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	erv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	identityv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	notificationv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
)

// Backends lists every service whose HTTP routes the gateway serves.
func Backends(cfg Config) []Backend {
	return []Backend{
		{Name: "identity", Addr: cfg.IdentityAddr, Register: identityv1.RegisterIdentityServiceHandler},
		{Name: "employer-registration", Addr: cfg.EmployerRegistrationAddr, Register: erv1.RegisterEmployerRegistrationServiceHandler},
		{Name: "job-posting", Addr: cfg.JobPostingAddr, Register: jobpostingv1.RegisterJobPostingServiceHandler},
		// Only ApplicantSelectionService: the seeker portal's SeekerPortalService has no
		// route (gRPC only, its own credential).
		{Name: "applicant-selection", Addr: cfg.ApplicantSelectionAddr, Register: asv1.RegisterApplicantSelectionServiceHandler},
		{Name: "notification", Addr: cfg.NotificationAddr, Register: notificationv1.RegisterNotificationServiceHandler},
	}
}
