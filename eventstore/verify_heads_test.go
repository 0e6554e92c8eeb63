package eventstore

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestChainVerifierListsItsHeads(t *testing.T) {
	v := NewChainVerifier()
	want := map[string]uint64{}
	for s, n := range []int{3, 1, 2} {
		stream := StreamID("timesheet", uuid.NewSHA1(uuid.NameSpaceOID, []byte{byte(s)}))
		prev := Hash{}
		for version := uint64(0); version < uint64(n); version++ {
			e := RecordedEvent{StreamID: stream, Version: version, ID: uuid.Must(uuid.NewV7()), Type: "TimeEntryRecorded.v1",
				Data: json.RawMessage(`{}`), Metadata: Metadata{RecordedAt: time.Unix(1700000000, 0)}, PrevHash: prev}
			meta, _ := EncodeMetadata(e.Metadata)
			e.Hash = ChainHash(prev, version, ContentDigest(stream, e.ID, e.Type, e.Data, meta))
			prev = e.Hash
			if err := v.Check(e); err != nil {
				t.Fatal(err)
			}
		}
		want[stream] = uint64(n - 1)
	}
	got := map[string]uint64{}
	v.EachHead(func(stream string, version uint64, hash Hash) {
		if _, h, _ := v.Head(stream); h != hash {
			t.Errorf("%s: EachHead's hash %s, Head's %s", stream, hash, h)
		}
		got[stream] = version
	})
	if len(got) != len(want) {
		t.Fatalf("EachHead listed %v, want %v", got, want)
	}
	for s, version := range want {
		if got[s] != version {
			t.Errorf("%s at version %d, want %d", s, got[s], version)
		}
	}
}
