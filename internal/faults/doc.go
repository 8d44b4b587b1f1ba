// Package faults is the fault campaign: tool calls (creates, updates,
// deletes, membership adds and reads) made through tools.Toolkit against an
// emulator that faults a share of the requests — 429s, 5xx, dropped
// connections, latency, and answers lost after the write was applied —
// drawn from a seed, so that a run can be repeated.
//
// Run holds what each write reported against what the emulator's recorder
// says it applied (the requests carrying the call's transaction id that
// the emulator served with a 2xx): a create applied twice is a duplicate; a
// write applied but reported as a plain failure is misreported; a write
// reported done but never applied is a false success. An outcome reported
// unknown is neither: it says the write may have been applied.
//
// `make test` runs a few hundred calls (TestFaultCampaign); `make faults`
// runs 10,000 and prints the figures.
package faults
