package edge

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// A request the gateway cannot decode answers 400 MALFORMED_REQUEST with a
// google.rpc.BadRequest naming the field (FIELD_UNKNOWN, FIELD_TYPE_INVALID), never
// the JSON parser's own text ("proto: (line 1:28): unknown field ...").
//
// grpc-gateway turns a decoder's error into status.Errorf(InvalidArgument, "%v", err),
// losing its type. So the body the decoder reads is a *requestBody (installed by
// limitBody), the decoder leaves its finding there, and errorHandler, which gets the
// same request, answers with it.

// requestBody is the body of a /v1/ request with the decoding failure it caused.
type requestBody struct {
	io.ReadCloser
	failure *errs.Error
}

var (
	errMalformedJSON = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", "the request body is not valid JSON")
	errBadFields     = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", "the request has fields that cannot be decoded")
	errNotObject     = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", "the request body must be a JSON object")
	errUndecodable   = errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", "the request cannot be decoded")
)

// strictJSON is the gateway's JSONPb marshaler whose decoder reports undecodable
// bodies field by field.
type strictJSON struct{ *runtime.JSONPb }

func (m strictJSON) NewDecoder(r io.Reader) runtime.Decoder {
	return runtime.DecoderFunc(func(v any) error {
		data, err := io.ReadAll(r)
		if err != nil {
			return err // the size limit: errorHandler answers 413
		}
		if len(bytes.TrimSpace(data)) == 0 {
			return io.EOF // no body: every field unset, as grpc-gateway's own decoder
		}
		msg, ok := v.(proto.Message)
		if !ok {
			return m.Unmarshal(data, v)
		}
		// protojson itself, unlike the streaming decoder, refuses trailing data.
		if err := m.UnmarshalOptions.Unmarshal(data, msg); err == nil {
			return nil
		}
		failure := diagnose(data, msg.ProtoReflect().Descriptor())
		if b, ok := r.(*requestBody); ok {
			b.failure = failure
		}
		return failure
	})
}

// diagnose names the fields of data (which protojson refused for a message of type
// md) that cause the refusal: unknown ones and ones with a value of the wrong type.
func diagnose(data []byte, md protoreflect.MessageDescriptor) *errs.Error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil || dec.More() {
		return errMalformedJSON
	}
	if _, ok := v.(map[string]any); !ok {
		return errNotObject
	}
	var found []errs.FieldViolation
	walk(md, v, "", &found)
	if len(found) == 0 {
		return errUndecodable
	}
	e := errBadFields
	for _, f := range found {
		e = e.WithField(f)
	}
	return e
}

// walk appends a violation for every key of v (the JSON of a message of type md at
// path) that names no field, and for every value protojson refuses, descending into
// nested messages, lists and maps of messages to name the innermost field.
func walk(md protoreflect.MessageDescriptor, v any, path string, found *[]errs.FieldViolation) {
	obj, ok := v.(map[string]any)
	if !ok || isWellKnown(md) {
		if !decodes(md, v) {
			*found = append(*found, typeInvalid(path))
		}
		return
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fd := md.Fields().ByJSONName(k)
		if fd == nil {
			fd = md.Fields().ByTextName(k)
		}
		if fd == nil {
			*found = append(*found, errs.Field(join(path, k), "FIELD_UNKNOWN", "unknown field"))
			continue
		}
		fpath := join(path, string(fd.Name()))
		val := obj[k]
		if decodes(md, map[string]any{k: val}) {
			continue
		}
		switch {
		case fd.IsList() && fd.Message() != nil:
			if items, ok := val.([]any); ok {
				for i, item := range items {
					walk(fd.Message(), item, fpath+"["+strconv.Itoa(i)+"]", found)
				}
				continue
			}
		case fd.IsMap() && fd.MapValue().Message() != nil:
			if entries, ok := val.(map[string]any); ok {
				for key, item := range entries {
					walk(fd.MapValue().Message(), item, fpath+"["+strconv.Quote(key)+"]", found)
				}
				continue
			}
		case fd.Message() != nil && !fd.IsList() && !fd.IsMap():
			if _, ok := val.(map[string]any); ok && !isWellKnown(fd.Message()) {
				walk(fd.Message(), val, fpath, found)
				continue
			}
		}
		*found = append(*found, typeInvalid(fpath))
	}
}

func typeInvalid(path string) errs.FieldViolation {
	return errs.Field(path, "FIELD_TYPE_INVALID", "value of the wrong type or form")
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// decodes reports whether protojson takes v as the JSON of a message of type md.
func decodes(md protoreflect.MessageDescriptor, v any) bool {
	raw, err := json.Marshal(v)
	if err != nil {
		return false
	}
	return protojson.Unmarshal(raw, newMessage(md)) == nil
}

func newMessage(md protoreflect.MessageDescriptor) proto.Message {
	return dynamicpb.NewMessage(md)
}

func isWellKnown(md protoreflect.MessageDescriptor) bool {
	return md.ParentFile() != nil && md.ParentFile().Package() == "google.protobuf"
}

// Query and path parameters: grpc-gateway's messages name the field; keep the name,
// drop the parser's text.
var (
	queryParamError = regexp.MustCompile(`^parsing field "([A-Za-z0-9_.]+)"`)
	pathParamError  = regexp.MustCompile(`^type mismatch, parameter: ([A-Za-z0-9_.]+)`)
	missingParam    = regexp.MustCompile(`^missing parameter ([A-Za-z0-9_.]+)`)
)

// decodeFailure is the answer to an InvalidArgument without ErrorInfo (made by
// grpc-gateway or the image handlers, not a service) for request r with message msg.
func decodeFailure(r *http.Request, msg string) *errs.Error {
	if b, ok := r.Body.(*requestBody); ok && b.failure != nil {
		return b.failure
	}
	for _, re := range []*regexp.Regexp{queryParamError, pathParamError, missingParam} {
		if m := re.FindStringSubmatch(msg); m != nil {
			return errBadFields.WithField(typeInvalid(m[1]))
		}
	}
	if strings.Contains(msg, "proto:") || strings.Contains(msg, "parsing") || strings.Contains(msg, "syntax error") {
		return errUndecodable // a parser's own text never reaches the client
	}
	// The gateway's own plain-English messages (e.g. "expected multipart/form-data").
	return errs.New(errs.KindInvalidArgument, "MALFORMED_REQUEST", msg)
}
