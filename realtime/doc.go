// Package realtime is the websocket hub (melody). After a read model has
// committed a change, it pushes that change to the sessions whose user may
// read it.
//
// It must not push before the read model committed, nor send anything a user
// could not fetch through readapi, and it never writes. It is empty until the
// live-update issue lands.
package realtime
