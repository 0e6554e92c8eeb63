package main

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/gorilla/websocket"

	"cronica/domain"
	"cronica/internal/apierr"
	"cronica/internal/auth"
	"cronica/internal/auth/authhttp"
	"cronica/realtime"
	"cronica/writeapi"
)

// The answers of GET /api/v1/ws before the upgrade.
var (
	errOriginForbidden error = &apierr.Problem{Status: http.StatusForbidden, Code: "origin_forbidden",
		Message:   "websocket connections are accepted from this server's own pages only (Origin)",
		MessageRO: "conexiunile websocket sunt acceptate doar din paginile acestui server (Origin)"}
	errWebsocketRequired error = &apierr.Problem{Status: http.StatusBadRequest, Code: "websocket_required",
		Message:   "this route takes a websocket upgrade (Connection: Upgrade, Upgrade: websocket)",
		MessageRO: "această rută acceptă doar o conexiune websocket (Connection: Upgrade, Upgrade: websocket)"}
	errRealtimeClosed error = &apierr.Problem{Status: http.StatusServiceUnavailable, Code: "shutting_down",
		Message: "the server is shutting down; connect again", MessageRO: "serverul se oprește; reconectați-vă",
		Headers: map[string]string{"Retry-After": "1"}}
)

// realtimeRoute is GET /api/v1/ws: the realtime pushes (package realtime).
// Before the upgrade, in this order: an Origin other than the public URL's
// is 403 origin_forbidden (a page of another site cannot open a socket with
// the user's cookie); a min_position the read models have not reached
// within the wait is 503 projection_lagging (so a client subscribes to
// what it has just made); no caller (session cookie or API token, authenticated
// in front of every /api/v1 route) is 401; a disabled or unknown account
// 401; a request that is not a websocket upgrade 400 websocket_required.
// With no hub wired (rt nil) the route answers 404 like an unknown one.
func realtimeRoute(rt *realtimeDeps) gin.HandlerFunc {
	return func(c *gin.Context) {
		if rt == nil {
			writeError(c, http.StatusNotFound, "not_found", "no route for GET /api/v1/ws: realtime is not enabled")
			return
		}
		if !rt.origin(c.Request) {
			apierr.Write(c, errOriginForbidden, rt.logger)
			return
		}
		if rt.await(c); c.IsAborted() {
			return
		}
		caller, ok := auth.CallerFrom(c)
		if !ok {
			authhttp.RequireCaller()(c)
			return
		}
		viewer, err := rt.viewers.Viewer(c.Request.Context(), caller.AccountID)
		switch {
		case errors.Is(err, domain.ErrNotFound), err == nil && !viewer.Principal.Active:
			apierr.Write(c, writeapi.ErrAccountDisabled, rt.logger)
			return
		case err != nil:
			apierr.Write(c, err, rt.logger)
			return
		}
		if !websocket.IsWebSocketUpgrade(c.Request) {
			apierr.Write(c, errWebsocketRequired, rt.logger)
			return
		}
		c.Abort() // the socket is the answer; nothing runs after
		err = rt.hub.Serve(c.Writer, c.Request, realtime.Client{Viewer: viewer, Credential: rt.credential(caller)})
		switch {
		case errors.Is(err, realtime.ErrClosed):
			apierr.Write(c, errRealtimeClosed, rt.logger)
		case err != nil:
			rt.logger.Debug("realtime: the websocket session did not start", "err", err)
		}
	}
}
