package harness

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestCheckTagsAcceptsGodogsSyntaxOnly(t *testing.T) {
	for _, ok := range []string{"", "@R18", "@R18 && ~@slow", "@R11,@R13", "~@negative"} {
		require.NoError(t, checkTags(ok), ok)
	}
	for _, bad := range []string{"@R18 &&", "@R18 || @R19", "(@R18)", "R18", "not @slow", "@R18,"} {
		require.Error(t, checkTags(bad), bad)
	}
}
