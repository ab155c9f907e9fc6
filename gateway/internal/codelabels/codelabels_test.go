package codelabels

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	jobpostingv1 "github.com/hellowork-jp/hellowork/libs/gen/hellowork/job_posting/v1"
)

// The committed web table is what the descriptors give (make generate rewrites it;
// this catches a proto label edited without it).
func TestRender_MatchesCommittedTable(t *testing.T) {
	got, err := Render(File)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("../../web/src/api/codeLabels.ts")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Error("gateway/web/src/api/codeLabels.ts is stale: run make generate")
	}
}

// Every enum of codes.proto is a typed list of all its labelled values, in proto order,
// without the unset value.
func TestRender_EveryEnumValueWithItsLabel(t *testing.T) {
	out, err := Render(File)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	enums := File.Enums()
	for i := range enums.Len() {
		e := enums.Get(i)
		head := "export const " + lowerFirst(string(e.Name())) + "Labels: CodeLabels<" + string(e.Name()) + "> = [\n"
		at := strings.Index(s, head)
		if at < 0 {
			t.Fatalf("%s: no list %q", e.FullName(), head)
		}
		list := s[at+len(head):]
		list = list[:strings.Index(list, "];")]
		var want strings.Builder
		for j := 1; j < e.Values().Len(); j++ {
			v := e.Values().Get(j)
			want.WriteString("  ['" + string(v.Name()) + "', '" + proto.GetExtension(v.Options(), jobpostingv1.E_Label).(string) + "'],\n")
		}
		if list != want.String() {
			t.Errorf("%s:\n%s\nwant\n%s", e.Name(), list, want.String())
		}
		if strings.Contains(list, "_UNSPECIFIED") {
			t.Errorf("%s lists its unset value", e.Name())
		}
	}
}

// codeNumbers gives every labelled value its proto number, so the web can read a code
// kept as a number before the enums (a local copy of a form) as the value's name.
func TestRender_CodeNumbersByValueName(t *testing.T) {
	out, err := Render(File)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	head := "export const codeNumbers: Readonly<Record<string, number>> = {\n"
	at := strings.Index(s, head)
	if at < 0 {
		t.Fatalf("no table %q", head)
	}
	table := s[at+len(head):]
	table = table[:strings.Index(table, "};")]
	var want strings.Builder
	enums := File.Enums()
	for i := range enums.Len() {
		for j := 1; j < enums.Get(i).Values().Len(); j++ {
			v := enums.Get(i).Values().Get(j)
			want.WriteString("  " + string(v.Name()) + ": " + strconv.Itoa(int(v.Number())) + ",\n")
		}
	}
	if table != want.String() {
		t.Errorf("codeNumbers:\n%s\nwant\n%s", table, want.String())
	}
}
