package errs_test

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/protobuf/proto"

	"github.com/hellowork-jp/hellowork/libs/errs"
	errorsv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/errors/v1"
)

// sharedTexts lists Japanese texts that more than one reason may carry, each with why.
// Empty: every reason has its own text, so a text alone tells which reason was sent.
var sharedTexts = map[string]string{}

var (
	upperSnake     = regexp.MustCompile(`^REASON_[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$`)
	anyPlaceholder = regexp.MustCompile(`\{[^}]*\}`)
	goodholder     = regexp.MustCompile(`^\{[a-z][a-z0-9_]*\}$`)
)

// TestReasons_EveryValueIsDeclaredOnce walks hellowork.errors.v1.Reason: every value is
// UPPER_SNAKE with the REASON_ prefix, has a code, a meaning and a Japanese text, its
// placeholders are {lower_snake}, and no two values share a Japanese text.
func TestReasons_EveryValueIsDeclaredOnce(t *testing.T) {
	ed := errorsv1.Reason(0).Descriptor()
	texts := map[string]string{}
	vals := ed.Values()
	if vals.Len() < 2 {
		t.Fatal("the Reason enum declares nothing")
	}
	for i := range vals.Len() {
		v := vals.Get(i)
		name := string(v.Name())
		opts := v.Options()
		if v.Number() == 0 {
			if name != "REASON_UNSPECIFIED" || proto.HasExtension(opts, errorsv1.E_MessageJa) {
				t.Errorf("value 0 must be a bare REASON_UNSPECIFIED, got %s", name)
			}
			continue
		}
		if !upperSnake.MatchString(name) {
			t.Errorf("%s: not REASON_UPPER_SNAKE", name)
		}
		for _, ext := range []struct {
			name string
			has  bool
		}{
			{"code", proto.HasExtension(opts, errorsv1.E_Code)},
			{"meaning", proto.HasExtension(opts, errorsv1.E_Meaning)},
			{"message_ja", proto.HasExtension(opts, errorsv1.E_MessageJa)},
		} {
			if !ext.has {
				t.Errorf("%s: option (hellowork.errors.v1.%s) missing", name, ext.name)
			}
		}
		meaning := proto.GetExtension(opts, errorsv1.E_Meaning).(string)
		ja := proto.GetExtension(opts, errorsv1.E_MessageJa).(string)
		c := proto.GetExtension(opts, errorsv1.E_Code).(code.Code)
		if strings.TrimSpace(meaning) == "" || !strings.HasSuffix(meaning, ".") || strings.Contains(meaning, "\n") || strings.Contains(meaning, ". ") {
			t.Errorf("%s: meaning must be one English sentence, got %q", name, meaning)
		}
		if strings.TrimSpace(ja) != ja || !strings.HasSuffix(ja, "。") {
			t.Errorf("%s: Japanese text must be a full sentence ending in 。, got %q", name, ja)
		}
		if _, ok := code.Code_name[int32(c)]; !ok {
			t.Errorf("%s: code %d is not a google.rpc.Code", name, c)
		}
		if c == code.Code_OK && !strings.HasPrefix(meaning, "Warning:") {
			t.Errorf("%s: only warnings (meaning \"Warning: ...\") have code OK", name)
		}
		for _, ph := range anyPlaceholder.FindAllString(ja, -1) {
			if !goodholder.MatchString(ph) {
				t.Errorf("%s: placeholder %s is not {lower_snake}", name, ph)
			}
		}
		if other, dup := texts[ja]; dup {
			if _, ok := sharedTexts[ja]; !ok {
				t.Errorf("%s and %s share the Japanese text %q (one text, one meaning; list it in sharedTexts with why if intended)", other, name, ja)
			}
		}
		texts[ja] = name
		d, ok := errs.Lookup(strings.TrimPrefix(name, "REASON_"))
		if !ok || d.MessageJA != ja || d.Meaning != meaning || d.Code != c.String() || d.Number != int32(v.Number()) {
			t.Errorf("%s: errs.Lookup = %+v, %v", name, d, ok)
		}
	}
	if got := len(errs.Declarations()); got != vals.Len()-1 {
		t.Errorf("errs.Declarations() has %d reasons, the enum %d", got, vals.Len()-1)
	}
}

var update = flag.Bool("update", false, "rewrite docs/errors.md from the Reason enum")

const docsPath = "../../docs/errors.md"

// TestDocs_ErrorsMDMatchesTheEnum keeps docs/errors.md in step with the enum. After
// changing reasons.proto and running make generate:
//
//	go test ./libs/errs -run TestDocs -update
func TestDocs_ErrorsMDMatchesTheEnum(t *testing.T) {
	want := renderDocs()
	if *update {
		if err := os.WriteFile(docsPath, []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Fatalf("docs/errors.md is not the table of hellowork.errors.v1.Reason; run: go test ./libs/errs -run TestDocs -update")
	}
}

func renderDocs() string {
	var b strings.Builder
	b.WriteString(`# Error reasons

<!-- Generated from proto/hellowork/errors/v1/reasons.proto by
     go test ./libs/errs -run TestDocs -update
     Do not edit by hand: a test fails when this file and the enum differ. -->

Every error a hellowork service returns carries a stable reason: in
` + "`google.rpc.ErrorInfo.reason`" + ` of the status, in ` + "`google.rpc.BadRequest.FieldViolation.reason`" + `
of each field violation, and in ` + "`ValidationWarning.reason`" + ` of a confirmable warning.
Clients switch on the reason, never on a message. The reasons are declared once, in the
enum ` + "`hellowork.errors.v1.Reason`" + ` (` + "`proto/hellowork/errors/v1/reasons.proto`" + `); the wire
string is the enum value name without ` + "`REASON_`" + `. ` + "`buf breaking`" + ` keeps published values
from being renamed or renumbered; a reason is never given another meaning, a new one
is added instead.

Each reason has exactly one meaning, one gRPC code and one Japanese text (the ja-JP
` + "`LocalizedMessage`" + ` shown to employers). ` + "`libs/errs`" + ` builds every error from the declaration
(` + "`errs.New(kind, reason, message)`" + `, ` + "`errs.Field(field, reason, message, params...)`" + `) and
panics at start-up for a reason that is not declared or is declared with another code.

A Japanese text may contain ` + "`{name}`" + ` placeholders. For an error, ` + "`libs/errs`" + ` fills them
from the error's metadata (also sent as ` + "`ErrorInfo.metadata`" + `); for a field violation, from
the parameters given to ` + "`errs.Field`" + `. The placeholders of a text are part of its contract.

Field violations produced by the protovalidate rules of a request carry the rule id
(` + "`required`" + `, ` + "`string.max_len`" + `, ...) as their reason; those are defined by the rules in
each service's proto, not here (see ` + "`libs/grpcx/validate.go`" + `).

**Requests the REST gateway cannot decode** (issue 12 item 7) answer HTTP 400
` + "`MALFORMED_REQUEST`" + ` with a ` + "`google.rpc.BadRequest`" + ` naming each offending field by its
proto path as the protovalidate violations do (` + "`company.established_year`" + `, ` + "`items[0].name`" + `):
` + "`FIELD_UNKNOWN`" + ` for a JSON key the request does not have (named as sent),
` + "`FIELD_TYPE_INVALID`" + ` for a value of the wrong type or form in the body, the query or the path.
A body that is not JSON, not one object, or has data after it has no field violation.
The parser's own text (` + "`proto: (line 1:28): unknown field ...`" + `) is never sent
(` + "`gateway/internal/edge/decode.go`" + `). An e-mail and its confirmation: an address that is not
an e-mail is reported on the address field, a valid one typed differently on the
confirmation (` + "`EMAIL_MISMATCH`" + `).

**Another tenant's resource** answers exactly like a missing one (HTTP 404,
` + "`ESTABLISHMENT_NOT_FOUND`" + `, ` + "`IMAGE_NOT_FOUND`" + `, ` + "`NOT_FOUND`" + `, ...) on reads and writes alike,
whenever the caller's role may call the method; a role that may not call it gets 403
` + "`PERMISSION_DENIED`" + ` whoever owns the resource (docs/security.md, no enumeration;
` + "`TestAuthz_CrossTenantMatrix_REST`" + `).

The gRPC code ` + "`OK`" + ` marks the reasons of confirmable warnings, which travel in successful
answers. To add a reason: add a value at the end of the enum with its three options,
run ` + "`make generate`" + `, then ` + "`go test ./libs/errs -run TestDocs -update`" + `.

| Reason | gRPC code | Meaning | Japanese text |
|---|---|---|---|
`)
	for _, d := range errs.Declarations() {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", d.Reason, d.Code, cell(d.Meaning), cell(d.MessageJA))
	}
	return b.String()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
