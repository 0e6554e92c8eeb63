// Package apierr is where every error of Cronica's HTTP API becomes an
// answer: one function (Write) maps an error to a status, a stable code and
// the one body shape {"error":{"code","message","details"}}, with the
// message in the request's language (Romanian or English, from
// Accept-Language). Handlers never choose status codes themselves.
//
// It knows the errors of the core (domain, eventstore, commands) and any
// error that carries its own answer (Problem, or a type with a Problem
// method). It holds no state.
package apierr
