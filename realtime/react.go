package realtime

import (
	"context"
	"errors"
	"slices"

	"cronica/domain"
)

// ErrCredentialEnded: a session's credential is no longer valid (signed
// out, revoked, expired). Credential.Check returns an error matching it;
// any other error is a failure to check, and the session stays.
var ErrCredentialEnded = errors.New("realtime: credential ended")

// apply carries out eff on the live sessions: viewers resolved again (a
// subscription its viewer may no longer follow ends, an account gone or
// disabled closes the session), then credentials checked again (one that
// ended closes the session). It runs on the hub's goroutine, after the read
// models committed the event, so the viewers it reads include it.
func (h *Hub) apply(ctx context.Context, eff Effect) {
	refresh, recheck := h.affected(eff)
	byAccount := map[string][]*conn{}
	for _, c := range refresh {
		byAccount[c.accountID()] = append(byAccount[c.accountID()], c)
	}
	for account, conns := range byAccount {
		v, err := h.cfg.Viewers.Viewer(ctx, account)
		switch {
		case errors.Is(err, domain.ErrNotFound), err == nil && !v.Principal.Active:
			for _, c := range conns {
				c.end(ReasonAccountDisabled, CloseAccountDisabled)
			}
		case err != nil:
			if ctx.Err() != nil {
				return
			}
			h.log.Error("realtime: resolving a viewer again failed; it keeps its permissions until the next change",
				"account_id", account, "err", err)
		default:
			for _, c := range conns {
				h.setViewer(c, v)
			}
		}
	}
	h.recheck(ctx, recheck)
}

// affected is the sessions whose viewers eff refreshes, and those whose
// credentials it rechecks.
func (h *Hub) affected(eff Effect) (refresh, recheck []*conn) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.conns {
		if slices.Contains(eff.Recheck, c.accountID()) {
			recheck = append(recheck, c)
		}
		if slices.Contains(eff.Refresh, c.accountID()) || holds(c.viewer, eff.RefreshGrant, eff.RefreshOrg) {
			refresh = append(refresh, c)
		}
	}
	return refresh, recheck
}

// holds reports whether v holds grant grantID, or any grant in orgID.
func holds(v Viewer, grantID, orgID string) bool {
	for _, g := range v.Principal.Grants {
		if (grantID != "" && g.ID == grantID) || (orgID != "" && g.Scope.OrgID == orgID) {
			return true
		}
	}
	return false
}

// setViewer gives c its new viewer and ends the subscriptions it may no
// longer follow, telling the client.
func (h *Hub) setViewer(c *conn, v Viewer) {
	now := h.cfg.Now()
	h.mu.Lock()
	defer h.mu.Unlock()
	c.viewer = v
	for _, sub := range c.subs {
		if sub.route.Access.Allowed(v, now) != nil {
			h.removeLocked(sub)
			c.send(encode(controlMessage{Type: MsgUnsubscribed, Topic: sub.topic, Reason: ReasonForbidden}))
		}
	}
}

// recheck checks the credential of each session in conns and closes those
// that ended.
func (h *Hub) recheck(ctx context.Context, conns []*conn) {
	for _, c := range conns {
		if c.closing.Load() || c.credential == nil {
			continue
		}
		err := c.credential.Check(ctx)
		switch {
		case err == nil:
		case errors.Is(err, ErrCredentialEnded):
			c.end(ReasonSessionEnded, CloseSessionEnded)
		case ctx.Err() != nil:
			return
		default:
			h.log.Error("realtime: checking a session's credential failed", "account_id", c.accountID(), "err", err)
		}
	}
}
