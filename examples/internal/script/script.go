// Package script is the scripted model behind the agent examples, so they
// run offline: it plays one administration task — re-enable the disabled
// users of a population — deciding each step only from the tool results it
// has seen, the way a model would. Nothing is known in advance: the
// environment, population and user ids all come from earlier results.
package script

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Task names what to fix: the disabled users of Population in Environment.
type Task struct {
	Environment, Population string
}

// Prompt is the task as a user would ask it.
func (t Task) Prompt() string {
	return fmt.Sprintf("In the PingOne environment %q, find the users of the population %q who are disabled, re-enable them, and report what you did.", t.Environment, t.Population)
}

// Call is one tool call the script wants made.
type Call struct {
	Name string
	Args map[string]any
}

// Step is the script's next move: tool calls, or the final report.
type Step struct {
	Calls []Call
	Final string
}

// Result is one tool result: the tool's name and what it answered.
type Result struct {
	Tool, Content string
}

// Next decides the next step from the results so far, oldest first.
func (t Task) Next(results []Result) Step {
	latest := map[string]string{}
	var enabled []string
	for _, r := range results {
		latest[r.Tool] = r.Content
		if r.Tool == "set_user_enabled" {
			enabled = append(enabled, r.Content)
		}
	}
	envs, seen := latest["list_environments"]
	if !seen {
		return Step{Calls: []Call{{"list_environments", map[string]any{"filter": fmt.Sprintf("name eq %q", t.Environment)}}}}
	}
	envID, err := idOf(envs, "environments", "name", t.Environment)
	if err != nil {
		return Step{Final: "I could not find the environment: " + err.Error()}
	}
	pops, seen := latest["list_populations"]
	if !seen {
		return Step{Calls: []Call{{"list_populations", map[string]any{"environmentId": envID, "filter": fmt.Sprintf("name eq %q", t.Population)}}}}
	}
	popID, err := idOf(pops, "populations", "name", t.Population)
	if err != nil {
		return Step{Final: "I could not find the population: " + err.Error()}
	}
	list, seen := latest["list_users"]
	if !seen {
		return Step{Calls: []Call{{"list_users", map[string]any{
			"environmentId": envID, "filter": fmt.Sprintf("population.id eq %q and enabled eq false", popID), "limit": 1000,
		}}}}
	}
	users, err := items(list, "users")
	if err != nil {
		return Step{Final: "I could not list the users: " + err.Error()}
	}
	if len(users) == 0 {
		return Step{Final: fmt.Sprintf("No user of %s in %s is disabled: nothing to do.", t.Population, t.Environment)}
	}
	if len(enabled) < len(users) {
		// Re-enable the users not done yet: all at once for a model that
		// makes parallel calls, one by one for a ReAct agent.
		var calls []Call
		for _, u := range users[len(enabled):] {
			calls = append(calls, Call{"set_user_enabled", map[string]any{"environmentId": envID, "userId": u["id"], "enabled": true}})
		}
		return Step{Calls: calls}
	}
	var done, failed []string
	for i, u := range users {
		name, _ := u["username"].(string)
		if i < len(enabled) && strings.Contains(enabled[i], `"enabled":true`) {
			done = append(done, name)
		} else if i < len(enabled) {
			failed = append(failed, fmt.Sprintf("%s (%s)", name, enabled[i]))
		}
	}
	report := fmt.Sprintf("Re-enabled %d disabled users of %s in %s: %s.", len(done), t.Population, t.Environment, strings.Join(done, ", "))
	if len(failed) > 0 {
		report += " Could not re-enable: " + strings.Join(failed, "; ") + "."
	}
	return Step{Final: report}
}

// items reads the list under key of a tool's JSON result; a result that is
// not JSON is the tool's error message.
func items(content, key string) ([]map[string]any, error) {
	var body map[string]json.RawMessage
	if err := json.Unmarshal([]byte(content), &body); err != nil {
		return nil, fmt.Errorf("%s", content)
	}
	var list []map[string]any
	if err := json.Unmarshal(body[key], &list); err != nil {
		return nil, fmt.Errorf("no %s in %s", key, content)
	}
	return list, nil
}

func idOf(content, key, field, value string) (string, error) {
	list, err := items(content, key)
	if err != nil {
		return "", err
	}
	for _, it := range list {
		if s, _ := it[field].(string); strings.EqualFold(s, value) {
			if id, _ := it["id"].(string); id != "" {
				return id, nil
			}
		}
	}
	return "", fmt.Errorf("no %s named %q", strings.TrimSuffix(key, "s"), value)
}
