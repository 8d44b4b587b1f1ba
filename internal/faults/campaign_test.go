package faults_test

import (
	"flag"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/p1kit/p1kit/internal/faults"
	"github.com/p1kit/p1kit/pingone/pingonetest"
)

var (
	calls = flag.Int("calls", 400, "tool calls the campaign makes (make faults: 10000)")
	seed  = flag.Uint64("seed", 13, "seed of the calls and the faults")
	rate  = flag.Float64("rate", 0.2, "share of requests faulted")
)

func TestFaultCampaign(t *testing.T) {
	t.Parallel()
	f, err := faults.Run(t.Context(), faults.Config{Calls: *calls, Seed: *seed, Rate: *rate})
	require.NoError(t, err)
	t.Logf("fault campaign, seed %d, rate %.2f:\n%s", *seed, *rate, f)
	for _, line := range f.Failures {
		t.Log(line)
	}

	assert.Equal(t, *calls, f.Calls)
	assert.Zero(t, f.Duplicates, "no create is applied twice")
	assert.Zero(t, f.Misreported, "no write applied is reported as a plain failure")
	assert.Zero(t, f.FalseDone, "no write reported done was left unapplied")
	assert.GreaterOrEqual(t, f.ReadsOKRate(), 0.99, "reads succeed past the faults")

	// The campaign is one: every kind of fault was injected, and writes
	// whose answer was lost after they were applied were among the calls.
	for _, k := range pingonetest.FaultKinds() {
		assert.Positive(t, f.Faults[k], "faults of kind %s", k)
	}
	assert.Positive(t, f.Writes)
	assert.Positive(t, f.Reads)
	assert.Equal(t, f.Writes, f.Done+f.NotDone+f.Unknown)
	assert.LessOrEqual(t, f.Unknown, f.Writes/10, "most lost answers are settled by a read-back")
}
