package pause

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	if err := For(context.Background(), time.Millisecond); err != nil {
		t.Fatalf("a live context: %v", err)
	}
	if err := For(context.Background(), 0); err != nil {
		t.Fatalf("no wait: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := For(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Fatalf("an ended context, an hour: %v", err)
	}
	if err := For(ctx, -time.Second); !errors.Is(err, context.Canceled) {
		t.Fatalf("an ended context, no wait: %v", err)
	}
}
