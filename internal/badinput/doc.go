// Package badinput holds what p1kit must survive from the outside, and the
// runners that put it through every front end:
//
//   - Frames: lines that are not valid JSON-RPC messages, sent to an MCP
//     server on stdio (RunFrames drives a RawSession: each frame, then a
//     valid request, before and after the handshake);
//   - Cases: bad tool calls (unknown and near-miss names, arguments of the
//     wrong shape, type, range or size, bad ids, enums and cursors, deep
//     nesting, control characters), which Run puts through a front end.
//
// Run checks for every case that the front end refuses the call with the
// message the library gives (tools.Toolkit.Call is the reference), that the
// message names what to fix and holds no stack trace, that it is at most
// MaxMessageBytes long, and that no request reached the emulator (its
// request recorder). A panic anywhere fails the test.
//
// Adding a front end: write its Factory and call badinput.Run from its tests,
// as internal/policytest is used.
package badinput
