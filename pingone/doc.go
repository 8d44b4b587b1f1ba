// Package pingone is a client for the PingOne Platform API.
//
// One [Client] holds the transport concerns — base URLs per region, an
// oauth2.TokenSource, retries with backoff and jitter, the PingOne audit
// headers, debug logging — and typed services hang off it, one per resource
// family:
//
//	c, err := pingone.NewClient(
//		pingone.WithRegion(pingone.RegionEU),
//		pingone.WithTokenSource(ts),
//	)
//	pops, err := c.Populations.List(ctx, envID, &pingone.ListOptions{Limit: 20})
//	for u, err := range c.Users.All(ctx, envID, &pingone.ListOptions{Filter: `enabled eq false`}) { … }
//
// Every list has a page-at-a-time call returning a [Page] (items plus the
// cursor of the next page) and an iterator (iter.Seq2) that follows PingOne's
// `_links.next` lazily, so exporting a large directory runs in flat memory.
//
// # Resource families are declarations
//
// A family file declares each of its collections as a [Resource] (its path,
// the key of its items in a HAL page, the members PingOne sets itself) and
// its service embeds one generic collection type that serves it:
// [EnvCollection] below an environment, [ChildCollection] below a parent
// resource, [OrgCollection] above every environment, [Singleton] for one
// object at a fixed path. Only a family's special verbs are written by hand
// beside the declaration; a hand-written method shadows the promoted one of
// the same name (GroupsService.Get takes options, UsersService.Update is a
// PATCH and UsersService.Replace the collection's PUT). A family PingOne
// serves only in part (roles, role assignments, MFA devices) holds its
// collection unexported behind the verbs PingOne serves, so the client
// offers no call that cannot work. [Client.Resources] lists every
// declaration. In go doc the promoted List, All, Get, Create, Update and
// Delete show under the generic type, not under the service.
//
// Errors returned by the API are *[Error] values carrying the HTTP status and
// PingOne's error body; use errors.As, or the helpers [IsNotFound],
// [IsRateLimited] and [IsInvalidData]:
//
//	var perr *pingone.Error
//	if errors.As(err, &perr) && perr.Code == "INVALID_DATA" { … }
//
// Retries: GET, HEAD, PUT and DELETE are retried on 429 and 5xx (and on
// connection errors), honouring Retry-After; POST and PATCH are sent again
// blindly only on 429, where PingOne has refused the request before doing
// anything, or when no connection was made, so a retry cannot duplicate a
// write.
//
// Writes whose answer is lost (the request was sent, then the connection
// dropped, the call timed out or a 5xx came back) are settled by reading
// back: a create is looked up by its resource's unique member
// ([Resource].Unique: a user's username, a group's name), an update re-read
// and compared with what was sent, a membership read, a deletion checked
// for 404. Done, the call returns as if the answer had come; not done, the
// write is sent again while the retry policy allows, then fails with a
// *[NotAppliedError] saying a retry is safe; where no read can tell, it
// fails with an *[OutcomeUnknownError]: the write may have been applied,
// and its Read names the request that tells. A DELETE retried after a lost
// answer and answered 404 is a success.
//
//	var ou *pingone.OutcomeUnknownError
//	if errors.As(err, &ou) { /* do not repeat the write: run ou.Read first */ }
//
// Secrets: the client never logs a token, an Authorization header or a request
// body; debug logs name the method, path, status, duration and transaction id.
package pingone
