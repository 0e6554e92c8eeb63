package eventstore

import "crypto/sha256"

// Fingerprint identifies what a request asks for, so a reused idempotency key
// can be told apart from a retry. It covers the stream, the expected-version
// form and each event's type and compact data, but not event ids, metadata or
// time: a retried command may mint new event ids and still be the same
// request. data must already be compact (CompactData).
func Fingerprint(stream string, expected ExpectedVersion, types []string, data [][]byte) Hash {
	h := sha256.New()
	h.Write([]byte("cronica.request.v1\x00"))
	writeField(h, []byte(stream))
	writeField(h, []byte(expected.String()))
	for i := range types {
		writeField(h, []byte(types[i]))
		writeField(h, data[i])
	}
	var out Hash
	h.Sum(out[:0])
	return out
}
