package harness

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestConformanceCellDiffersWhenAnyObservationDiffers(t *testing.T) {
	matrix := conformanceMatrix([]Observation{
		{Implementation: "gather", Rule: "R11", Verdict: Holds, Observed: "a"},
		{Implementation: "errgroup", Rule: "R11", Verdict: Holds, Observed: "b"},
		{Implementation: "gather", Rule: "R11", Verdict: Differs, Observed: "c"},
		{Implementation: "errgroup", Rule: "R09", Verdict: Holds, Observed: "d"},
	})
	require.Len(t, matrix, 3)
	require.Equal(t, []string{"errgroup/R09", "errgroup/R11", "gather/R11"},
		[]string{matrix[0].Implementation + "/" + matrix[0].Rule, matrix[1].Implementation + "/" + matrix[1].Rule, matrix[2].Implementation + "/" + matrix[2].Rule})
	require.Equal(t, Holds, matrix[1].Verdict)
	require.Equal(t, Differs, matrix[2].Verdict)
	require.Len(t, matrix[2].Observations, 2)
}
