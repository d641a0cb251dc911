package harness

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestGoroutineStatesReadsEveryHeader(t *testing.T) {
	dump := "goroutine 1 [running]:\nmain.main()\n\ngoroutine 17 [chan receive, 2 minutes]:\nx()\n\ngoroutine 18 [sync.Mutex.Lock]:\ny()\n"
	require.Equal(t, map[int64]string{1: "running", 17: "chan receive", 18: "sync.Mutex.Lock"}, goroutineStates(dump))
}
