package seal

// RootOfLeaves is the Merkle root over leaf hashes already computed
// (LeafHash of each head, in Sort order): Root without hashing the heads
// again, for callers that keep the leaves of a large set and change a few
// between two roots.
func RootOfLeaves(leaves []Hash) Hash { return rootOf(leaves) }
