package realtime

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
)

// SameOrigin is the Origin check of the websocket endpoint for a server
// reached at publicURL: a request without an Origin header passes (it does
// not come from a web page: browsers always send Origin with a websocket
// handshake, so cross-site websocket hijacking cannot hide it); one with an
// Origin passes only when that is publicURL's origin (scheme, host and
// port, default ports implied), so no other site's page can open a socket
// with a user's cookie.
func SameOrigin(publicURL string) (func(r *http.Request) bool, error) {
	want, err := origin(publicURL)
	if err != nil {
		return nil, fmt.Errorf("realtime: public URL %q: %w", publicURL, err)
	}
	return func(r *http.Request) bool {
		values := r.Header.Values("Origin")
		if len(values) == 0 {
			return true
		}
		if len(values) != 1 {
			return false
		}
		got, err := origin(values[0])
		return err == nil && got == want
	}, nil
}

// origin is u's scheme://host:port, lowercase, with the default port
// written out.
func origin(u string) (string, error) {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return "", err
	}
	scheme := strings.ToLower(p.Scheme)
	if (scheme != "http" && scheme != "https") || p.Host == "" || p.User != nil {
		return "", fmt.Errorf("want an http or https URL with a host and no user")
	}
	host, port := strings.ToLower(p.Hostname()), p.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(host, port), nil
}
