package steps

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCountAcceptsOnlyTheStatedRange(t *testing.T) {
	n, err := count("the number of goroutines", "8", 10)
	require.NoError(t, err)
	require.Equal(t, 8, n)
	for _, bad := range []string{"-3", "0", "11", "eight"} {
		_, err := count("the number of goroutines", bad, 10)
		require.ErrorContains(t, err, "the number of goroutines must be a whole number from 1 to 10")
	}
}
