package harness

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/require"
)

func TestConfigFromEnvReadsEveryVariable(t *testing.T) {
	t.Setenv(EnvSeed, "42")
	t.Setenv(EnvTags, "@R18 && ~@slow")
	t.Setenv(EnvHangBound, "5s")
	t.Setenv(EnvReports, "out")
	cfg, err := ConfigFromEnv()
	require.NoError(t, err)
	require.Equal(t, Config{Seed: 42, Tags: "@R18 && ~@slow", HangBound: 5 * time.Second, ReportsDir: "out"}, cfg)
}

func TestConfigFromEnvRejectsMalformedValues(t *testing.T) {
	for env, value := range map[string]string{EnvSeed: "tomorrow", EnvHangBound: "-1s"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, value)
			_, err := ConfigFromEnv()
			require.ErrorContains(t, err, env)
		})
	}
}

func TestDefaultHangBoundAppliesWhenUnset(t *testing.T) {
	require.Equal(t, DefaultHangBound, Config{}.hangBound())
	require.Equal(t, time.Second, Config{HangBound: time.Second}.hangBound())
}

func TestFeaturePathsAreShuffledReplayably(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		fsys["dir/"+name+".feature"] = &fstest.MapFile{}
	}
	fsys["dir/notes.txt"] = &fstest.MapFile{}
	paths, err := featurePaths(fsys)
	require.NoError(t, err)
	require.Len(t, paths, 8)

	first, second, other := clone(paths), clone(paths), clone(paths)
	shuffle(first, 7)
	shuffle(second, 7)
	shuffle(other, 8)
	require.Equal(t, first, second, "the same seed must replay the same order")
	require.NotEqual(t, first, other, "another seed should give another order")
	require.ElementsMatch(t, paths, first)
}

func clone(s []string) []string { return append([]string(nil), s...) }
