package rules

// Claim is one thing the source guide asserts — in its prose, a table cell, a code comment, a
// checklist or a version row — with what the corpus found of it.
type Claim struct {
	// ID is stable: C001 onwards, in the order the claims first appear in the guide.
	ID string
	// Section is the part of the guide the claim comes from; Lines are the guide's lines that
	// make it (source-guide.txt), the first where it first appears.
	Section, Lines string
	// Statement says the claim in one line, as the guide means it, in the project's words.
	Statement string
	// Rules are the IDs of the catalogue's rules the claim bears on.
	Rules   []string
	Verdict Verdict
	// Evidence are the scenarios that show the verdict: what the guide says (confirmed), what
	// it says with a correction (refined), or the truth (refuted). None for the other verdicts.
	Evidence []Evidence
	// Note says the correction (refined), the truth (refuted), or why no scenario can show the
	// claim here (not executable).
	Note string
}

// Verdict is what the corpus found of a claim.
type Verdict string

// The verdicts, in the order the summary page groups them.
const (
	// Confirmed: a scenario shows the claim as the guide states it.
	Confirmed Verdict = "confirmed"
	// Refined: a scenario shows the claim holds with a correction or a condition.
	Refined Verdict = "refined"
	// Refuted: a scenario shows the claim is wrong, and what is true instead.
	Refuted Verdict = "refuted"
	// NotExecutable: the claim is stated, and nothing on this machine can run it (a runtime
	// that is not installed, a fact about a project's history or its community, advice about
	// tools).
	NotExecutable Verdict = "stated, not executable here"
)

// Verdicts lists every verdict, in the order the summary page groups them.
func Verdicts() []Verdict { return []Verdict{Refuted, Refined, Confirmed, NotExecutable} }

// NeedsEvidence reports whether a claim with this verdict must cite scenarios.
func (v Verdict) NeedsEvidence() bool { return v == Confirmed || v == Refined || v == Refuted }

// Evidence is a scenario that shows a claim's verdict, and the figure it measures, if any.
type Evidence struct {
	// Feature is the feature file's path under features/; Scenario is the exact name of a
	// scenario or scenario outline in it.
	Feature, Scenario string
	// Figure names a figure the scenario records (reports/figures.json), or the part of its
	// name a step's source spells where the step composes the rest (the program's key of a
	// polyglot figure, the start of a name that ends with what was compared). Empty when the
	// scenario shows its verdict without measuring.
	Figure string
}

// The parts of the source guide, in its order, that claims come from.
const (
	GuideKeyFacts     = "Key facts"
	GuideModels       = "Quick reference: models"
	GuidePrimitives   = "Quick reference: primitives"
	GuideDecisionTree = "Decision tree"
	GuideSteps        = "Step by step"
	GuideExamples     = "Code examples"
	GuideAntiPatterns = "Anti-patterns"
	GuidePitfalls     = "Pitfalls and gotchas"
	GuideVersions     = "Version history"
	GuideWhenToUse    = "When (not) to use it"
)

// see cites a scenario that shows a claim without measuring.
func see(feature, scenario string) Evidence { return Evidence{Feature: feature, Scenario: scenario} }

// measured cites a scenario and the figure it records.
func measured(feature, scenario, figure string) Evidence {
	return Evidence{Feature: feature, Scenario: scenario, Figure: figure}
}

// ids is a claim's list of rule IDs.
func ids(rules ...string) []string { return rules }

// cites is a claim's list of evidence.
func cites(evidence ...Evidence) []Evidence { return evidence }
