package grpcapi

import (
	"testing"

	"google.golang.org/protobuf/encoding/protojson"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/app"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/application"
)

// posting_versions holds each accepted content as protojson. Rows written before
// job-posting's code lists became enums carry the codes as numbers, newer rows carry
// the enum names; both read as the same enums (the numbers did not change).
func TestDetailOut_PostingVersionWithCodesAsNumbersOrNames(t *testing.T) {
	want := &jpv1.Content{
		Category: &jpv1.CategorySection{Category: jpv1.Category_CATEGORY_DISABILITY, Scope: jpv1.Scope_SCOPE_ANONYMOUS, Openings: 2},
		Job:      &jpv1.JobSection{Occupation: "一般事務", EmploymentForm: jpv1.EmploymentForm_EMPLOYMENT_FORM_PART_TIME},
		Hours:    &jpv1.HoursSection{DaysOff: []jpv1.Weekday{jpv1.Weekday_WEEKDAY_SATURDAY, jpv1.Weekday_WEEKDAY_NATIONAL_HOLIDAYS}},
	}
	names, err := protojson.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	for name, stored := range map[string][]byte{
		"numbers (before the enums)": []byte(`{"category":{"category":7,"scope":3,"openings":2},` +
			`"job":{"occupation":"一般事務","employmentForm":5},"hours":{"daysOff":[6,8]}}`),
		"names": names,
	} {
		t.Run(name, func(t *testing.T) {
			out, err := detailOut(app.ApplicantDetail{Applicant: app.Applicant{App: &application.Application{PostingVersion: 1}}, Content: stored})
			if err != nil {
				t.Fatal(err)
			}
			got := out.GetPostingVersion().GetContent()
			if got.GetCategory().GetCategory() != jpv1.Category_CATEGORY_DISABILITY || got.GetCategory().GetScope() != jpv1.Scope_SCOPE_ANONYMOUS ||
				got.GetJob().GetEmploymentForm() != jpv1.EmploymentForm_EMPLOYMENT_FORM_PART_TIME ||
				len(got.GetHours().GetDaysOff()) != 2 || got.GetHours().GetDaysOff()[1] != jpv1.Weekday_WEEKDAY_NATIONAL_HOLIDAYS {
				t.Errorf("content read as %v", got)
			}
		})
	}
}
