// Package authhttp is the gin middleware that turns a request's credentials
// into an auth.Caller: the session cookie (with its CSRF check on
// state-changing requests) or an API token in "Authorization: Bearer
// cra_...". Its refusals go out through apierr.Abort, in the API's one
// error body, in English or Romanian.
//
// It lives apart from package auth so that auth never imports apierr:
// apierr may come to know the errors of commands, and commands use auth, so
// that import would close a cycle. It decides who a request comes from,
// never what that caller may do: authorisation belongs to the commands and
// the read API.
package authhttp
