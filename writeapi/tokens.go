package writeapi

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/internal/auth"
)

type issueTokenRequest struct {
	Name      string     `json:"name"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// tokenIssued is the answer of POST /api/v1/account/tokens: the only time
// the token itself is shown.
type tokenIssued struct {
	writeResult
	TokenID   string    `json:"token_id"`
	Token     string    `json:"token"`
	Name      string    `json:"name"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
}

// issueAPIToken is POST /api/v1/account/tokens: a new API token of the
// caller's account, for "Authorization: Bearer cra_...". Only its hash is
// recorded.
func (a *api) issueAPIToken(c *gin.Context) {
	var req issueTokenRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	plain, hash, err := auth.NewToken(auth.PrefixAPIToken, a.Rand)
	if err != nil {
		a.fail(c, err)
		return
	}
	cmd := commands.IssueAPIToken{AccountID: p.AccountID, Name: req.Name, TokenHash: hex.EncodeToString(hash[:])}
	if req.ExpiresAt != nil {
		cmd.ExpiresAt = req.ExpiresAt.UTC()
	}
	res, err := a.Commands.IssueAPIToken.Handle(c.Request.Context(), a.meta(c, p), cmd)
	if err != nil {
		a.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header(PositionHeader, strconv.FormatUint(uint64(res.Position), 10))
	c.JSON(http.StatusCreated, tokenIssued{writeResult: resultOf(res.Result), TokenID: res.TokenID, Token: plain,
		Name: strings.TrimSpace(req.Name), ExpiresAt: cmd.ExpiresAt})
}

// revokeAPIToken is DELETE /api/v1/account/tokens/:token_id: one of the
// caller's own tokens stops working.
func (a *api) revokeAPIToken(c *gin.Context) {
	p, _ := principal(c)
	res, err := a.Commands.RevokeAPIToken.Handle(c.Request.Context(), a.meta(c, p),
		commands.RevokeAPIToken{AccountID: p.AccountID, TokenID: c.Param("token_id")})
	if err != nil {
		a.fail(c, err)
		return
	}
	a.written(c, http.StatusOK, res)
}
