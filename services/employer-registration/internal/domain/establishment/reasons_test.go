package establishment

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// The section checks build their findings inside CheckInput, so a reason that is not
// declared would panic only when its branch runs; check every literal reason given to
// Findings.err and Findings.warn here.
func TestFindings_EveryReasonIsDeclared(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "profile.go", nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		call, ok := node.(*ast.CallExpr)
		if !ok || len(call.Args) < 2 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || (sel.Sel.Name != "err" && sel.Sel.Name != "warn") {
			return true
		}
		lit, ok := call.Args[1].(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return true
		}
		reason, _ := strconv.Unquote(lit.Value)
		n++
		if _, ok := errs.Lookup(reason); !ok {
			t.Errorf("%s: reason %q is not declared in hellowork.errors.v1.Reason", fset.Position(lit.Pos()), reason)
		}
		return true
	})
	if n < 20 {
		t.Fatalf("found only %d findings in profile.go", n)
	}
}
