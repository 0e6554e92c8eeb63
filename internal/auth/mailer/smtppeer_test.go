package mailer_test

import (
	"crypto/tls"
	"encoding/base64"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// smtpPeer is a tiny SMTP server for the tests: EHLO, STARTTLS, AUTH
// PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It is a test peer speaking the
// protocol on a real socket, not a stand-in for a product.
type smtpPeer struct {
	addr string

	tls      *tls.Config // offer STARTTLS with it (nil: do not)
	implicit bool        // speak TLS from the first byte instead
	user, pw string      // require AUTH PLAIN with these ("": no AUTH)
	rejectTo string      // answer RCPT for this address 550
	silent   bool        // accept connections and never answer

	mu    sync.Mutex
	got   []delivery
	conns int
}

// delivery is one message the peer accepted.
type delivery struct {
	from   string
	to     []string
	data   []byte // as received, dot-unstuffed, LF line ends
	tls    bool
	authed bool
}

func startPeer(t *testing.T, p *smtpPeer) *smtpPeer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	p.addr = ln.Addr().String()
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			p.mu.Lock()
			p.conns++
			p.mu.Unlock()
			wg.Go(func() { p.serve(conn) })
		}
	})
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return p
}

func (p *smtpPeer) port(t *testing.T) int {
	t.Helper()
	_, port, err := net.SplitHostPort(p.addr)
	if err != nil {
		t.Fatalf("peer address: %v", err)
	}
	n, err := strconv.Atoi(port)
	if err != nil {
		t.Fatalf("peer port: %v", err)
	}
	return n
}

func (p *smtpPeer) deliveries() []delivery {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]delivery(nil), p.got...)
}

func (p *smtpPeer) serve(conn net.Conn) {
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if p.silent {
		buf := make([]byte, 1)
		_, _ = conn.Read(buf) // until the client gives up
		return
	}
	inTLS := false
	if p.implicit {
		tc := tls.Server(conn, p.tls)
		if tc.Handshake() != nil {
			return
		}
		conn, inTLS = tc, true
	}
	tp := textproto.NewConn(conn)
	var (
		d      delivery
		authed bool
	)
	reply := func(format string, args ...any) bool { return tp.PrintfLine(format, args...) == nil }
	if !reply("220 peer.test ESMTP ready") {
		return
	}
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		ok := true
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			lines := []string{"peer.test greets you", "8BITMIME"}
			if p.tls != nil && !inTLS {
				lines = append(lines, "STARTTLS")
			}
			if p.user != "" {
				lines = append(lines, "AUTH PLAIN")
			}
			for i, l := range lines {
				sep := "-"
				if i == len(lines)-1 {
					sep = " "
				}
				ok = ok && reply("250%s%s", sep, l)
			}
		case "STARTTLS":
			if p.tls == nil || inTLS {
				ok = reply("502 not now")
				break
			}
			if !reply("220 go ahead") {
				return
			}
			tc := tls.Server(conn, p.tls)
			if tc.Handshake() != nil {
				return
			}
			conn, inTLS, tp = tc, true, textproto.NewConn(tc)
		case "AUTH":
			mech, resp, _ := strings.Cut(arg, " ")
			raw, _ := base64.StdEncoding.DecodeString(resp)
			if strings.EqualFold(mech, "PLAIN") && p.user != "" && string(raw) == "\x00"+p.user+"\x00"+p.pw {
				authed = true
				ok = reply("235 2.7.0 authenticated")
			} else {
				ok = reply("535 5.7.8 bad credentials")
			}
		case "MAIL":
			if p.user != "" && !authed {
				ok = reply("530 5.7.0 authentication required")
				break
			}
			d = delivery{from: arg}
			ok = reply("250 2.1.0 ok")
		case "RCPT":
			if p.rejectTo != "" && strings.Contains(arg, p.rejectTo) {
				ok = reply("550 5.1.1 no such user")
				break
			}
			d.to = append(d.to, arg)
			ok = reply("250 2.1.5 ok")
		case "DATA":
			if !reply("354 go on") {
				return
			}
			data, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			d.data, d.tls, d.authed = data, inTLS, authed
			p.mu.Lock()
			p.got = append(p.got, d)
			p.mu.Unlock()
			ok = reply("250 2.0.0 queued")
		case "RSET", "NOOP":
			ok = reply("250 ok")
		case "QUIT":
			reply("221 bye")
			return
		default:
			ok = reply("502 unknown command")
		}
		if !ok {
			return
		}
	}
}
