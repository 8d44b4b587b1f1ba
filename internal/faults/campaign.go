package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/p1kit/p1kit/pingone"
	"github.com/p1kit/p1kit/pingone/pingonetest"
	"github.com/p1kit/p1kit/tools"
)

// Config says how big a campaign is.
type Config struct {
	// Calls is the number of tool calls.
	Calls int
	// Seed draws both the calls and the faults.
	Seed uint64
	// Rate is the share of requests that get a fault.
	Rate float64
}

// Figures are what a campaign measured.
type Figures struct {
	Calls int
	// Requests is how many requests reached the emulator.
	Requests int
	// Faults counts the faults injected, by kind.
	Faults map[pingonetest.FaultKind]int
	// Reads and ReadsOK count the read calls and those that succeeded.
	Reads, ReadsOK int
	// Writes counts the write calls; Done, NotDone and Unknown how they
	// were reported (a success; a failure; outcome_unknown).
	Writes, Done, NotDone, Unknown int
	// Applied counts the writes the emulator applied, whatever was reported.
	Applied int
	// UnknownApplied counts the unknown outcomes that were in fact applied.
	UnknownApplied int
	// Duplicates counts creates the emulator applied more than once.
	Duplicates int
	// Misreported counts writes applied but reported as plain failures.
	Misreported int
	// FalseDone counts writes reported done that were not applied.
	FalseDone int
	// Failures lists the misreported and falsely done calls, for the log.
	Failures []string
}

// ReadsOKRate is the share of reads that succeeded.
func (f Figures) ReadsOKRate() float64 {
	if f.Reads == 0 {
		return 1
	}
	return float64(f.ReadsOK) / float64(f.Reads)
}

// String prints the figures, one per line.
func (f Figures) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "calls                %d (%d requests to the emulator)\n", f.Calls, f.Requests)
	total := 0
	var kinds []string
	for _, k := range pingonetest.FaultKinds() {
		total += f.Faults[k]
		kinds = append(kinds, fmt.Sprintf("%s %d", k, f.Faults[k]))
	}
	fmt.Fprintf(&b, "faults injected      %d (%.1f%% of requests): %s\n", total, 100*float64(total)/float64(max(f.Requests, 1)), strings.Join(kinds, ", "))
	fmt.Fprintf(&b, "reads                %d, ok %d (%.2f%%)\n", f.Reads, f.ReadsOK, 100*f.ReadsOKRate())
	fmt.Fprintf(&b, "writes               %d: done %d, not done %d, unknown %d (of which applied %d); applied in all %d\n",
		f.Writes, f.Done, f.NotDone, f.Unknown, f.UnknownApplied, f.Applied)
	fmt.Fprintf(&b, "duplicate creates    %d\n", f.Duplicates)
	fmt.Fprintf(&b, "misreported          %d applied but reported failed, %d reported done but not applied\n", f.Misreported, f.FalseDone)
	return b.String()
}

// op is one kind of call the campaign makes.
type op struct {
	tool   string
	weight int
	write  bool
	create bool
	// args builds the call's arguments; ok false when the state has no
	// object to act on yet.
	args func(s *state, n int) (map[string]any, bool)
	// done records what a successful call made or removed.
	done func(s *state, args map[string]any, out map[string]any)
}

// state is what the campaign knows exists: the objects whose create it saw
// reported done, minus those whose delete it saw reported done.
type state struct {
	rng          *rand.Rand
	env          string
	users        []string
	groups       []string
	memberships  map[[2]string]bool
	seededUserID string
}

func (s *state) pick(ids []string) (string, bool) {
	if len(ids) == 0 {
		return "", false
	}
	return ids[s.rng.IntN(len(ids))], true
}

func remove(ids []string, id string) []string {
	return slices.DeleteFunc(ids, func(x string) bool { return x == id })
}

func idOf(out map[string]any, member string) string {
	obj, _ := out[member].(map[string]any)
	id, _ := obj["id"].(string)
	return id
}

var ops = []op{
	{tool: "get_user", weight: 12, args: func(s *state, _ int) (map[string]any, bool) {
		id, ok := s.pick(append([]string{s.seededUserID}, s.users...))
		return map[string]any{"environmentId": s.env, "userId": id}, ok
	}},
	{tool: "list_users", weight: 10, args: func(s *state, _ int) (map[string]any, bool) {
		return map[string]any{"environmentId": s.env, "limit": 5}, true
	}},
	{tool: "list_groups", weight: 8, args: func(s *state, _ int) (map[string]any, bool) {
		return map[string]any{"environmentId": s.env, "limit": 5}, true
	}},
	{tool: "get_group", weight: 8, args: func(s *state, _ int) (map[string]any, bool) {
		id, ok := s.pick(s.groups)
		return map[string]any{"environmentId": s.env, "groupId": id}, ok
	}},
	{tool: "list_populations", weight: 5, args: func(s *state, _ int) (map[string]any, bool) {
		return map[string]any{"environmentId": s.env}, true
	}},
	{tool: "list_user_groups", weight: 5, args: func(s *state, _ int) (map[string]any, bool) {
		id, ok := s.pick(append([]string{s.seededUserID}, s.users...))
		return map[string]any{"environmentId": s.env, "userId": id}, ok
	}},
	{tool: "create_user", weight: 12, write: true, create: true, args: func(s *state, n int) (map[string]any, bool) {
		name := fmt.Sprintf("campaign.user.%d", n)
		return map[string]any{"environmentId": s.env, "username": name, "email": name + "@example.com", "givenName": "Camp"}, true
	}, done: func(s *state, _, out map[string]any) { s.users = append(s.users, idOf(out, "user")) }},
	{tool: "create_group", weight: 8, write: true, create: true, args: func(s *state, n int) (map[string]any, bool) {
		return map[string]any{"environmentId": s.env, "name": fmt.Sprintf("Campaign Group %d", n)}, true
	}, done: func(s *state, _, out map[string]any) { s.groups = append(s.groups, idOf(out, "group")) }},
	{tool: "create_population", weight: 3, write: true, create: true, args: func(s *state, n int) (map[string]any, bool) {
		return map[string]any{"environmentId": s.env, "name": fmt.Sprintf("Campaign Population %d", n)}, true
	}},
	{tool: "update_user", weight: 8, write: true, args: func(s *state, n int) (map[string]any, bool) {
		id, ok := s.pick(s.users)
		return map[string]any{"environmentId": s.env, "userId": id, "title": fmt.Sprintf("Title %d", n)}, ok
	}},
	{tool: "update_group", weight: 5, write: true, args: func(s *state, n int) (map[string]any, bool) {
		id, ok := s.pick(s.groups)
		return map[string]any{"environmentId": s.env, "groupId": id, "description": fmt.Sprintf("Description %d", n)}, ok
	}},
	{tool: "add_user_to_group", weight: 7, write: true, args: func(s *state, _ int) (map[string]any, bool) {
		for range 5 {
			u, ok1 := s.pick(s.users)
			g, ok2 := s.pick(s.groups)
			if ok1 && ok2 && !s.memberships[[2]string{u, g}] {
				return map[string]any{"environmentId": s.env, "userId": u, "groupId": g}, true
			}
		}
		return nil, false
	}, done: func(s *state, args, _ map[string]any) {
		s.memberships[[2]string{args["userId"].(string), args["groupId"].(string)}] = true
	}},
	{tool: "delete_user", weight: 5, write: true, args: func(s *state, _ int) (map[string]any, bool) {
		id, ok := s.pick(s.users)
		return map[string]any{"environmentId": s.env, "userId": id, "confirm": id}, ok
	}, done: func(s *state, args, _ map[string]any) { s.users = remove(s.users, args["userId"].(string)) }},
	{tool: "delete_group", weight: 4, write: true, args: func(s *state, _ int) (map[string]any, bool) {
		id, ok := s.pick(s.groups)
		return map[string]any{"environmentId": s.env, "groupId": id, "confirm": id}, ok
	}, done: func(s *state, args, _ map[string]any) { s.groups = remove(s.groups, args["groupId"].(string)) }},
}

// Client returns a client of srv that retries four times with waits of at
// most 4ms (a Retry-After included), so that faults cost little time; a
// test injects faults into srv and calls through it.
func Client(srv *pingonetest.Server) (*pingone.Client, error) {
	return pingone.NewClient(
		pingone.WithBaseURL(srv.APIURL()),
		pingone.WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueToken(24 * time.Hour)})),
		pingone.WithHTTPClient(&http.Client{Timeout: 30 * time.Second}),
		pingone.WithRetryPolicy(pingone.RetryPolicy{MaxAttempts: 4, BaseDelay: time.Millisecond, MaxDelay: 4 * time.Millisecond}),
	)
}

// made is one call as made and reported.
type made struct {
	op      *op
	tx      string
	outcome string
	message string
}

// Run makes cfg.Calls tool calls against a fresh emulator whose fault plan
// faults cfg.Rate of the requests, then holds what each write reported
// against what the emulator's recorder says it applied.
func Run(ctx context.Context, cfg Config) (Figures, error) {
	srv := pingonetest.NewServer()
	defer srv.Close()
	client, err := Client(srv)
	if err != nil {
		return Figures{}, err
	}
	var (
		mu   sync.Mutex
		last tools.AuditRecord
	)
	tk, err := tools.NewToolkit(tools.NewRegistry(tools.All()...), client, tools.Config{
		Filter: tools.Filter{AllowWrites: true}, FrontEnd: "faults",
		// The guard's environment type is looked up once, before the faults.
		EnvironmentTypeTTL: 24 * time.Hour,
		Audit: func(_ context.Context, r tools.AuditRecord) {
			mu.Lock()
			last = r
			mu.Unlock()
		},
	})
	if err != nil {
		return Figures{}, err
	}
	d := srv.Demo()
	s := &state{rng: rand.New(rand.NewPCG(cfg.Seed, ^cfg.Seed)), env: d.SandboxEnvironmentID,
		memberships: map[[2]string]bool{}, seededUserID: d.SandboxUserID}
	call := func(name string, args map[string]any) (map[string]any, tools.AuditRecord, error) {
		raw, _ := json.Marshal(args)
		res, err := tk.Call(ctx, name, raw)
		mu.Lock()
		rec := last
		mu.Unlock()
		var out map[string]any
		if err == nil {
			_ = json.Unmarshal(res.Data, &out)
		}
		return out, rec, err
	}
	// Warm the guard's cache of the environment's type, without faults.
	if _, _, err := call("get_environment", map[string]any{"environmentId": s.env}); err != nil {
		return Figures{}, fmt.Errorf("faults: before the campaign: %w", err)
	}
	srv.ResetRequests()
	srv.SetFaultPlan(&pingonetest.FaultPlan{Seed: cfg.Seed, Rate: cfg.Rate, Latency: 2 * time.Millisecond})

	total := 0
	for i := range ops {
		total += ops[i].weight
	}
	var calls []made
	for n := 0; len(calls) < cfg.Calls; n++ {
		if ctx.Err() != nil {
			return Figures{}, ctx.Err()
		}
		w := s.rng.IntN(total)
		o := &ops[0]
		for i := range ops {
			if w < ops[i].weight {
				o = &ops[i]
				break
			}
			w -= ops[i].weight
		}
		args, ok := o.args(s, n)
		if !ok {
			continue
		}
		out, rec, err := call(o.tool, args)
		if err == nil && o.done != nil {
			o.done(s, args, out)
		}
		calls = append(calls, made{op: o, tx: rec.TransactionID, outcome: rec.Outcome, message: rec.Error})
	}
	counts := srv.FaultCounts()
	srv.SetFaultPlan(nil)
	return tally(calls, srv.Requests(), counts), nil
}

// tally holds each call's report against the requests the emulator served
// for it (by the transaction id the toolkit sent).
func tally(calls []made, reqs []pingonetest.RecordedRequest, faults map[pingonetest.FaultKind]int) Figures {
	applied := map[string]int{} // writes served with a 2xx, by transaction id
	for _, r := range reqs {
		if r.Method != http.MethodGet && r.Served >= 200 && r.Served < 300 {
			applied[r.Header.Get("X-Ping-External-Transaction-ID")]++
		}
	}
	f := Figures{Calls: len(calls), Requests: len(reqs), Faults: faults}
	for _, c := range calls {
		if !c.op.write {
			f.Reads++
			if c.outcome == "ok" {
				f.ReadsOK++
			}
			continue
		}
		f.Writes++
		n := applied[c.tx]
		if n > 0 {
			f.Applied++
		}
		if c.op.create && n > 1 {
			f.Duplicates++
		}
		switch c.outcome {
		case "ok":
			f.Done++
			if n == 0 {
				f.FalseDone++
				f.Failures = append(f.Failures, fmt.Sprintf("%s reported done, not applied", c.op.tool))
			}
		case tools.KindOutcomeUnknown.String():
			f.Unknown++
			if n > 0 {
				f.UnknownApplied++
			}
		default:
			f.NotDone++
			if n > 0 {
				f.Misreported++
				f.Failures = append(f.Failures, fmt.Sprintf("%s applied, reported %s: %s", c.op.tool, c.outcome, c.message))
			}
		}
	}
	return f
}
