// Package authztest declares authorization policies for hand-declared test services
// (a grpc.ServiceDesc without generated code), so that they pass through the same
// policy lookup as real services: it registers a descriptor of the service, with the
// policy option on each method, in protoregistry.GlobalFiles.
package authztest

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	_ "google.golang.org/protobuf/types/known/wrapperspb" // google/protobuf/wrappers.proto

	authzv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/authz/v1"
)

var (
	mu         sync.Mutex
	registered = map[string]string{} // service → fingerprint of its policies
)

// RegisterService registers service (full name, e.g. "test.Echo") with one unary
// method per key of methods, each taking and returning google.protobuf.StringValue and
// carrying the given policy (nil: no policy declared, to test closed-by-default).
// Registering the same service again with the same policies is a no-op; with other
// policies it fails the test (the registry is process-wide).
func RegisterService(t testing.TB, service string, methods map[string]*authzv1.Policy) {
	t.Helper()
	names := make([]string, 0, len(methods))
	for m := range methods {
		names = append(names, m)
	}
	sort.Strings(names)
	var fp strings.Builder
	for _, m := range names {
		fmt.Fprintf(&fp, "%s=%v;", m, methods[m])
	}
	mu.Lock()
	defer mu.Unlock()
	if prev, ok := registered[service]; ok {
		if prev != fp.String() {
			t.Fatalf("authztest: %s already registered with other policies", service)
		}
		return
	}
	pkg, svc := "", service
	if i := strings.LastIndex(service, "."); i >= 0 {
		pkg, svc = service[:i], service[i+1:]
	}
	sd := &descriptorpb.ServiceDescriptorProto{Name: proto.String(svc)}
	for _, m := range names {
		md := &descriptorpb.MethodDescriptorProto{
			Name:       proto.String(m),
			InputType:  proto.String(".google.protobuf.StringValue"),
			OutputType: proto.String(".google.protobuf.StringValue"),
		}
		if p := methods[m]; p != nil {
			md.Options = &descriptorpb.MethodOptions{}
			proto.SetExtension(md.Options, authzv1.E_Policy, p)
		}
		sd.Method = append(sd.Method, md)
	}
	fdp := &descriptorpb.FileDescriptorProto{
		Name:       proto.String("authztest/" + strings.ReplaceAll(service, ".", "/") + ".proto"),
		Syntax:     proto.String("proto3"),
		Dependency: []string{"google/protobuf/wrappers.proto"},
		Service:    []*descriptorpb.ServiceDescriptorProto{sd},
	}
	if pkg != "" {
		fdp.Package = proto.String(pkg)
	}
	fd, err := protodesc.NewFile(fdp, protoregistry.GlobalFiles)
	if err != nil {
		t.Fatalf("authztest: %s: %v", service, err)
	}
	if err := protoregistry.GlobalFiles.RegisterFile(fd); err != nil {
		t.Fatalf("authztest: %s: %v", service, err)
	}
	registered[service] = fp.String()
}

// Method returns the descriptor of a registered method, for assertions.
func Method(t testing.TB, service, method string) protoreflect.MethodDescriptor {
	t.Helper()
	d, err := protoregistry.GlobalFiles.FindDescriptorByName(protoreflect.FullName(service + "." + method))
	if err != nil {
		t.Fatal(err)
	}
	return d.(protoreflect.MethodDescriptor)
}
