package tools_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/tools"
)

// docs/catalogue.md lists every action of API-MAP §1 with the tool that
// does it. These tests hold it to API-MAP and to the registry.

// apiAction is one row of API-MAP's action map.
type apiAction struct{ area, action string }

func (a apiAction) related() bool { return strings.HasPrefix(a.action, "(related)") }

const extrasArea = "Environments & platform (extra)"

// cells splits a Markdown table row on the pipes that are not escaped.
func cells(line string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line) && line[i+1] == '|':
			cur.WriteString(`\|`)
			i++
		case line[i] == '|':
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		default:
			cur.WriteByte(line[i])
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out[1:] // before the first pipe is nothing
}

// tableRows are the body rows of the Markdown tables in text whose first
// cell is not header (section headings reset nothing: rows carry their area).
func tableRows(text, header string) [][]string {
	var out [][]string
	for _, line := range strings.Split(text, "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		c := cells(line)
		if len(c) == 0 || c[0] == header || strings.HasPrefix(c[0], "---") {
			continue
		}
		out = append(out, c)
	}
	return out
}

// apiActions reads API-MAP §1: its "### area" tables, up to §2.
func apiActions(t *testing.T) []apiAction {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "reference", "API-MAP.md"))
	require.NoError(t, err)
	text, _, found := strings.Cut(string(raw), "\n## 2.")
	require.True(t, found, "API-MAP has its §2")
	var out []apiAction
	area := ""
	for _, line := range strings.Split(text, "\n") {
		if a, ok := strings.CutPrefix(line, "### "); ok {
			area = strings.TrimSpace(a)
			continue
		}
		if c := cells(line); strings.HasPrefix(line, "| ") && len(c) > 1 && c[0] != "Action" && !strings.HasPrefix(c[0], "---") {
			out = append(out, apiAction{area, c[0]})
		}
	}
	return out
}

var (
	toolName  = regexp.MustCompile("`([a-z][a-z0-9]*(?:_[a-z0-9]+)+)`")
	countLine = regexp.MustCompile(`Counts: catalogue (\d+) covered / (\d+) pending / (\d+) not possible; extras and related\s+(\d+) covered / (\d+) pending / (\d+) not possible; workflows (\d+) covered\.`)
)

// catalogueProblems lists what is wrong with a catalogue document against
// API-MAP's actions and the registry; none for a true one.
func catalogueProblems(doc string, actions []apiAction, reg *tools.Registry) []string {
	var problems []string
	want := map[apiAction]bool{}
	for _, a := range actions {
		want[a] = true
	}
	seen := map[apiAction]bool{}
	counts := map[string]*[3]int{"catalogue": {}, "extras": {}}
	checkCell := func(what, cell string) int {
		switch {
		case strings.HasPrefix(cell, "pending:"):
			if !regexp.MustCompile(`^pending: h-[a-z-]+ `).MatchString(cell) {
				problems = append(problems, what+": a pending row names the branch adding it (pending: h-… (…))")
			}
			return 1
		case strings.HasPrefix(cell, "not possible:"):
			if len(strings.TrimSpace(strings.TrimPrefix(cell, "not possible:"))) < 20 {
				problems = append(problems, what+": a row that is not possible says why")
			}
			return 2
		}
		names := toolName.FindAllStringSubmatch(cell, -1)
		if len(names) == 0 {
			problems = append(problems, what+": names no tool (nor pending:, nor not possible:)")
		}
		for _, n := range names {
			if _, ok := reg.Get(n[1]); !ok {
				problems = append(problems, fmt.Sprintf("%s: names %s, which is not in the registry", what, n[1]))
			}
		}
		return 0
	}
	workflows := 0
	for _, row := range tableRows(doc, "Area") {
		switch len(row) {
		case 4: // an action: area, action, method and path, tool
			a := apiAction{row[0], row[1]}
			what := a.area + " / " + a.action
			switch {
			case !want[a]:
				problems = append(problems, what+": not an action of API-MAP")
				continue
			case seen[a]:
				problems = append(problems, what+": listed twice")
			}
			seen[a] = true
			group := "catalogue"
			if a.area == extrasArea || a.related() {
				group = "extras"
			}
			counts[group][checkCell(what, row[3])]++
		case 2: // a workflow
			if row[0] == "Workflow" {
				continue
			}
			workflows++
			if checkCell("workflow "+row[0], row[1]) != 0 {
				problems = append(problems, "workflow "+row[0]+": every workflow has its tools")
			}
		}
	}
	for _, a := range actions {
		if !seen[a] {
			problems = append(problems, a.area+" / "+a.action+": an action of API-MAP with no row")
		}
	}
	c, e := counts["catalogue"], counts["extras"]
	stated := fmt.Sprintf("Counts: catalogue %d covered / %d pending / %d not possible; extras and related %d covered / %d pending / %d not possible; workflows %d covered.",
		c[0], c[1], c[2], e[0], e[1], e[2], workflows)
	if m := countLine.FindString(doc); strings.Join(strings.Fields(m), " ") != stated {
		problems = append(problems, "the counts line is stale; it should read: "+stated)
	}
	if workflows != 5 {
		problems = append(problems, fmt.Sprintf("%d MFA-management workflows, want 5", workflows))
	}
	return problems
}

func readCatalogue(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "docs", "catalogue.md"))
	require.NoError(t, err)
	return string(raw)
}

// API-MAP's action map is what the catalogue is held to: 113 catalogue
// actions, 16 platform extras and 3 closely related operations.
func TestAPIMapActions(t *testing.T) {
	t.Parallel()
	var catalogue, extras, related int
	for _, a := range apiActions(t) {
		switch {
		case a.related():
			related++
		case a.area == extrasArea:
			extras++
		default:
			catalogue++
		}
	}
	assert.Equal(t, [3]int{113, 16, 3}, [3]int{catalogue, extras, related})
}

// TestCatalogue: every action of API-MAP has a row, every tool a row names
// ships (pending rows excepted), and the counts are true.
func TestCatalogue(t *testing.T) {
	t.Parallel()
	problems := catalogueProblems(readCatalogue(t), apiActions(t), tools.NewRegistry(tools.All()...))
	assert.Empty(t, problems, "docs/catalogue.md:\n%s", strings.Join(problems, "\n"))
}

// The check catches a missing action, a tool that does not ship, a
// pending row without its branch and stale counts.
func TestCatalogueProblemsAreCaught(t *testing.T) {
	t.Parallel()
	doc, actions, reg := readCatalogue(t), apiActions(t), tools.NewRegistry(tools.All()...)
	for name, tc := range map[string]struct {
		from, to, want string
	}{
		"missing row":   {"| Groups | Delete Group | DELETE `/environments/{environmentID}/groups/{groupID}` | `delete_group` |\n", "", "Groups / Delete Group: an action of API-MAP with no row"},
		"unknown tool":  {"| `delete_group` |", "| `drop_group` |", "names drop_group, which is not in the registry"},
		"bare pending":  {"| `list_custom_roles` |", "| pending: later |", "names the branch"},
		"no tool":       {"| `list_groups` |", "| lists them |", "names no tool"},
		"stale counts":  {"| `delete_group` |", "| pending: h-x (`delete_group`) |", "the counts line is stale"},
		"invented row":  {"| Groups | Delete Group |", "| Groups | Drop Group |", "Groups / Drop Group: not an action of API-MAP"},
		"workflow gone": {"| Unpair one device | `delete_mfa_device` |\n", "", "4 MFA-management workflows"},
	} {
		require.Contains(t, doc, tc.from, name)
		got := catalogueProblems(strings.Replace(doc, tc.from, tc.to, 1), actions, reg)
		assert.Condition(t, func() bool {
			for _, p := range got {
				if strings.Contains(p, tc.want) {
					return true
				}
			}
			return false
		}, "%s: want a problem with %q, got %q", name, tc.want, got)
	}
}
