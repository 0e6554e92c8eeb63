package main

import (
	"fmt"

	usecase "cronica/commands"
	"cronica/domain"
	"cronica/domain/audit"
	"cronica/domain/auditaccess"
	"cronica/domain/chat"
	"cronica/domain/employment"
	"cronica/domain/identity"
	"cronica/domain/notification"
	"cronica/domain/project"
	"cronica/domain/report"
	"cronica/domain/retention"
	"cronica/domain/task"
	"cronica/domain/timesheet"
	"cronica/domain/workcalendar"
)

// eventTypes are every context's event types, the one list Cronica
// decodes the log by: the commands' codec is built from it (newCodec), and
// anything else in cmd that decodes events should take it from here.
func eventTypes() []map[string]domain.EventFactory {
	return []map[string]domain.EventFactory{identity.EventTypes(), project.EventTypes(), employment.EventTypes(), employment.ClaimEventTypes(),
		timesheet.EventTypes(), workcalendar.EventTypes(), report.EventTypes(), notification.EventTypes(), auditaccess.EventTypes(),
		retention.EventTypes(), audit.EventTypes(), task.EventTypes(), chat.EventTypes()}
}

// newCodec is the commands' codec over eventTypes().
func newCodec() (*usecase.Codec, error) {
	c, err := usecase.NewCodec(eventTypes()...)
	if err != nil {
		return nil, fmt.Errorf("codec: %w", err)
	}
	return c, nil
}
