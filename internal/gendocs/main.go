// Command gendocs writes what README.md and docs/tools.md say about the
// tools from the registry (tools.All()), so that they never fall behind
// it: in README.md, the tool count and the table by collection, each
// between markers
//
//	<!-- gendocs:NAME -->…<!-- /gendocs:NAME -->
//
// and docs/tools.md whole. Run it from the repository root after adding a
// tool:
//
//	go run ./internal/gendocs    (or make docs; make golden runs it too)
//
// TestDocsMatchRegistry fails when a file differs from what it writes.
package main

import (
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/p1kit/p1kit/tools"
)

// The files gendocs writes, relative to the repository root.
const (
	readmeFile = "README.md"
	toolsFile  = "docs/tools.md"
)

func main() {
	root := flag.String("root", ".", "the repository root")
	flag.Parse()
	files, err := generate(*root, tools.All())
	if err == nil {
		for _, name := range slices.Sorted(maps.Keys(files)) {
			if err = os.WriteFile(filepath.Join(*root, name), []byte(files[name]), 0o644); err != nil {
				break
			}
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

// generate returns the new contents of every file gendocs writes, reading
// the current README from root.
func generate(root string, all []*tools.Tool) (map[string]string, error) {
	readme, err := os.ReadFile(filepath.Join(root, readmeFile))
	if err != nil {
		return nil, err
	}
	out := string(readme)
	for _, s := range []struct{ name, content string }{
		{"tool-count", fmt.Sprint(len(all))},
		{"tool-table", "\n" + collectionTable(all)},
	} {
		if out, err = splice(out, s.name, s.content); err != nil {
			return nil, fmt.Errorf("%s: %w", readmeFile, err)
		}
	}
	return map[string]string{readmeFile: out, toolsFile: reference(all)}, nil
}

// splice replaces what stands between the markers of section name.
func splice(doc, name, content string) (string, error) {
	begin, end := "<!-- gendocs:"+name+" -->", "<!-- /gendocs:"+name+" -->"
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i || strings.Count(doc, begin) != 1 || strings.Count(doc, end) != 1 {
		return "", fmt.Errorf("needs exactly one %s … %s", begin, end)
	}
	return doc[:i+len(begin)] + content + doc[j:], nil
}

// byCollection groups the tools by collection, each group sorted by name.
func byCollection(all []*tools.Tool) (collections []string, groups map[string][]*tools.Tool) {
	groups = map[string][]*tools.Tool{}
	for _, t := range all {
		groups[t.Collection] = append(groups[t.Collection], t)
	}
	for c, g := range groups {
		slices.SortFunc(g, func(a, b *tools.Tool) int { return strings.Compare(a.Name, b.Name) })
		collections = append(collections, c)
	}
	slices.Sort(collections)
	return collections, groups
}

// collectionTable is README's table: per collection, the read-only tools
// and the write tools, as `p1 tool list --disable-read-only` groups them.
func collectionTable(all []*tools.Tool) string {
	var b strings.Builder
	b.WriteString("| collection | read-only tools | write tools |\n|---|---|---|\n")
	collections, groups := byCollection(all)
	for _, c := range collections {
		var reads, writes []string
		for _, t := range groups[c] {
			if t.IsWrite() {
				writes = append(writes, "`"+t.Name+"`")
			} else {
				reads = append(reads, "`"+t.Name+"`")
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", c, strings.Join(reads, ", "), strings.Join(writes, ", "))
	}
	return b.String()
}

// reference is docs/tools.md: every tool with its effect, its policy facts
// and the description a model reads.
func reference(all []*tools.Tool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Tool reference\n\n<!-- Generated from the registry by `go run ./internal/gendocs` (make docs); do not edit. -->\n\n"+
		"Every tool p1kit ships (%d), by collection: its effect, the policy facts the guard, the confirmation step and the "+
		"argument rules read (docs/families.md explains them) and the description a model reads. "+
		"`p1 tool describe NAME` shows a tool's input schema.\n", len(all))
	collections, groups := byCollection(all)
	for _, c := range collections {
		fmt.Fprintf(&b, "\n## %s\n\n| tool | effect | policy facts | description |\n|---|---|---|---|\n", c)
		for _, t := range groups[c] {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", t.Name, t.Effect, cell(strings.Join(facts(t), "; ")), cell(t.Description))
		}
	}
	return b.String()
}

// facts describes a tool's policy facts in words.
func facts(t *tools.Tool) []string {
	var out []string
	switch {
	case t.Effect == tools.Delete:
		out = append(out, "always confirmed")
	case t.Confirm.Required && len(t.Confirm.ExceptWhen) > 0:
		var except []string
		for _, arg := range slices.Sorted(maps.Keys(t.Confirm.ExceptWhen)) {
			except = append(except, fmt.Sprintf("`%s` is `%v`", arg, t.Confirm.ExceptWhen[arg]))
		}
		out = append(out, "confirmed unless "+strings.Join(except, " or "))
	case t.Confirm.Required:
		out = append(out, "confirmed")
	}
	if t.Target != nil {
		out = append(out, fmt.Sprintf("target: the %s `%s`", t.Target.Kind, t.Target.Arg))
	}
	if t.PersonalData {
		out = append(out, "personal data")
	}
	if g := t.Grant; g != nil && g.RoleArg != "" {
		out = append(out, fmt.Sprintf("grants the role `%s` at `%s`/`%s`", g.RoleArg, g.ScopeTypeArg, g.ScopeIDArg))
	}
	if g := t.Grant; g != nil && g.PermissionsArg != "" {
		out = append(out, fmt.Sprintf("defines the permissions `%s`", g.PermissionsArg))
	}
	if t.EnvironmentTypeArg != "" {
		out = append(out, fmt.Sprintf("sets the environment type `%s`", t.EnvironmentTypeArg))
	}
	return out
}

// cell makes text safe in one Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(strings.TrimSpace(s))
}
