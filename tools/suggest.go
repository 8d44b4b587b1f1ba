package tools

import (
	"fmt"
	"slices"
	"strings"
)

// maxSuggestions is how many near misses a "did you mean" names at most.
const maxSuggestions = 3

// Suggest returns the candidates a mistyped name most likely meant, best
// first: a candidate equal to name but for case alone, else those within a
// small edit distance (case ignored, a swap of two neighbours counting as
// one edit) — the nearest of them —, else those name is a prefix of. Every front end words its
// "did you mean" from it, for tools, arguments, commands and flags alike.
func Suggest(name string, candidates []string) []string {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > MaxToolNameBytes {
		return nil
	}
	low := strings.ToLower(name)
	for _, c := range candidates {
		if c != name && strings.ToLower(c) == low {
			return []string{c}
		}
	}
	limit := max(1, min(3, len([]rune(low))/3))
	type scored struct {
		name string
		dist int
	}
	var near []scored
	for _, c := range candidates {
		if c == name {
			continue
		}
		if d := editDistance(low, strings.ToLower(c)); d <= limit {
			near = append(near, scored{c, d})
		}
	}
	if len(near) == 0 && len(low) >= 3 {
		for _, c := range candidates {
			if c != name && strings.HasPrefix(strings.ToLower(c), low) {
				near = append(near, scored{c, len(c) - len(name)})
			}
		}
	}
	slices.SortFunc(near, func(a, b scored) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for _, s := range near {
		if s.dist > near[0].dist {
			break // only the nearest: a farther one is a guess
		}
		if !slices.Contains(out, s.name) {
			out = append(out, s.name)
		}
		if len(out) == maxSuggestions {
			break
		}
	}
	return out
}

// DidYouMean words suggestions as a question: `did you mean "a"?`,
// `did you mean "a" or "b"?`; "" when there are none.
func DidYouMean(suggestions []string) string {
	if len(suggestions) == 0 {
		return ""
	}
	q := make([]string, len(suggestions))
	for i, s := range suggestions {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "did you mean " + strings.Join(q, " or ") + "?"
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours, one each.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// suggestTools are the tools a mistyped tool name most likely meant: the
// visible ones first, then any the policy hides (calling one of those says
// why it is hidden, which is more use than another "unknown tool").
func (tk *Toolkit) suggestTools(name string) []string {
	visible := make([]string, 0, len(tk.visible))
	for n := range tk.visible {
		visible = append(visible, n)
	}
	if s := Suggest(name, visible); len(s) > 0 {
		return s
	}
	var all []string
	for _, t := range tk.reg.Tools() {
		all = append(all, t.Name)
	}
	return Suggest(name, all)
}
