package rules

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
)

// claimID is what a claim's ID looks like.
var claimID = regexp.MustCompile(`^C\d{3}$`)

// ClaimProblems lists what a claim catalogue lacks against a corpus, one line each: a claim
// without an ID in order, a section, lines, a statement or a rule of the catalogue; a claim
// without a verdict; a confirmed, refined or refuted claim that cites no scenario, or a refined
// or refuted one that does not say the correction; a claim stated but not executable that
// gives no reason, or cites a scenario all the same; and every piece of evidence that does not
// exist: a feature file features does not have, a scenario not in it by that exact name, a
// figure whose name neither the feature file nor the sources of the steps that run it spell.
// None means every claim has its verdict and its evidence.
func ClaimProblems(claims []Claim, features fs.FS, steps StepSources) ([]string, error) {
	byFeature, err := scenarioNames(features)
	if err != nil {
		return nil, err
	}
	var problems []string
	for i, c := range claims {
		say := func(format string, args ...any) {
			problems = append(problems, c.ID+": "+fmt.Sprintf(format, args...))
		}
		switch {
		case !claimID.MatchString(c.ID):
			say("the ID is not C and three digits")
		case i > 0 && claims[i-1].ID >= c.ID:
			say("comes after %s: the IDs run in increasing order, each once", claims[i-1].ID)
		}
		if c.Section == "" || c.Lines == "" || c.Statement == "" {
			say("has no section, lines or statement: say where in the guide it is and what it claims")
		}
		if len(c.Rules) == 0 {
			say("names no rule of the catalogue")
		}
		for _, r := range c.Rules {
			if _, ok := Lookup(r); !ok {
				say("names %s, which is not in the rule catalogue", r)
			}
		}
		switch {
		case !slices.Contains(Verdicts(), c.Verdict):
			say("has no verdict (%q): it must be one of %s", c.Verdict, verdictList())
		case c.Verdict.NeedsEvidence() && len(c.Evidence) == 0:
			say("is %s and cites no scenario: name the feature file and the scenario that shows it", c.Verdict)
		case (c.Verdict == Refined || c.Verdict == Refuted) && c.Note == "":
			say("is %s and does not say what is true instead", c.Verdict)
		case !c.Verdict.NeedsEvidence() && c.Note == "":
			say("is %s and gives no reason", c.Verdict)
		case !c.Verdict.NeedsEvidence() && len(c.Evidence) > 0:
			say("is %s and cites %d scenarios: a scenario that shows it makes it confirmed, refined or refuted", c.Verdict, len(c.Evidence))
		}
		for _, e := range c.Evidence {
			names, ok := byFeature[e.Feature]
			switch {
			case !ok:
				say("cites features/%s, which does not exist", e.Feature)
				continue
			case !slices.Contains(names.scenarios, e.Scenario):
				say("cites the scenario %q, which features/%s does not have", e.Scenario, e.Feature)
			}
			if e.Figure != "" && !strings.Contains(names.text, e.Figure) && !strings.Contains(steps[e.Feature], e.Figure) {
				say("cites the figure %q, which neither features/%s nor the sources of its steps record", e.Figure, e.Feature)
			}
		}
	}
	return problems, nil
}

func verdictList() string {
	var names []string
	for _, v := range Verdicts() {
		names = append(names, string(v))
	}
	return strings.Join(names, ", ")
}

// featureNames is a feature file's text and the names of its scenarios and scenario outlines.
type featureNames struct {
	text      string
	scenarios []string
}

func scenarioNames(features fs.FS) (map[string]featureNames, error) {
	all, err := Scenarios(features)
	if err != nil {
		return nil, err
	}
	byFeature := map[string]featureNames{}
	for _, s := range all {
		f, ok := byFeature[s.URI]
		if !ok {
			data, err := fs.ReadFile(features, s.URI)
			if err != nil {
				return nil, err
			}
			f.text = string(data)
		}
		f.scenarios = append(f.scenarios, s.Name)
		byFeature[s.URI] = f
	}
	return byFeature, nil
}

// StepSources are, by feature file, the Go sources (tests left out) of the step packages that
// run its scenarios: where a figure a claim cites must be spelled, if the feature does not.
type StepSources map[string]string

// GoSources reads the Go sources of the directories in fsys, tests left out, as one text.
func GoSources(fsys fs.FS, dirs ...string) (string, error) {
	var all strings.Builder
	for _, dir := range dirs {
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return "", err
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			data, err := fs.ReadFile(fsys, path.Join(dir, name))
			if err != nil {
				return "", err
			}
			all.Write(data)
		}
	}
	return all.String(), nil
}

// ErrataSummary is the README's summary of the claim catalogue, between its markers: the count
// of claims by verdict, each refuted claim with the truth, and the IDs of the others but the
// confirmed.
func ErrataSummary() string {
	byVerdict := map[Verdict][]Claim{}
	for _, c := range Claims() {
		byVerdict[c.Verdict] = append(byVerdict[c.Verdict], c)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%d claims: %d confirmed, %d refined, %d refuted, %d stated but not executable here.\n\n",
		len(Claims()), len(byVerdict[Confirmed]), len(byVerdict[Refined]), len(byVerdict[Refuted]), len(byVerdict[NotExecutable]))
	for _, c := range byVerdict[Refuted] {
		fmt.Fprintf(&b, "- Refuted, %s: \"%s\" In truth, %s\n", c.ID, c.Statement, c.Note)
	}
	for _, v := range []Verdict{Refined, NotExecutable} {
		var list []string
		for _, c := range byVerdict[v] {
			list = append(list, c.ID)
		}
		if len(list) > 0 {
			fmt.Fprintf(&b, "- %s: %s.\n", strings.ToUpper(string(v[:1]))+string(v[1:]), strings.Join(list, ", "))
		}
	}
	return b.String()
}
