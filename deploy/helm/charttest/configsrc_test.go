package charttest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// configVars reads, from the Go source of the component's configuration structs, every
// environment variable the process reads (known) and those tagged `required`. Reading
// the source keeps this module out of the workspace and still follows every change.
//
//	gateway:   gateway/internal/edge/config.go, type Config
//	a service: libs/config/config.go, type Common, plus
//	           services/<name>/internal/service/config.go, type Config (if present)
func configVars(t *testing.T, root, comp string) (known map[string]bool, required []string) {
	t.Helper()
	known = map[string]bool{}
	add := func(file, typ string, mustExist bool) {
		vars, req, ok := structEnv(t, filepath.Join(root, file), typ)
		if !ok {
			if mustExist {
				t.Fatalf("%s: type %s not found (the chart test reads the configuration from it)", file, typ)
			}
			return
		}
		for _, v := range vars {
			known[v] = true
		}
		required = append(required, req...)
	}
	if comp == "gateway" {
		add("gateway/internal/edge/config.go", "Config", true)
	} else {
		add("libs/config/config.go", "Common", true)
		add(filepath.Join("services", comp, "internal/service/config.go"), "Config", false)
		// Groups of settings embedded in Config from files of their own
		// (config_<topic>.go, type <Topic>Config).
		extra, _ := filepath.Glob(filepath.Join(root, "services", comp, "internal/service/config_*.go"))
		for _, p := range extra {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			rel, _ := filepath.Rel(root, p)
			add(rel, "*Config", false)
		}
	}
	slices.Sort(required)
	return known, slices.Compact(required)
}

// structEnv returns the `env` tag names of a struct type's fields, and those marked
// required or notEmpty; typ "*Suffix" reads every struct type whose name ends in Suffix.
func structEnv(t *testing.T, path, typ string) (vars, required []string, found bool) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return nil, nil, false
	}
	f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	ast.Inspect(f, func(n ast.Node) bool {
		ts, ok := n.(*ast.TypeSpec)
		if !ok || !(ts.Name.Name == typ || strings.HasPrefix(typ, "*") && strings.HasSuffix(ts.Name.Name, typ[1:])) {
			return true
		}
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			return false
		}
		found = true
		for _, field := range st.Fields.List {
			if field.Tag == nil {
				continue
			}
			raw, err := strconv.Unquote(field.Tag.Value)
			if err != nil {
				t.Fatalf("%s: tag %s: %v", path, field.Tag.Value, err)
			}
			name, opts, _ := strings.Cut(reflect.StructTag(raw).Get("env"), ",")
			if name == "" {
				continue
			}
			vars = append(vars, name)
			for _, o := range strings.Split(opts, ",") {
				if o == "required" || o == "notEmpty" {
					required = append(required, name)
				}
			}
		}
		return false
	})
	return vars, required, found
}
