// Package seal holds the Merkle tree of the log's seals: a seal commits to
// the head (stream, version, hash) of every stream at one log position with
// one 32-byte root, and an inclusion proof shows that one stream's head is
// among them without the others.
//
// The tree is RFC 6962's (Certificate Transparency) Merkle Tree Hash with
// its own leaf encoding: leaves sorted by stream id, a leaf hashed as
// SHA-256(0x00 ‖ "cronica.seal.leaf.v1" ‖ uint64_be(len(stream)) ‖ stream ‖
// uint64_be(version) ‖ hash), an interior node as SHA-256(0x01 ‖ left ‖
// right), the split at the largest power of two below the leaf count, and
// the empty tree as SHA-256 of nothing. The bundle README repeats this so an
// auditor can check a proof with any SHA-256 tool.
//
// It must not read or write the log: callers gather the heads.
package seal
