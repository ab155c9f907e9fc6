package grpcapi

import (
	"testing"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	asv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/applicant-selection/internal/domain/seeker"
)

// The API carries 雇用形態 and 賃金形態 as job-posting's enums while the domain keeps
// plain numbers (the adapters cast): every enum value but the zero one must be a code
// the domain accepts, with the same label where the domain has one, and the domain must
// accept no other code (SEEK-1 search filters, the seeker's profile, the hire's result).
func TestCodeEnums_AgreeWithDomainCodes(t *testing.T) {
	lists := map[string]struct {
		enum    protoreflect.EnumDescriptor
		accepts func(n int) bool
		label   func(n int) string // "" where the domain has no labels
	}{
		"EmploymentForm": {jobpostingv1.EmploymentForm(0).Descriptor(),
			func(n int) bool { return !seeker.Query{EmploymentForm: n}.Check().Blocking() }, nil},
		"PayForm": {jobpostingv1.PayForm(0).Descriptor(),
			func(n int) bool { return seeker.WageForm(n).Label() != "" },
			func(n int) string { return seeker.WageForm(n).Label() }},
	}
	for name, l := range lists {
		t.Run(name, func(t *testing.T) {
			// Both lists have fewer than 100 codes: past the last enum value the domain
			// must accept none either.
			for n := 1; n < 100; n++ {
				v := l.enum.Values().ByNumber(protoreflect.EnumNumber(n))
				if got := l.accepts(n); got != (v != nil) {
					t.Errorf("code %d: domain accepts %v, enum value %v", n, got, v != nil)
				}
				if v == nil || l.label == nil {
					continue
				}
				if want := proto.GetExtension(v.Options(), jobpostingv1.E_Label).(string); l.label(n) != want {
					t.Errorf("code %d (%s): domain label %q, enum label %q", n, v.Name(), l.label(n), want)
				}
			}
		})
	}
}

// Clients written before the enums send the codes as numbers; protojson reads them as
// the same enum values, and the projection answers names.
func TestProfile_CodesAsNumbersOrNamesReadAsEnums(t *testing.T) {
	want := &asv1.Profile{
		EmploymentForms: []jobpostingv1.EmploymentForm{jobpostingv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR,
			jobpostingv1.EmploymentForm_EMPLOYMENT_FORM_PART_TIME},
		DesiredWage: &asv1.DesiredWage{Form: jobpostingv1.PayForm_PAY_FORM_HOURLY, Yen: 1200},
	}
	for name, body := range map[string]string{
		"numbers": `{"employmentForms":[1,5],"desiredWage":{"form":3,"yen":1200}}`,
		"names":   `{"employmentForms":["EMPLOYMENT_FORM_REGULAR","EMPLOYMENT_FORM_PART_TIME"],"desiredWage":{"form":"PAY_FORM_HOURLY","yen":1200}}`,
	} {
		t.Run(name, func(t *testing.T) {
			var got asv1.Profile
			if err := protojson.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if !proto.Equal(&got, want) {
				t.Errorf("read %v, want %v", &got, want)
			}
		})
	}
	out := profileOut(seeker.PublicProfile{EmploymentForms: []int{1, 5}, DesiredWage: &seeker.Wage{Form: seeker.WageHourly, Yen: 1200}})
	if !proto.Equal(&asv1.Profile{EmploymentForms: out.GetEmploymentForms(), DesiredWage: out.GetDesiredWage()}, want) {
		t.Errorf("projection %v, want the codes of %v", out, want)
	}
}
