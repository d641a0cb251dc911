package report

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/rules"
)

// Errata is the claim catalogue as the page shows it: every claim of the guide under its
// verdict, each with the scenarios that show it, how they fared in this run, and what they
// measured.
type Errata struct {
	Total  int
	Groups []ErrataGroup
}

// ErrataGroup is the claims of one verdict, in ID order.
type ErrataGroup struct {
	Verdict string
	// Anchor is the group's id on the page.
	Anchor string
	Claims []ClaimRow
}

// ClaimRow is one claim with its evidence as this run saw it.
type ClaimRow struct {
	rules.Claim
	Evidence []EvidenceRow
}

// EvidenceRow is a scenario a claim cites: where it is, its link in the Cucumber report, its
// status in this run, and the values of the figure the claim cites.
type EvidenceRow struct {
	rules.Evidence
	Where, Report, Status string
	Negative              bool
	Figures               []string
}

// NotInCorpus is the status of evidence whose scenario the corpus does not have.
const NotInCorpus = "not in the corpus"

// errata builds the section from the claims, the corpus's scenarios and the run's results.
func errata(claims []rules.Claim, scenarios []rules.Scenario, in Inputs) Errata {
	e := Errata{Total: len(claims)}
	for _, v := range rules.Verdicts() {
		g := ErrataGroup{Verdict: string(v), Anchor: "errata-" + strings.NewReplacer(" ", "-", ",", "").Replace(string(v))}
		for _, c := range claims {
			if c.Verdict != v {
				continue
			}
			row := ClaimRow{Claim: c}
			for _, ev := range c.Evidence {
				row.Evidence = append(row.Evidence, evidenceRow(ev, scenarios, in))
			}
			g.Claims = append(g.Claims, row)
		}
		e.Groups = append(e.Groups, g)
	}
	return e
}

// evidenceRow finds the cited scenario among the corpus's (not there: its status says so), its
// status in this run (an outline's, over all its Examples blocks), and the figures it recorded
// under the cited name.
func evidenceRow(ev rules.Evidence, scenarios []rules.Scenario, in Inputs) EvidenceRow {
	row := EvidenceRow{Evidence: ev, Status: NotInCorpus, Where: "features/" + ev.Feature}
	var runs []ScenarioRow
	for _, s := range scenarios {
		if s.URI == ev.Feature && s.Name == ev.Scenario {
			runs = append(runs, scenarioRow(s, in.Results))
			if row.Report == "" {
				row.Report = reportLink(s.Tags)
			}
		}
	}
	if len(runs) > 0 {
		row.Where, row.Negative, row.Status = runs[0].Where, runs[0].Negative, combine(runs)
	}
	if ev.Figure != "" {
		row.Figures = figuresOf(ev, in.Figures)
	}
	return row
}

// reportLink opens the Cucumber report on the scenarios that carry every tag the cited one
// does: the report's search takes a tag expression exactly, while its text search matches any
// word of a scenario's name and so finds nearly every scenario.
func reportLink(tags []string) string {
	if len(tags) == 0 {
		return "index.html"
	}
	return "index.html?query=" + url.QueryEscape(strings.Join(tags, " and "))
}

// figuresOf lists the values this run recorded for the cited figure in the cited scenario (each
// row of an outline names its scenario with its values filled in): a figure named as cited,
// ending with ": " and the cited name (a polyglot program's key), or starting with it (a name
// a step completes with what was compared).
func figuresOf(ev rules.Evidence, figures []harness.Figure) []string {
	scenario := outlineName(ev.Scenario)
	var out []string
	for _, f := range figures {
		if !scenario.MatchString(f.Scenario) {
			continue
		}
		if f.Name != ev.Figure && !strings.HasSuffix(f.Name, ": "+ev.Figure) && !strings.HasPrefix(f.Name, ev.Figure) {
			continue
		}
		v := fmt.Sprintf("%s = %s", f.Name, figureValue(f))
		if s := settings(f.Settings); s != "" {
			v += " (" + s + ")"
		}
		out = append(out, v)
	}
	return out
}

// outlineName matches the names a scenario's runs have: the name itself, or, for an outline,
// the name with each <parameter> filled in.
func outlineName(name string) *regexp.Regexp {
	parts := regexp.MustCompile(`<[^>]+>`).Split(name, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, ".*") + "$")
}
