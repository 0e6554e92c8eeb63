package writeapi

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"cronica/commands"
	"cronica/domain/notification"
)

// The Notifications routes of the signed-in caller: marking its own
// notifications read and saving its own settings. There is no path
// parameter: nobody acts on another account's inbox (the commands check
// the actor is the account).

type markReadRequest struct {
	IDs []string `json:"ids"`
	All bool     `json:"all"`
}

// markNotificationsRead is POST /api/v1/me/notifications/read: the ids
// given, or all (every notification made before this mark).
func (a *api) markNotificationsRead(c *gin.Context) {
	var req markReadRequest
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Notifications.MarkNotificationsRead.Handle(c.Request.Context(), a.meta(c, p),
		commands.MarkNotificationsRead{AccountID: p.AccountID, IDs: req.IDs, All: req.All})
	a.answer(c, http.StatusOK, res, err)
}

// changeNotificationPreferences is PUT /api/v1/me/notification-preferences:
// the whole settings (language, time_zone, quiet_hours, channels per kind;
// a kind left out takes its defaults).
func (a *api) changeNotificationPreferences(c *gin.Context) {
	var req notification.Settings
	if err := bind(c, &req, false); err != nil {
		a.fail(c, err)
		return
	}
	p, _ := principal(c)
	res, err := a.Notifications.ChangeNotificationPreferences.Handle(c.Request.Context(), a.meta(c, p),
		commands.ChangeNotificationPreferences{AccountID: p.AccountID, Settings: req})
	a.answer(c, http.StatusOK, res, err)
}
