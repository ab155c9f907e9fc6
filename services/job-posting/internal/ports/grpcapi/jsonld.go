package grpcapi

import (
	"encoding/json"
	"time"

	"github.com/hellowork-jp/hellowork/libs/clock"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/app"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/codes"
	"github.com/hellowork-jp/hellowork/services/job-posting/internal/domain/wage"
)

// jsonLD is the schema.org JobPosting of a published posting, from the redacted
// content only (scope 3 shows no hiring organisation).
func jsonLD(it app.PublicItem) string {
	p, c := it.Posting, it.Content
	doc := map[string]any{"@context": "https://schema.org/", "@type": "JobPosting",
		"identifier": map[string]any{"@type": "PropertyValue", "name": "求人番号", "value": p.Number.String()}}
	if !p.PublishedAt.IsZero() {
		doc["datePosted"] = p.PublishedAt.In(clock.JST).Format(time.DateOnly)
	}
	if !p.ReferralDeadline.IsZero() {
		doc["validThrough"] = p.ReferralDeadline.In(clock.JST).Format(time.DateOnly)
	}
	if j := c.Job; j != nil {
		doc["title"], doc["description"] = j.Occupation, j.Description
		doc["employmentType"] = map[bool]string{true: "FULL_TIME", false: "PART_TIME"}[c.Category != nil && c.Category.TimeClass == codes.FullTime]
	}
	if it.EstablishmentName != "" {
		doc["hiringOrganization"] = map[string]any{"@type": "Organization", "name": it.EstablishmentName}
	}
	if w := c.Workplace; w != nil {
		addr := map[string]any{"@type": "PostalAddress", "addressCountry": "JP", "addressRegion": w.Prefecture().Label()}
		if w.Address != "" {
			addr["streetAddress"], addr["postalCode"] = w.Address, w.PostalCode
		}
		doc["jobLocation"] = map[string]any{"@type": "Place", "address": addr}
	}
	if w := c.Wage; w != nil {
		d := wage.Show(w.Pay, c.Basis())
		unit := map[codes.PayForm]string{codes.PayMonthly: "MONTH", codes.PayDaily: "DAY", codes.PayHourly: "HOUR"}[d.Form]
		val := map[string]any{"@type": "QuantitativeValue", "minValue": d.Total.Lower, "unitText": unit}
		if d.Total.Upper != 0 {
			val["maxValue"] = d.Total.Upper
		}
		doc["baseSalary"] = map[string]any{"@type": "MonetaryAmount", "currency": "JPY", "value": val}
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return ""
	}
	return string(b)
}
