package grpcx_test

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"

	"buf.build/gen/go/bufbuild/protovalidate/protocolbuffers/go/buf/validate"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"

	"github.com/hellowork-jp/hellowork/libs/errs"
	"github.com/hellowork-jp/hellowork/libs/grpcx"

	// Every service's generated code, so its descriptors are registered. Add new
	// services here; TestProtovalidate_AllStringsBounded counts them.
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/applicant_selection/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/employer_registration/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/identity/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
	_ "github.com/hellowork-jp/hellowork/libs/gen/hellowork/notification/v1"
)

// expectedServices is the number of hellowork services linked above.
const expectedServices = 6

// requestTypes returns the input message of every RPC of every hellowork service.
func requestTypes(t testing.TB) (services []string, requests []protoreflect.MessageType) {
	t.Helper()
	seen := map[protoreflect.FullName]bool{}
	protoregistry.GlobalFiles.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		if !strings.HasPrefix(string(fd.Package()), "hellowork.") {
			return true
		}
		for i := range fd.Services().Len() {
			sd := fd.Services().Get(i)
			services = append(services, string(sd.FullName()))
			for j := range sd.Methods().Len() {
				in := sd.Methods().Get(j).Input()
				if seen[in.FullName()] {
					continue
				}
				seen[in.FullName()] = true
				mt, err := protoregistry.GlobalTypes.FindMessageByName(in.FullName())
				if err != nil {
					t.Fatalf("%s: %v", in.FullName(), err)
				}
				requests = append(requests, mt)
			}
		}
		return true
	})
	sort.Strings(services)
	sort.Slice(requests, func(i, j int) bool {
		return requests[i].Descriptor().FullName() < requests[j].Descriptor().FullName()
	})
	if len(services) < expectedServices {
		t.Fatalf("found services %v, want at least %d", services, expectedServices)
	}
	return services, requests
}

// bounded reports whether a string or bytes value is limited by rules r: a maximum
// length, an exact length, a pattern, a fixed-size well-known format, or a closed set.
func bounded(kind protoreflect.Kind, r *validate.FieldRules) bool {
	switch kind {
	case protoreflect.StringKind:
		s := r.GetString()
		if s == nil {
			return false
		}
		return s.HasMaxLen() || s.HasMaxBytes() || s.HasLen() || s.HasLenBytes() || s.HasPattern() ||
			s.HasConst() || len(s.GetIn()) > 0 || s.GetUuid() || s.GetTuuid() || s.GetUlid() ||
			s.GetIp() || s.GetIpv4() || s.GetIpv6()
	case protoreflect.BytesKind:
		b := r.GetBytes()
		if b == nil {
			return false
		}
		return b.HasMaxLen() || b.HasLen() || b.HasPattern() || b.HasConst() || len(b.GetIn()) > 0
	case protoreflect.EnumKind:
		e := r.GetEnum()
		return e != nil && (e.GetDefinedOnly() || len(e.GetIn()) > 0 || e.HasConst())
	}
	return true
}

// unboundedFields walks md recursively and returns every string, bytes or enum field
// (also inside repeated fields, maps and nested messages) without a bound.
func unboundedFields(md protoreflect.MessageDescriptor, path string, visited map[protoreflect.FullName]bool, out *[]string) {
	if visited[md.FullName()] {
		return
	}
	visited[md.FullName()] = true
	defer delete(visited, md.FullName()) // the same type under another path is walked again
	fields := md.Fields()
	for i := range fields.Len() {
		fd := fields.Get(i)
		rules, _ := proto.GetExtension(fd.Options(), validate.E_Field).(*validate.FieldRules)
		if rules.GetIgnore() == validate.Ignore_IGNORE_ALWAYS {
			*out = append(*out, fmt.Sprintf("%s.%s (validation ignored)", path, fd.Name()))
			continue
		}
		name := path + "." + string(fd.Name())
		check := func(kind protoreflect.Kind, r *validate.FieldRules, what string) {
			if !bounded(kind, r) {
				*out = append(*out, fmt.Sprintf("%s%s (%s)", name, what, kind))
			}
		}
		switch {
		case fd.IsMap():
			check(fd.MapKey().Kind(), rules.GetMap().GetKeys(), "[key]")
			check(fd.MapValue().Kind(), rules.GetMap().GetValues(), "[value]")
			if !rules.GetMap().HasMaxPairs() {
				*out = append(*out, name+" (map without max_pairs)")
			}
			if fd.MapValue().Message() != nil {
				unboundedFields(fd.MapValue().Message(), name+"[value]", visited, out)
			}
		case fd.IsList():
			check(fd.Kind(), rules.GetRepeated().GetItems(), "[]")
			if !rules.GetRepeated().HasMaxItems() {
				*out = append(*out, name+" (repeated without max_items)")
			}
			if fd.Message() != nil {
				unboundedFields(fd.Message(), name+"[]", visited, out)
			}
		case fd.Message() != nil:
			unboundedFields(fd.Message(), name, visited, out)
		default:
			check(fd.Kind(), rules, "")
		}
	}
}

// TestProtovalidate_AllStringsBounded: every string, bytes and enum field a client can send — recursively through every request
// message — carries a protovalidate bound, so no request can make a service store or
// process unbounded input.
func TestProtovalidate_AllStringsBounded(t *testing.T) {
	services, requests := requestTypes(t)
	var gaps []string
	for _, mt := range requests {
		md := mt.Descriptor()
		unboundedFields(md, string(md.FullName()), map[protoreflect.FullName]bool{}, &gaps)
	}
	for _, g := range gaps {
		t.Errorf("unbounded: %s", g)
	}
	t.Logf("METRIC protovalidate_bounds services=%d request_types=%d unbounded_fields=%d", len(services), len(requests), len(gaps))
}

// FuzzProtoRequests: random bytes decoded into each request type never make validation panic, and validation answers nil or an
// INVALID_ARGUMENT error — never an internal error.
func FuzzProtoRequests(f *testing.F) {
	_, requests := requestTypes(f)
	v, err := grpcx.NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	for i := range requests {
		f.Add(uint16(i), []byte{})
		f.Add(uint16(i), []byte{0x0a, 0x03, 'a', 'b', 'c'})                    // field 1, string "abc"
		f.Add(uint16(i), []byte{0x12, 0x02, 0xff, 0xfe})                       // field 2, invalid UTF-8
		f.Add(uint16(i), []byte{0x08, 0x96, 0x01})                             // field 1, varint 150
		f.Add(uint16(i), []byte{0x1a, 0x04, 0x0a, 0x02, 'h', 'i', 0x20, 0x7f}) // nested message, field 4 varint
	}
	f.Logf("METRIC fuzz_proto_requests request_types=%d seeds=%d", len(requests), 5*len(requests))
	f.Fuzz(func(t *testing.T, which uint16, data []byte) {
		mt := requests[int(which)%len(requests)]
		msg := mt.New().Interface()
		if err := proto.Unmarshal(data, msg); err != nil {
			return // gRPC refuses undecodable bytes before any handler runs
		}
		err := v.Validate(msg)
		if err == nil {
			return
		}
		var e *errs.Error
		if !errors.As(err, &e) || e.Kind != errs.KindInvalidArgument {
			t.Fatalf("%s: Validate(%x) = %v, want nil or INVALID_ARGUMENT", mt.Descriptor().FullName(), data, err)
		}
	})
}

// TestUnboundedFields_FindsEachKindOfGap proves the walker behind
// TestProtovalidate_AllStringsBounded can fail: a message built at run time with one
// bounded and several unbounded fields.
func TestUnboundedFields_FindsEachKindOfGap(t *testing.T) {
	withRules := func(r *validate.FieldRules) *descriptorpb.FieldOptions {
		o := &descriptorpb.FieldOptions{}
		proto.SetExtension(o, validate.E_Field, r)
		return o
	}
	maxLen := validate.FieldRules_builder{String: validate.StringRules_builder{MaxLen: proto.Uint64(10)}.Build()}.Build()
	minOnly := validate.FieldRules_builder{String: validate.StringRules_builder{MinLen: proto.Uint64(1)}.Build()}.Build()
	field := func(name string, n int32, typ descriptorpb.FieldDescriptorProto_Type, label descriptorpb.FieldDescriptorProto_Label, typeName string, opts *descriptorpb.FieldOptions) *descriptorpb.FieldDescriptorProto {
		f := &descriptorpb.FieldDescriptorProto{Name: proto.String(name), Number: proto.Int32(n), Type: typ.Enum(), Label: label.Enum(), Options: opts}
		if typeName != "" {
			f.TypeName = proto.String(typeName)
		}
		return f
	}
	const (
		str = descriptorpb.FieldDescriptorProto_TYPE_STRING
		byt = descriptorpb.FieldDescriptorProto_TYPE_BYTES
		msg = descriptorpb.FieldDescriptorProto_TYPE_MESSAGE
		opt = descriptorpb.FieldDescriptorProto_LABEL_OPTIONAL
		rep = descriptorpb.FieldDescriptorProto_LABEL_REPEATED
	)
	fdp := &descriptorpb.FileDescriptorProto{
		Name: proto.String("walker_test.proto"), Package: proto.String("walkertest"), Syntax: proto.String("proto3"),
		Dependency: []string{"buf/validate/validate.proto"},
		MessageType: []*descriptorpb.DescriptorProto{
			{Name: proto.String("Inner"), Field: []*descriptorpb.FieldDescriptorProto{
				field("deep", 1, str, opt, "", nil),
				field("next", 2, msg, opt, ".walkertest.Inner", nil), // recursion terminates
			}},
			{Name: proto.String("Req"), Field: []*descriptorpb.FieldDescriptorProto{
				field("ok", 1, str, opt, "", withRules(maxLen)),
				field("bare", 2, str, opt, "", nil),
				field("min_only", 3, str, opt, "", withRules(minOnly)),
				field("blob", 4, byt, opt, "", nil),
				field("tags", 5, str, rep, "", nil),
				field("inner", 6, msg, opt, ".walkertest.Inner", nil),
			}},
		},
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatal(err)
	}
	var gaps []string
	unboundedFields(fd.Messages().ByName("Req"), "Req", map[protoreflect.FullName]bool{}, &gaps)
	want := []string{
		"Req.bare (string)", "Req.min_only (string)", "Req.blob (bytes)",
		"Req.tags[] (string)", "Req.tags (repeated without max_items)", "Req.inner.deep (string)",
	}
	if strings.Join(gaps, "|") != strings.Join(want, "|") {
		t.Fatalf("gaps\n got %q\nwant %q", gaps, want)
	}
}
