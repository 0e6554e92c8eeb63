package eventstore

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/google/uuid"
)

// Hash is a SHA-256 digest in the per-stream hash chain.
type Hash [sha256.Size]byte

// String is the lowercase hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is the all-zero hash that precedes version 0.
func (h Hash) IsZero() bool { return h == Hash{} }

// HashFromBytes copies a 32-byte slice into a Hash.
func HashFromBytes(b []byte) (Hash, error) {
	var h Hash
	if len(b) != len(h) {
		return h, fmt.Errorf("eventstore: hash has %d bytes, want %d", len(b), len(h))
	}
	copy(h[:], b)
	return h, nil
}

// ParseHash reads the hex form written by Hash.String.
func ParseHash(s string) (Hash, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return Hash{}, fmt.Errorf("eventstore: parse hash: %w", err)
	}
	return HashFromBytes(b)
}

const digestDomain = "cronica.event.v1\x00"

// ContentDigest is SHA-256 over what an event says, independent of where it
// lands: the stream id, the event id, the type, the data and the canonical
// metadata (EncodeMetadata), each length-prefixed so no two inputs collide.
// data and metadata are hashed as stored, byte for byte.
func ContentDigest(stream string, id uuid.UUID, eventType string, data, metadata []byte) Hash {
	buf := make([]byte, 0, len(digestDomain)+len(id)+4*8+len(stream)+len(eventType)+len(data)+len(metadata))
	buf = append(buf, digestDomain...)
	buf = appendField(buf, stream)
	buf = append(buf, id[:]...)
	buf = appendField(buf, eventType)
	buf = appendField(buf, data)
	buf = appendField(buf, metadata)
	return sha256.Sum256(buf)
}

// appendField appends b with its length as a big-endian uint64 before it.
func appendField[T string | []byte](buf []byte, b T) []byte {
	buf = binary.BigEndian.AppendUint64(buf, uint64(len(b)))
	return append(buf, b...)
}

// ChainHash links an event to its predecessor in the stream:
// SHA-256(prev || uint64 big-endian version || digest). The PostgreSQL store
// computes the same inside its append transaction as
// sha256(prev || int8send(version) || digest).
func ChainHash(prev Hash, version uint64, digest Hash) Hash {
	var buf [len(Hash{}) + 8 + len(Hash{})]byte
	copy(buf[:32], prev[:])
	binary.BigEndian.PutUint64(buf[32:40], version)
	copy(buf[40:], digest[:])
	return sha256.Sum256(buf[:])
}

type byteWriter interface{ Write([]byte) (int, error) }

func writeField(w byteWriter, b []byte) {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(len(b)))
	w.Write(n[:])
	w.Write(b)
}
