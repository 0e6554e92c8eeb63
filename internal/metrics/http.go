package metrics

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
)

// httpDurationBuckets span a fast read (1ms) to a slow report (10s).
var httpDurationBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// HTTPMiddleware registers cronica_http_request_duration_seconds on reg and
// returns the gin middleware that records it, labelled by method, route
// template (c.FullPath(), "unmatched" for requests no route matched) and
// status. Use it before the routes, so it sees every request.
func HTTPMiddleware(reg prometheus.Registerer) (gin.HandlerFunc, error) {
	duration := prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "cronica_http_request_duration_seconds",
		Help:    "Time to serve an HTTP request, by method, route template and status.",
		Buckets: httpDurationBuckets,
	}, []string{"method", "route", "status"})
	if err := reg.Register(duration); err != nil {
		return nil, fmt.Errorf("metrics: register http duration: %w", err)
	}
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		if upgraded(c) {
			return // a websocket's life is a session, not a request's duration
		}
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		duration.WithLabelValues(methodLabel(c.Request.Method), route, strconv.Itoa(c.Writer.Status())).
			Observe(time.Since(start).Seconds())
	}, nil
}

// upgraded reports whether the request became a websocket: it asked for
// the upgrade and was not answered with an error before it.
func upgraded(c *gin.Context) bool {
	status := c.Writer.Status()
	return strings.EqualFold(c.GetHeader("Upgrade"), "websocket") && (status == http.StatusOK || status == http.StatusSwitchingProtocols)
}

// methodLabel keeps the method label's values bounded: a client can send any
// method name.
func methodLabel(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "other"
}
