// Package apidoc completes the merged OpenAPI v2 document that protoc-gen-openapiv2
// writes (gateway/openapi/hellowork.swagger.json), run by `make generate` right after
// `buf generate` (cmd/apidoc):
//
//   - info: a real title and the API's version (Title, Version) instead of one proto
//     file's path and "version not set";
//   - the routes the gateway serves by hand (images.swagger.json: the multipart image
//     upload and the image content), which no proto annotation describes;
//   - the limits the services enforce: every protovalidate rule of a request field
//     (lengths, ranges, patterns, list sizes, UUIDs) becomes the JSON-schema keyword
//     of its property or query/path parameter (maxLength, maximum, pattern, ...), so
//     the generated client and a reader of the document see the page-size cap and
//     the field lengths.
//
// Issue 12 item 7. The document is rewritten deterministically (sorted keys).
package apidoc

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"

	// Every service's descriptors, for the protovalidate rules.
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
)

const (
	// Title of the document.
	Title = "hellowork REST API"
	// Version of the REST API (the /v1/ routes): MAJOR.MINOR.PATCH, the minor raised
	// when routes or fields are added, the major only with a new path prefix.
	Version = "1.2.0"
	// description of the whole API.
	description = "The REST edge of the hellowork employer MyPage (求人者マイページ) and the office's staff screens. " +
		"JSON bodies use the proto field names; unknown fields are refused. Every error is a google.rpc.Status " +
		"with google.rpc.ErrorInfo (a stable reason, docs/errors.md), google.rpc.LocalizedMessage (ja-JP) and, " +
		"for invalid fields, google.rpc.BadRequest naming each field. Field limits below are the services' " +
		"protovalidate rules. Authentication: the __Host-hw_session cookie set by the sign-in routes."
)

//go:embed images.swagger.json
var handWritten []byte

// Complete returns the completed document.
func Complete(generated []byte) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(generated, &doc); err != nil {
		return nil, fmt.Errorf("apidoc: generated document: %w", err)
	}
	var extra map[string]any
	if err := json.Unmarshal(handWritten, &extra); err != nil {
		return nil, fmt.Errorf("apidoc: images.swagger.json: %w", err)
	}
	doc["info"] = map[string]any{"title": Title, "version": Version, "description": description}
	paths, _ := doc["paths"].(map[string]any)
	if paths == nil {
		return nil, fmt.Errorf("apidoc: the generated document has no paths")
	}
	for p, v := range extra["paths"].(map[string]any) {
		ops := v.(map[string]any)
		existing, _ := paths[p].(map[string]any)
		if existing == nil {
			existing = map[string]any{}
			paths[p] = existing
		}
		for m, op := range ops {
			if _, dup := existing[m]; dup {
				return nil, fmt.Errorf("apidoc: %s %s is generated from the protos and hand-written", m, p)
			}
			existing[m] = op
		}
	}
	defs, _ := doc["definitions"].(map[string]any)
	for name, d := range defs {
		md := messageFor(name)
		if md == nil {
			continue
		}
		props, _ := d.(map[string]any)["properties"].(map[string]any)
		constrainProperties(md, props)
	}
	for _, ops := range paths {
		for _, op := range ops.(map[string]any) {
			o, ok := op.(map[string]any)
			if !ok {
				continue
			}
			md := inputOf(o["operationId"])
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				param := p.(map[string]any)
				if md == nil {
					continue
				}
				switch param["in"] {
				case "query", "path":
					name, _ := param["name"].(string)
					if fd := fieldPath(md, name); fd != nil {
						constrain(fd, param)
					}
				case "body":
					if schema, ok := param["schema"].(map[string]any); ok {
						props, _ := schema["properties"].(map[string]any)
						constrainProperties(md, props)
					}
				}
			}
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// messageFor is the message of a definition: "hellowork.x.v1.Msg" or a body schema
// "hellowork.x.v1.Service.MethodBody" (the request without its path fields).
func messageFor(name string) protoreflect.MessageDescriptor {
	if strings.HasSuffix(name, "Body") {
		if md := methodInput(strings.TrimSuffix(name, "Body")); md != nil {
			return md
		}
	}
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(name))
	if err != nil {
		return nil
	}
	md, _ := d.(protoreflect.MessageDescriptor)
	return md
}

func methodInput(fullName string) protoreflect.MessageDescriptor {
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(fullName))
	if err != nil {
		return nil
	}
	m, ok := d.(protoreflect.MethodDescriptor)
	if !ok {
		return nil
	}
	return m.Input()
}

// inputOf is the request message of an operation id "Service_Method".
func inputOf(id any) protoreflect.MessageDescriptor {
	s, _ := id.(string)
	svc, method, ok := strings.Cut(s, "_")
	if !ok {
		return nil
	}
	var found protoreflect.MessageDescriptor
	protoregistry.GlobalFiles.RangeFiles(func(f protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(f.Package()), "hellowork.") {
			return true
		}
		if sd := f.Services().ByName(protoreflect.Name(svc)); sd != nil {
			if m := sd.Methods().ByName(protoreflect.Name(method)); m != nil {
				found = m.Input()
				return false
			}
		}
		return true
	})
	return found
}

// fieldPath resolves a dotted parameter name ("filter.state") to its field.
func fieldPath(md protoreflect.MessageDescriptor, path string) protoreflect.FieldDescriptor {
	var fd protoreflect.FieldDescriptor
	for _, part := range strings.Split(path, ".") {
		if md == nil {
			return nil
		}
		fd = md.Fields().ByName(protoreflect.Name(part))
		if fd == nil {
			return nil
		}
		md = fd.Message()
	}
	return fd
}

func constrainProperties(md protoreflect.MessageDescriptor, props map[string]any) {
	for name, p := range props {
		schema, ok := p.(map[string]any)
		if !ok {
			continue
		}
		if fd := md.Fields().ByName(protoreflect.Name(name)); fd != nil {
			constrain(fd, schema)
		}
	}
}

// constrain writes fd's protovalidate rules into schema (a property or parameter).
func constrain(fd protoreflect.FieldDescriptor, schema map[string]any) {
	rules, ok := proto.GetExtension(fd.Options(), validate.E_Field).(*validate.FieldRules)
	if !ok || rules == nil {
		return
	}
	target := schema
	if fd.IsList() {
		if r := rules.GetRepeated(); r != nil {
			if r.MinItems != nil {
				schema["minItems"] = r.GetMinItems()
			}
			if r.MaxItems != nil {
				schema["maxItems"] = r.GetMaxItems()
			}
			if r.GetUnique() {
				schema["uniqueItems"] = true
			}
			rules = r.GetItems()
		}
		items, _ := schema["items"].(map[string]any)
		if items == nil || rules == nil {
			return
		}
		if _, isRef := items["$ref"]; isRef {
			return
		}
		target = items
	}
	if s := rules.GetString(); s != nil {
		if s.MinLen != nil {
			target["minLength"] = s.GetMinLen()
		}
		if s.MaxLen != nil {
			target["maxLength"] = s.GetMaxLen()
		}
		if s.Len != nil {
			target["minLength"], target["maxLength"] = s.GetLen(), s.GetLen()
		}
		if s.Pattern != nil {
			target["pattern"] = s.GetPattern()
		}
		if s.GetUuid() {
			target["format"] = "uuid"
		}
		if s.GetEmail() {
			target["format"] = "email"
		}
		if len(s.GetIn()) > 0 {
			target["enum"] = s.GetIn()
		}
	}
	if b := rules.GetBytes(); b != nil && b.MaxLen != nil {
		target["maxLength"] = b.GetMaxLen()
	}
	switch {
	case rules.GetInt32() != nil:
		r := rules.GetInt32()
		setRange(target, r.HasGte(), int64(r.GetGte()), r.HasGt(), int64(r.GetGt()), r.HasLte(), int64(r.GetLte()), r.HasLt(), int64(r.GetLt()))
	case rules.GetInt64() != nil:
		r := rules.GetInt64()
		setRange(target, r.HasGte(), r.GetGte(), r.HasGt(), r.GetGt(), r.HasLte(), r.GetLte(), r.HasLt(), r.GetLt())
	case rules.GetUint32() != nil:
		r := rules.GetUint32()
		setRange(target, r.HasGte(), int64(r.GetGte()), r.HasGt(), int64(r.GetGt()), r.HasLte(), int64(r.GetLte()), r.HasLt(), int64(r.GetLt()))
	}
	if rules.GetRequired() {
		target["x-required"] = true
	}
}

func setRange(s map[string]any, hasGte bool, gte int64, hasGt bool, gt int64, hasLte bool, lte int64, hasLt bool, lt int64) {
	switch {
	case hasGte:
		s["minimum"] = gte
	case hasGt:
		s["minimum"], s["exclusiveMinimum"] = gt, true
	}
	switch {
	case hasLte:
		s["maximum"] = lte
	case hasLt:
		s["maximum"], s["exclusiveMaximum"] = lt, true
	}
}
