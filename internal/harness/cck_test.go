package harness

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/concspec/concspec/internal/tooling"
	"github.com/cucumber/godog"
)

// kitFeatures is where `make tools` installs the Cucumber Compatibility Kit's samples.
var kitFeatures = filepath.Join("..", "..", "tools", "report", "node_modules", "@cucumber", "compatibility-kit", "features")

// TestCompatibilityKit runs every sample of the Cucumber Compatibility Kit that godog can
// express through the messages formatter, with Go step definitions that do what the kit's
// TypeScript ones do, and compares the messages with the kit's expected ones once what is
// legitimately the implementation's own is set aside (see normalise). Every sample of the kit
// must be in cckSamples: identical, different for the reasons written there (and for no other:
// the sample must be identical once they are set aside), or not expressible with godog.
func TestCompatibilityKit(t *testing.T) {
	entries, err := os.ReadDir(kitFeatures)
	if err != nil {
		tooling.Missing(t, "the Cucumber Compatibility Kit ("+kitFeatures+"): run `make tools`")
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	schema := loadSchema(t)
	for _, name := range names {
		sample, listed := cckSamples[name]
		t.Run(name, func(t *testing.T) {
			switch {
			case !listed:
				t.Fatalf("the kit's sample %q is in no list of cckSamples: say whether it is identical, different (why) or not expressible (why)", name)
			case sample.inexpressible != "":
				t.Skipf("not expressible with godog: %s", sample.inexpressible)
			}
			dir := filepath.Join(kitFeatures, name)
			want := normaliseNDJSON(t, readFile(t, filepath.Join(dir, name+".ndjson")))
			ours := runSample(t, dir, sample.steps)
			if _, err := schema.Validate(bytes.NewReader(ours)); err != nil {
				t.Errorf("the messages do not follow the schema:\n%v", err)
			}
			got := normaliseNDJSON(t, ours)
			diff := firstDifference(want, got)
			if len(sample.differences) == 0 {
				if diff != "" {
					t.Fatalf("listed identical, but differs from the kit:\n%s", diff)
				}
				return
			}
			if diff == "" {
				t.Fatalf("listed different (%s), but identical to the kit: list it identical", sample.why())
			}
			for _, d := range sample.differences {
				want, got = d.setAside(want), d.setAside(got)
			}
			if diff := firstDifference(want, got); diff != "" {
				t.Fatalf("differs from the kit beyond what is listed (%s):\n%s", sample.why(), diff)
			}
			t.Logf("different from the kit: %s", sample.why())
		})
	}
	for name := range cckSamples {
		if !slices.Contains(names, name) {
			t.Errorf("cckSamples lists %q, which the kit does not have", name)
		}
	}
}

// cckSample is how the formatter fares on one sample of the kit.
type cckSample struct {
	// steps registers the sample's step definitions and hooks; dir is the sample's directory.
	steps func(h *hooked, dir string)
	// differences are why the sample differs from the kit, if it does.
	differences []cckDifference
	// inexpressible says why godog cannot run the sample, if it cannot.
	inexpressible string
}

func (s cckSample) why() string {
	var reasons []string
	for _, d := range s.differences {
		reasons = append(reasons, d.reason)
	}
	return strings.Join(reasons, "; ")
}

// cckDifference is a known way the formatter's messages differ from the kit's, with what sets
// it aside.
type cckDifference struct {
	reason   string
	setAside func([]map[string]any) []map[string]any
}

// runSample runs a sample's features through the messages formatter and returns the messages.
func runSample(t *testing.T, dir string, steps func(*hooked, string)) []byte {
	t.Helper()
	features, err := filepath.Glob(filepath.Join(dir, "*.feature"))
	if err != nil || len(features) == 0 {
		t.Fatalf("no feature in %s", dir)
	}
	out := filepath.Join(t.TempDir(), "messages.ndjson")
	suite := godog.TestSuite{
		Name: filepath.Base(dir),
		ScenarioInitializer: func(sc *godog.ScenarioContext) {
			h := instrument(sc)
			if steps != nil {
				steps(h, dir)
			}
		},
		Options: &godog.Options{Paths: features, Format: messagesFormat + ":" + out, Strict: true, Concurrency: 1, NoColors: true, Output: &bytes.Buffer{}},
	}
	suite.Run()
	return readFile(t, out)
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// firstDifference describes where two normalised streams part, or is "" if they are equal.
func firstDifference(want, got []map[string]any) string {
	for i := range max(len(want), len(got)) {
		var w, g string
		if i < len(want) {
			w = marshal(want[i])
		}
		if i < len(got) {
			g = marshal(got[i])
		}
		if w != g {
			return fmt.Sprintf("message %d:\n  kit:  %s\n  ours: %s", i+1, w, g)
		}
	}
	return ""
}

func marshal(v any) string {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return string(data)
}

// cucumberExpression is the regular expression Cucumber Expressions make of expr, for the
// parameter types the kit's samples use; the rest is literal text.
func cucumberExpression(expr string) string {
	parameters := map[string]string{
		"{int}":    `((?:-?\d+)|(?:\d+))`,
		"{string}": `("([^"\\]*(\\.[^"\\]*)*)"|'([^'\\]*(\\.[^'\\]*)*)')`,
		"{word}":   `([^\s]+)`,
	}
	var b strings.Builder
	for rest := expr; rest != ""; {
		start := strings.Index(rest, "{")
		if start < 0 {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		end := strings.Index(rest[start:], "}") + start + 1
		b.WriteString(regexp.QuoteMeta(rest[:start]) + parameters[rest[start:end]])
		rest = rest[end:]
	}
	return "^" + b.String() + "$"
}

// jsError is an error whose message is the kit's own, capital letters and all.
type jsError string

func (e jsError) Error() string { return string(e) }

var errWhoops = errors.New("whoops")

// The comparison must be able to fail: the hooks sample run with a step that passes where the
// kit's fails differs from the kit.
func TestCompatibilityKitComparisonCanFail(t *testing.T) {
	dir := filepath.Join(kitFeatures, "hooks")
	if _, err := os.Stat(dir); err != nil {
		tooling.Missing(t, "the Cucumber Compatibility Kit ("+kitFeatures+"): run `make tools`")
	}
	want := normaliseNDJSON(t, readFile(t, filepath.Join(dir, "hooks.ndjson")))
	got := normaliseNDJSON(t, runSample(t, dir, func(h *hooked, _ string) {
		h.Before("", passHook)
		h.sc.Step(`^a step passes$`, pass)
		h.sc.Step(`^a step fails$`, pass)
		h.After("", passAfterHook)
	}))
	if diff := firstDifference(want, got); !strings.Contains(diff, `"status":"PASSED"`) {
		t.Fatalf("a step that passes where the kit's fails went unnoticed; the difference found: %q", diff)
	}
}

// meta.protocolVersion is the version of the messages module the project builds with.
func TestProtocolVersionIsTheMessagesModules(t *testing.T) {
	gomod := string(readFile(t, filepath.Join("..", "..", "go.mod")))
	want := regexp.MustCompile(`github.com/cucumber/messages/go/v\d+ v(\S+)`).FindStringSubmatch(gomod)
	if want == nil {
		t.Fatal("go.mod requires no github.com/cucumber/messages/go module")
	}
	if messagesProtocolVersion != want[1] {
		t.Fatalf("messagesProtocolVersion is %q, go.mod requires the messages module at %q: make them agree", messagesProtocolVersion, want[1])
	}
}
