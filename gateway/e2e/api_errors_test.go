package e2e_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// fieldReasons reads the google.rpc.BadRequest of an error answer: field → reason,
// with the Japanese text of each violation.
func fieldReasons(t *testing.T, r *response) (reasons, ja map[string]string) {
	t.Helper()
	var st struct {
		Details []struct {
			Type            string `json:"@type"`
			FieldViolations []struct {
				Field            string `json:"field"`
				Reason           string `json:"reason"`
				LocalizedMessage struct {
					Message string `json:"message"`
				} `json:"localized_message"`
			} `json:"field_violations"`
		} `json:"details"`
	}
	if err := json.Unmarshal(r.Body, &st); err != nil {
		t.Fatalf("not a status: %s", r)
	}
	reasons, ja = map[string]string{}, map[string]string{}
	for _, d := range st.Details {
		for _, fv := range d.FieldViolations {
			reasons[fv.Field], ja[fv.Field] = fv.Reason, fv.LocalizedMessage.Message
		}
	}
	return reasons, ja
}

// TestE2E_API_ViolationsNameTheRightField (issue 12 item 7) through the real gateway and
// identity: an invalid e-mail with a valid confirmation is reported on `email` (the
// address is checked before the pair), a valid e-mail typed differently on
// `email_confirmation`; an unknown JSON field and a value of the wrong type answer 400
// with a BadRequest naming the field and Japanese text, never the parser's own words.
// Nothing is mailed.
func TestE2E_API_ViolationsNameTheRightField(t *testing.T) {
	t.Parallel()
	w := startWorld(t)
	b := newBrowser(t, w.st, "api-errors")
	good := uniqueEmail("apierr")
	for _, tc := range []struct {
		name, path string
		body       map[string]any
		field      string
		reason     string
	}{
		{"OPEN-1 invalid e-mail, valid confirmation", "/v1/identity/registrations:start",
			map[string]any{"email": "taro@@example", "email_confirmation": good, "agreed_to_privacy_policy": true, "agreed_to_terms": true},
			"email", ""},
		{"OPEN-1 valid e-mails that differ", "/v1/identity/registrations:start",
			map[string]any{"email": good, "email_confirmation": "x" + good, "agreed_to_privacy_policy": true, "agreed_to_terms": true},
			"email_confirmation", "EMAIL_MISMATCH"},
		{"OPEN-2 invalid e-mail, valid confirmation", "/v1/identity/passwordRegistrations:request",
			map[string]any{"email": "taro.example.jp", "email_confirmation": good, "agreed_to_terms": true},
			"email", ""},
		{"unknown field", "/v1/identity/registrations:start",
			map[string]any{"email": good, "email_confirmation": good, "agreed_to_privacy_policy": true, "agreed_to_terms": true, "agreed_to_trems": true},
			"agreed_to_trems", "FIELD_UNKNOWN"},
		{"wrong type", "/v1/identity/registrations:start",
			map[string]any{"email": good, "email_confirmation": good, "agreed_to_privacy_policy": "はい", "agreed_to_terms": true},
			"agreed_to_privacy_policy", "FIELD_TYPE_INVALID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := b.post(tc.path, tc.body)
			if r.Code != 400 {
				t.Fatalf("want 400: %s", r)
			}
			reasons, ja := fieldReasons(t, r)
			got, ok := reasons[tc.field]
			if !ok || (tc.reason != "" && got != tc.reason) || ja[tc.field] == "" {
				t.Fatalf("want a violation on %s (%s) with Japanese text, got %v: %s", tc.field, tc.reason, reasons, r)
			}
			if len(reasons) != 1 {
				t.Errorf("one violation expected, got %v", reasons)
			}
			if strings.Contains(string(r.Body), "proto:") || strings.Contains(string(r.Body), "line 1") {
				t.Errorf("parser text leaked: %s", r)
			}
		})
	}
}
