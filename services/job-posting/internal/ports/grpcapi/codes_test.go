package grpcapi

import (
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// The proto enums of codes.proto and the domain's code lists must agree: the adapters
// convert with a plain cast and the web shows the enums' (label)s, so every domain code
// has an enum value with the same number and label, every enum value (but the zero
// UNSPECIFIED) is a domain code with that label, and every enum of codes.proto has its
// domain list here.
func TestCodeEnums_AgreeWithDomainCodes(t *testing.T) {
	lists := map[protoreflect.EnumDescriptor]func(int) string{
		jobpostingv1.Category(0).Descriptor():          func(n int) string { return codes.Category(n).Label() },
		jobpostingv1.TimeClass(0).Descriptor():         func(n int) string { return codes.TimeClass(n).Label() },
		jobpostingv1.EmploymentForm(0).Descriptor():    func(n int) string { return codes.EmploymentForm(n).Label() },
		jobpostingv1.Scope(0).Descriptor():             func(n int) string { return codes.Scope(n).Label() },
		jobpostingv1.OnlineApplication(0).Descriptor(): func(n int) string { return codes.OnlineApplication(n).Label() },
		jobpostingv1.AgeException(0).Descriptor():      func(n int) string { return codes.AgeException(n).Label() },
		jobpostingv1.PayForm(0).Descriptor():           func(n int) string { return codes.PayForm(n).Label() },
		jobpostingv1.AllowanceKind(0).Descriptor():     func(n int) string { return wage.AllowanceKind(n).Label() },
		jobpostingv1.DispatchContract(0).Descriptor():  func(n int) string { return codes.DispatchContract(n).Label() },
		jobpostingv1.ContractRenewal(0).Descriptor():   func(n int) string { return codes.ContractRenewal(n).Label() },
		jobpostingv1.Requirement(0).Descriptor():       func(n int) string { return codes.Requirement(n).Label() },
		jobpostingv1.DriverLicence(0).Descriptor():     func(n int) string { return codes.DriverLicence(n).Label() },
		jobpostingv1.WorkingTimeSystem(0).Descriptor(): func(n int) string { return codes.WorkingTimeSystem(n).Label() },
		jobpostingv1.Weekday(0).Descriptor():           func(n int) string { return codes.Weekday(n).Label() },
		jobpostingv1.WeeklyTwoDaysOff(0).Descriptor():  func(n int) string { return codes.WeeklyTwoDaysOff(n).Label() },
		jobpostingv1.Insurance(0).Descriptor():         func(n int) string { return codes.Insurance(n).Label() },
		jobpostingv1.HousingType(0).Descriptor():       func(n int) string { return codes.HousingType(n).Label() },
		jobpostingv1.Feature(0).Descriptor():           func(n int) string { return codes.Feature(n).Label() },
		jobpostingv1.SelectionMethod(0).Descriptor():   func(n int) string { return codes.SelectionMethod(n).Label() },
	}
	file := jobpostingv1.File_hellowork_job_posting_v1_codes_proto.Enums()
	for i := range file.Len() {
		if _, ok := lists[file.Get(i)]; !ok {
			t.Errorf("%s: no domain code list to compare with", file.Get(i).FullName())
		}
	}
	for e, domain := range lists {
		t.Run(string(e.Name()), func(t *testing.T) {
			// Every code list has fewer than 100 codes: past the last enum value the
			// domain must have none either.
			for n := range 100 {
				var enumLabel string
				v := e.Values().ByNumber(protoreflect.EnumNumber(n))
				if v != nil {
					enumLabel = proto.GetExtension(v.Options(), jobpostingv1.E_Label).(string)
				}
				if n == 0 {
					if v == nil || enumLabel != "" || domain(0) != "" {
						t.Errorf("0 must be the unlabelled UNSPECIFIED value and no domain code (enum %v %q, domain %q)", v != nil, enumLabel, domain(0))
					}
					continue
				}
				if got := domain(n); got != enumLabel {
					t.Errorf("code %d: domain label %q, enum %v label %q", n, got, valueName(v), enumLabel)
				}
				if v != nil && enumLabel == "" {
					t.Errorf("code %d (%s) has no (label)", n, v.Name())
				}
			}
		})
	}
}

func valueName(v protoreflect.EnumValueDescriptor) protoreflect.Name {
	if v == nil {
		return "(none)"
	}
	return v.Name()
}
