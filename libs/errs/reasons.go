package errs

import (
	"fmt"
	"regexp"
	"strings"

	"google.golang.org/genproto/googleapis/rpc/code"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	errorsv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/errors/v1"
)

// Declaration is one value of the hellowork.errors.v1.Reason enum as clients see it.
type Declaration struct {
	Reason    string // the wire string: the enum value name without "REASON_"
	Number    int32  // the enum number
	Code      string // the google.rpc.Code name of the status carrying it; "OK" for warnings
	Meaning   string // one English sentence: what it means and when it is returned
	MessageJA string // the one Japanese text, with its {name} placeholders
}

// Placeholders returns the {name} placeholders of the Japanese text, in order.
func (d Declaration) Placeholders() []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(d.MessageJA, -1) {
		out = append(out, m[1])
	}
	return out
}

// placeholder is the syntax of a dynamic value in a Japanese text: {lower_snake}.
var placeholder = regexp.MustCompile(`\{([a-z][a-z0-9_]*)\}`)

// declared holds every declared reason by its wire string, in enum order in ordered.
var declared, ordered = load()

const enumPrefix = "REASON_"

func load() (map[string]Declaration, []Declaration) {
	ed := errorsv1.File_hellowork_errors_v1_reasons_proto.Enums().ByName("Reason")
	if ed == nil {
		panic("errs: hellowork.errors.v1.Reason is missing from the generated code")
	}
	byReason := map[string]Declaration{}
	var list []Declaration
	vals := ed.Values()
	for i := range vals.Len() {
		v := vals.Get(i)
		if v.Number() == 0 {
			continue
		}
		d := declaration(v)
		byReason[d.Reason] = d
		list = append(list, d)
	}
	return byReason, list
}

func declaration(v protoreflect.EnumValueDescriptor) Declaration {
	opts := v.Options()
	d := Declaration{
		Reason:    strings.TrimPrefix(string(v.Name()), enumPrefix),
		Number:    int32(v.Number()),
		Meaning:   proto.GetExtension(opts, errorsv1.E_Meaning).(string),
		MessageJA: proto.GetExtension(opts, errorsv1.E_MessageJa).(string),
	}
	if proto.HasExtension(opts, errorsv1.E_Code) {
		d.Code = proto.GetExtension(opts, errorsv1.E_Code).(code.Code).String()
	}
	return d
}

// Lookup returns the declaration of a reason given as its wire string.
func Lookup(reason string) (Declaration, bool) {
	d, ok := declared[reason]
	return d, ok
}

// Declarations returns every declared reason in enum order.
func Declarations() []Declaration { return append([]Declaration(nil), ordered...) }

func mustLookup(reason string) Declaration {
	d, ok := declared[reason]
	if !ok {
		panic(fmt.Sprintf("errs: reason %q is not declared in hellowork.errors.v1.Reason (proto/hellowork/errors/v1/reasons.proto)", reason))
	}
	return d
}

// fill replaces each {name} of template with meta[name]; unknown names stay as they are.
func fill(template string, meta map[string]string) string {
	if template == "" || !strings.Contains(template, "{") {
		return template
	}
	return placeholder.ReplaceAllStringFunc(template, func(ph string) string {
		if v, ok := meta[ph[1:len(ph)-1]]; ok {
			return v
		}
		return ph
	})
}
