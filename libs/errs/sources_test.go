package errs_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/hellowork-jp/hellowork/libs/errs"
)

// TestSources_EveryLiteralReasonIsDeclared reads every Go file of the repository and
// checks the literal reasons given to errs.New and errs.Field. Package-level errors
// already panic when a binary starts; this also covers errors built inside functions,
// which would otherwise panic only when the code path runs.
func TestSources_EveryLiteralReasonIsDeclared(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "gen", "node_modules", "third_party", "bin", ".git", "testdata":
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) < 2 {
				return true
			}
			sel, ok := call.Fun.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); !ok || pkg.Name != "errs" || (sel.Sel.Name != "New" && sel.Sel.Name != "Field") {
				return true
			}
			lit, ok := call.Args[1].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true // a reason computed at run time is checked when it runs
			}
			reason, _ := strconv.Unquote(lit.Value)
			if strings.HasSuffix(path, filepath.Join("errs", "errs_test.go")) {
				return true // tests of the refusal itself
			}
			checked++
			if _, ok := errs.Lookup(reason); !ok {
				t.Errorf("%s: errs.%s with reason %q, which hellowork.errors.v1.Reason does not declare", fset.Position(lit.Pos()), sel.Sel.Name, reason)
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d literal reasons found under %s; is the walk looking at the repository?", checked, root)
	}
}
