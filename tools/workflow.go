package tools

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/p1kit/p1kit/pingone"
)

// Workflows do a whole administrative task in one call. A workflow reads
// what it needs and makes a plan: every write it would make, counted and
// listed. A dry run answers the plan; a call that needs confirmation shows
// the plan's counts in its one confirmation; a confirmed call carries the
// plan out, a phase at a time, with bounded concurrency (the client honours
// PingOne's 429 and Retry-After), reports progress (WithProgress), and
// answers a compact Report that says exactly what was and was not done.
//
// A plan is made from the tenant's state when the call runs, so a rerun
// after an interruption or a partial failure plans only what is left.

// Step is one write of a plan.
type Step struct {
	// Action says what the step does ("disable user", "remove from group").
	Action string `json:"action"`
	// Kind and ID name what it acts on; Name is its name when known.
	Kind string `json:"kind"`
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`

	// phase orders steps: every step of a phase ends before the next
	// phase starts (disable a user before removing what it holds, delete
	// it last).
	phase int
	run   func(ctx context.Context) error
}

// Step statuses in a Report.
const (
	StepDone    = "done"
	StepFailed  = "failed"
	StepNotDone = "not done"
	// StepUnknown is a write sent whose answer was lost: it may have been
	// applied. A rerun's plan says whether it was.
	StepUnknown = "unknown"
	StepPlanned = "planned"
)

// StepOutcome is one step of a Report.
type StepOutcome struct {
	Step
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
	kind   Kind   // of a failed step's error
}

// Report is a workflow's answer.
type Report struct {
	Workflow string `json:"workflow"`
	// DryRun is true when nothing was changed: Steps is the plan.
	DryRun bool `json:"dryRun"`
	// Complete is true when every planned step is done.
	Complete bool `json:"complete"`
	// Planned counts the plan's steps by action.
	Planned map[string]int `json:"planned"`
	// Done, Failed, NotDone and Unknown count the steps by outcome.
	Done    int `json:"done"`
	Failed  int `json:"failed"`
	NotDone int `json:"notDone"`
	Unknown int `json:"unknown"`
	// Steps lists the steps, failed and unknown ones first, at most
	// maxReportSteps of them; More counts the rest.
	Steps []StepOutcome `json:"steps"`
	More  int           `json:"more,omitempty"`
	// Notes say what a person should know: what PingOne cannot do, what
	// the rerun will pick up, what to do next.
	Notes []string `json:"notes,omitempty"`
	// Result is what the workflow made or found that the next call needs
	// (enrol_mfa_device: the device, with its id and status); empty for
	// most workflows.
	Result any `json:"result,omitempty"`
}

// maxReportSteps bounds the steps a report lists, so that a plan over a
// large tenant stays a compact answer; the counts cover every step.
const maxReportSteps = 50

// workflowConcurrency is how many writes of a phase run at once.
const workflowConcurrency = 4

// plan is a workflow's steps, built by its planner.
type plan struct {
	name  string
	steps []Step
	notes []string
	// result is the Report's Result; a step may set it (steps that do
	// must be alone in their phase, or guard it themselves).
	result any
}

func (p *plan) add(phase int, action, kind, id, name string, run func(ctx context.Context) error) {
	p.steps = append(p.steps, Step{Action: action, Kind: kind, ID: id, Name: name, phase: phase, run: run})
}

func (p *plan) note(format string, args ...any) {
	p.notes = append(p.notes, fmt.Sprintf(format, args...))
}

// carryOut answers the plan as a dry run when ctx is one (nothing is sent),
// and otherwise runs it. A run that did not do every step also returns the
// report in words as an error (Report.failure).
func (p *plan) carryOut(ctx context.Context) (*Report, error) {
	outcomes := make([]StepOutcome, len(p.steps))
	for i, s := range p.steps {
		outcomes[i] = StepOutcome{Step: s, Status: StepPlanned}
	}
	if pingone.IsDryRun(ctx) {
		return p.report(outcomes, true), nil
	}
	progress := progressOf(ctx)
	total, finished := len(p.steps), 0
	var mu sync.Mutex
	progress(0, total, p.name+": starting")
	phases := map[int][]int{}
	var order []int
	for i, s := range p.steps {
		if _, seen := phases[s.phase]; !seen {
			order = append(order, s.phase)
		}
		phases[s.phase] = append(phases[s.phase], i)
	}
	sort.Ints(order)
	stopped := false
	for _, ph := range order {
		if stopped {
			break
		}
		sem := make(chan struct{}, workflowConcurrency)
		var wg sync.WaitGroup
		for _, i := range phases[ph] {
			if ctx.Err() != nil {
				break
			}
			sem <- struct{}{}
			wg.Add(1)
			go func(i int) {
				defer func() { <-sem; wg.Done() }()
				if ctx.Err() != nil {
					return
				}
				err := p.steps[i].run(ctx)
				mu.Lock()
				defer mu.Unlock()
				outcomes[i].Status, outcomes[i].Error = stepStatus(err)
				if err != nil {
					outcomes[i].kind = classify("", err).Kind
				}
				finished++
				progress(finished, total, p.steps[i].Action+" "+p.steps[i].Kind+" "+cmp.Or(p.steps[i].Name, p.steps[i].ID))
			}(i)
		}
		wg.Wait()
		for _, i := range phases[ph] {
			// A later phase assumes this one is done (a user is deleted only
			// once nothing else failed).
			if outcomes[i].Status != StepDone {
				stopped = true
			}
		}
	}
	for i := range outcomes {
		if outcomes[i].Status == StepPlanned {
			outcomes[i].Status = StepNotDone
		}
	}
	r := p.report(outcomes, false)
	if ctx.Err() != nil {
		r.Notes = append(r.Notes, "the call was cancelled part way: the steps not done were not sent; run the workflow again to finish them (its plan holds only what is left)")
	} else if stopped && !r.Complete {
		r.Notes = append(r.Notes, "a step failed, so the later phases were not started; run the workflow again once the cause is fixed (its plan holds only what is left)")
	} else if !r.Complete {
		r.Notes = append(r.Notes, "run the workflow again to finish: its plan holds only what is left")
	}
	return r, r.failure(outcomes)
}

// stepStatus reads a step's error: a lost answer to a write is unknown, never
// a plain failure; a 404 for a removal means it is gone, which is done.
//
// The client settles a lost answer by reading back: an *OutcomeUnknownError
// is a write no read could settle (unknown, even when the answer was lost
// to the call's cancellation), a *NotAppliedError one a read showed was not
// applied (failed: trying again is safe).
func stepStatus(err error) (status, msg string) {
	if err == nil {
		return StepDone, ""
	}
	te := classify("", err)
	var na *pingone.NotAppliedError
	switch {
	case pingone.IsOutcomeUnknown(err):
		return StepUnknown, cutMessage(te.Message) + " (a rerun's plan shows whether it was applied)"
	case errors.As(err, &na):
		return StepFailed, cutMessage(te.Message)
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return StepNotDone, "cancelled"
	}
	var pe *pingone.Error
	if te.Kind == KindNetwork || (errors.As(err, &pe) && pe.StatusCode >= 500) {
		// The request went out and no answer says what became of it.
		return StepUnknown, cutMessage(te.Message) + " (the write may have been applied: a rerun's plan shows whether it was)"
	}
	return StepFailed, cutMessage(te.Message)
}

func (p *plan) report(outcomes []StepOutcome, dry bool) *Report {
	r := &Report{Workflow: p.name, DryRun: dry, Planned: map[string]int{}, Notes: p.notes, Steps: []StepOutcome{}, Result: p.result}
	for _, o := range outcomes {
		r.Planned[o.Action]++
		switch o.Status {
		case StepDone:
			r.Done++
		case StepFailed:
			r.Failed++
		case StepNotDone:
			r.NotDone++
		case StepUnknown:
			r.Unknown++
		}
	}
	r.Complete = !dry && r.Done == len(outcomes)
	// The steps a person must look at first.
	rank := map[string]int{StepFailed: 0, StepUnknown: 1, StepNotDone: 2, StepPlanned: 3, StepDone: 4}
	sorted := append([]StepOutcome(nil), outcomes...)
	sort.SliceStable(sorted, func(i, j int) bool { return rank[sorted[i].Status] < rank[sorted[j].Status] })
	if len(sorted) > maxReportSteps {
		r.More = len(sorted) - maxReportSteps
		sorted = sorted[:maxReportSteps]
	}
	r.Steps = append(r.Steps, sorted...)
	return r
}

// failure is nil for a dry run or a run that did every step; otherwise an
// error whose message is the report in words: what was done, what failed
// (and why), what may have been applied, what was not done, and that a
// rerun finishes it. The tool's result is then this error, so that a script
// sees a failure and a model reads exactly what happened.
func (r *Report) failure(outcomes []StepOutcome) error {
	if r.DryRun || r.Complete {
		return nil
	}
	total := r.Done + r.Failed + r.NotDone + r.Unknown
	var b strings.Builder
	fmt.Fprintf(&b, "did not finish: done %d of %d", r.Done, total)
	kind := KindInternal
	var failed, unknown []string
	notDone := map[string]int{}
	for _, o := range outcomes {
		what := o.Action + " " + cmp.Or(o.Name, o.ID)
		switch o.Status {
		case StepFailed:
			if len(failed) == 0 {
				kind = o.kind
			}
			failed = append(failed, what+" ("+o.Kind+" "+o.ID+"): "+o.Error)
		case StepUnknown:
			if len(failed) == 0 {
				kind = KindOutcomeUnknown
			}
			unknown = append(unknown, what+" ("+o.Kind+" "+o.ID+")")
		case StepNotDone:
			notDone[o.Action]++
		}
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, "; FAILED %d: %s", len(failed), strings.Join(first(failed, 5), "; "))
	}
	if len(unknown) > 0 {
		fmt.Fprintf(&b, "; sent but unanswered, so they MAY HAVE BEEN APPLIED, %d: %s", len(unknown), strings.Join(first(unknown, 5), "; "))
	}
	if r.NotDone > 0 {
		var parts []string
		for a, n := range notDone {
			parts = append(parts, fmt.Sprintf("%s ×%d", a, n))
		}
		sort.Strings(parts)
		fmt.Fprintf(&b, "; NOT done (never sent) %d: %s", r.NotDone, strings.Join(parts, ", "))
	}
	for _, n := range r.Notes {
		b.WriteString(". " + n)
	}
	b.WriteString(".")
	return &Error{Kind: kind, Tool: r.Workflow, Message: b.String(), Report: r}
}

func first(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(list[:n:n], fmt.Sprintf("and %d more", len(list)-n))
}

// summary is the plan's counts in words, for a confirmation prompt:
// "disable user 1, remove from group 3".
func (r *Report) summary() string {
	if len(r.Planned) == 0 {
		return "nothing to change"
	}
	var parts []string
	for action, n := range r.Planned {
		parts = append(parts, fmt.Sprintf("%s ×%d", action, n))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Progress receives a long call's progress: done of total steps, and what
// was just done. It may be called from several goroutines, one at a time.
type Progress func(done, total int, message string)

type progressKey struct{}

// WithProgress returns a context in which workflows report their progress
// to p (an MCP front end sends notifications, the CLI draws a bar).
func WithProgress(ctx context.Context, p Progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

func progressOf(ctx context.Context) Progress {
	if p, ok := ctx.Value(progressKey{}).(Progress); ok && p != nil {
		return p
	}
	return func(int, int, string) {}
}
