package commands

// Chat holds every Chat use case (channels, their members, messages,
// reactions, read markers), built from one Env, so that cmd/cronica wires
// one value and the routes receive it.
type Chat struct {
	CreateChannel       CreateChannelHandler
	RenameChannel       RenameChannelHandler
	AddChannelMember    AddChannelMemberHandler
	RemoveChannelMember RemoveChannelMemberHandler
	ArchiveChannel      ArchiveChannelHandler
	PostMessage         PostMessageHandler
	EditMessage         EditMessageHandler
	DeleteMessage       DeleteMessageHandler
	AddReaction         AddReactionHandler
	RemoveReaction      RemoveReactionHandler
	MarkChannelRead     MarkChannelReadHandler
}

// NewChat builds every Chat handler over env. env's Codec must know the
// event types of identity, project and chat.
func NewChat(env Env) *Chat {
	s := chatEnv{env}
	return &Chat{
		CreateChannel:       CreateChannelHandler{s},
		RenameChannel:       RenameChannelHandler{s},
		AddChannelMember:    AddChannelMemberHandler{s},
		RemoveChannelMember: RemoveChannelMemberHandler{s},
		ArchiveChannel:      ArchiveChannelHandler{s},
		PostMessage:         PostMessageHandler{s},
		EditMessage:         EditMessageHandler{s},
		DeleteMessage:       DeleteMessageHandler{s},
		AddReaction:         AddReactionHandler{s},
		RemoveReaction:      RemoveReactionHandler{s},
		MarkChannelRead:     MarkChannelReadHandler{s},
	}
}
