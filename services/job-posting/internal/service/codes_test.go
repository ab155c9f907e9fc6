package service

import (
	"testing"

	"google.golang.org/grpc/codes"

	jpv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
)

// The code lists are enums whose numbers are the domain's codes, and the stored
// posting (postings.doc) keeps the domain's numbers: a draft saved before the enums
// (its codes numbers in the JSON document) reads back as the same enum values.
func TestCodes_StoredDraftWithNumericCodesReadsAsEnums(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "株式会社コード", "1301")
	emp := h.as(employer("est-1"))
	p := h.draft(emp, nil)

	var kind, value string
	if err := h.Pool.QueryRow(t.Context(), `SELECT jsonb_typeof(doc #> '{Content,Category,Category}'), doc #>> '{Content,Category,Category}'
		FROM postings WHERE id = $1`, p.GetPostingId()).Scan(&kind, &value); err != nil {
		t.Fatal(err)
	}
	if kind != "number" || value != "1" {
		t.Fatalf("stored 求人区分 is %s %s, want the number 1 as before the enums", kind, value)
	}
	// Codes as an earlier version wrote them: numbers throughout.
	if _, err := h.Pool.Exec(t.Context(), `UPDATE postings SET doc = jsonb_set(jsonb_set(jsonb_set(doc,
		'{Content,Category,Category}', '7'), '{Content,Hours,DaysOff}', '[1, 8]'), '{Content,Job,Form}', '5') WHERE id = $1`,
		p.GetPostingId()); err != nil {
		t.Fatal(err)
	}
	got, err := h.client.GetPosting(emp, &jpv1.GetPostingRequest{PostingId: p.GetPostingId()})
	if err != nil {
		t.Fatal(err)
	}
	c := got.GetContent()
	if c.GetCategory().GetCategory() != jpv1.Category_CATEGORY_DISABILITY ||
		c.GetJob().GetEmploymentForm() != jpv1.EmploymentForm_EMPLOYMENT_FORM_PART_TIME ||
		len(c.GetHours().GetDaysOff()) != 2 || c.GetHours().GetDaysOff()[0] != jpv1.Weekday_WEEKDAY_MONDAY ||
		c.GetHours().GetDaysOff()[1] != jpv1.Weekday_WEEKDAY_NATIONAL_HOLIDAYS {
		t.Errorf("stored codes read as %v / %v / %v", c.GetCategory().GetCategory(), c.GetJob().GetEmploymentForm(), c.GetHours().GetDaysOff())
	}
}

// Every code field accepts only a value of its list (protovalidate enum.defined_only,
// a field violation on the field); the unset value is left to the domain's check of
// the section.
func TestCodes_UndefinedValueRefusedUnsetLeftToTheSectionCheck(t *testing.T) {
	h := newHarness(t, jst(2026, 4, 1, 10))
	h.establishment("est-1", "株式会社コード", "1301")
	emp := h.as(employer("est-1"))
	p, err := h.client.CreatePosting(emp, &jpv1.CreatePostingRequest{})
	if err != nil {
		t.Fatal(err)
	}
	id := p.GetPostingId()
	refused := map[string]struct {
		req   *jpv1.UpdatePostingSectionRequest
		field string
	}{
		"求人区分 99": {&jpv1.UpdatePostingSectionRequest{PostingId: id, Section: &jpv1.UpdatePostingSectionRequest_Category{
			Category: &jpv1.CategorySection{Category: 99}}}, "category.category"},
		"公開範囲 5": {&jpv1.UpdatePostingSectionRequest{PostingId: id, Section: &jpv1.UpdatePostingSectionRequest_Category{
			Category: &jpv1.CategorySection{Scope: 5}}}, "category.scope"},
		"休日 9": {&jpv1.UpdatePostingSectionRequest{PostingId: id, Section: &jpv1.UpdatePostingSectionRequest_Hours{
			Hours: &jpv1.HoursSection{DaysOff: []jpv1.Weekday{jpv1.Weekday_WEEKDAY_SUNDAY, 9}}}}, "hours.days_off[1]"},
		"手当の種類 4": {&jpv1.UpdatePostingSectionRequest{PostingId: id, Section: &jpv1.UpdatePostingSectionRequest_Wage{
			Wage: &jpv1.WageSection{Pay: &jpv1.Pay{Allowances: []*jpv1.Allowance{{Kind: 4}}}}}}, "wage.pay.allowances[0].kind"},
	}
	for name, c := range refused {
		t.Run(name, func(t *testing.T) {
			_, err := h.client.UpdatePostingSection(emp, c.req)
			wantCode(t, err, codes.InvalidArgument, "")
			vs := fieldViolations(err)
			if len(vs) != 1 || vs[0].GetField() != c.field || vs[0].GetReason() != "enum.defined_only" {
				t.Errorf("violations %v, want enum.defined_only on %s", vs, c.field)
			}
		})
	}
	// An unset code passes protovalidate and reaches the section's own check, which
	// names the field in Japanese (CODE_INVALID 「求人区分の選択内容が正しくありません。」); not_in: [0]
	// in the proto would answer a generic text instead.
	_, err = h.client.UpdatePostingSection(emp, &jpv1.UpdatePostingSectionRequest{PostingId: id,
		Section: &jpv1.UpdatePostingSectionRequest_Category{Category: &jpv1.CategorySection{TimeClass: jpv1.TimeClass_TIME_CLASS_FULL_TIME,
			Scope: jpv1.Scope_SCOPE_FULL, OnlineApplication: jpv1.OnlineApplication_ONLINE_APPLICATION_ACCEPTED, Openings: 2}}})
	wantCode(t, err, codes.InvalidArgument, "VALIDATION_FAILED")
	if vs := fieldViolations(err); len(vs) != 1 || vs[0].GetField() != "category.category" || vs[0].GetReason() != "CODE_INVALID" {
		t.Errorf("unset 求人区分: %v, want CODE_INVALID on category.category", vs)
	}
	// The search's filters likewise.
	for name, req := range map[string]*jpv1.SearchPublishedPostingsRequest{
		"time class 3": {TimeClass: 3},
		"category 8":   {Categories: []jpv1.Category{8}},
		"form 42":      {EmploymentForms: []jpv1.EmploymentForm{jpv1.EmploymentForm_EMPLOYMENT_FORM_REGULAR, 42}},
		"feature 11":   {Features: []jpv1.Feature{11}},
	} {
		_, err := h.client.SearchPublishedPostings(t.Context(), req)
		if fieldViolations(err) == nil {
			t.Errorf("search %s: %v, want a field violation", name, err)
		}
	}
}
