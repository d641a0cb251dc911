package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// EcosystemMatrix is reports/ecosystem.json, written by `make ecosystem` (the ecosystem
// module's TestEcosystem): common libraries held to the contracts they fit, reduced to what the
// summary shows.
type EcosystemMatrix struct {
	Go      string           `json:"go"`
	Entries []EcosystemEntry `json:"entries"`
}

// EcosystemEntry is one library (one adapter of it) held to one contract.
type EcosystemEntry struct {
	Implementation string         `json:"implementation"`
	Library        string         `json:"library"`
	Version        string         `json:"version"`
	Contract       string         `json:"contract"`
	Capabilities   []string       `json:"capabilities"`
	Rows           []EcosystemRow `json:"rows"`
}

// EcosystemRow is one contract row's verdict on the library: holds, differs or skipped, why,
// and what the run saw.
type EcosystemRow struct {
	Label    string   `json:"row"`
	Where    string   `json:"where"`
	Rules    []string `json:"rules"`
	Verdict  string   `json:"verdict"`
	Why      string   `json:"why"`
	Evidence struct {
		Step     string   `json:"step"`
		Message  string   `json:"message"`
		Observed []string `json:"observed"`
		Figures  []string `json:"figures"`
	} `json:"evidence"`
}

// The verdicts of a row of the ecosystem matrix, in the order a cell lists them.
var ecosystemVerdicts = []string{"differs", "holds", "skipped"}

// Ecosystem is the matrix as the page shows it: a table per contract, and every row that
// differs with its evidence, which the table's cells link to.
type Ecosystem struct {
	Go          string
	Contracts   []EcosystemTable
	Differences []EcosystemDifference
}

// EcosystemTable is one contract: a line per library, a column per rule.
type EcosystemTable struct {
	Contract string
	Rules    []string
	Lines    []EcosystemLine
}

// EcosystemLine is one library's cells, in the order of its table's Rules.
type EcosystemLine struct {
	Implementation, Library, Version, Capabilities string
	Cells                                          []EcosystemCell
}

// EcosystemCell counts a rule's rows for a library by verdict; Verdict is the rule's: differs
// if a row differs, holds if one holds, skipped if all were, empty if the rule has no row.
type EcosystemCell struct {
	Verdict string
	Counts  []EcosystemCount
}

// EcosystemCount is "n verdict" in a cell, titled with the rows' evidence (differs) or the
// reasons (skipped); Link is the anchor of the first such difference in the list below.
type EcosystemCount struct {
	N           int
	Verdict     string
	Title, Link string
}

// EcosystemDifference is a row that differs, with its evidence.
type EcosystemDifference struct {
	ID, Implementation, Contract, Row, Where, Why, Step, Message string
	Observed, Figures                                            []string
}

// ecosystem makes the page's matrix of ecosystem.json; nil when the file was not there.
func ecosystem(m *EcosystemMatrix) *Ecosystem {
	if m == nil {
		return nil
	}
	eco := &Ecosystem{Go: m.Go}
	for _, contract := range contracts(m.Entries) {
		table := EcosystemTable{Contract: contract}
		for _, e := range m.Entries {
			if e.Contract == contract {
				for _, r := range e.Rows {
					table.Rules = append(table.Rules, r.Rules...)
				}
			}
		}
		slices.Sort(table.Rules)
		table.Rules = slices.Compact(table.Rules)
		for _, e := range m.Entries {
			if e.Contract != contract {
				continue
			}
			line := EcosystemLine{Implementation: e.Implementation, Library: e.Library, Version: e.Version, Capabilities: strings.Join(e.Capabilities, ", ")}
			for _, rule := range table.Rules {
				line.Cells = append(line.Cells, eco.cell(e, rule))
			}
			table.Lines = append(table.Lines, line)
		}
		eco.Contracts = append(eco.Contracts, table)
	}
	return eco
}

// contracts are the entries' contracts in the order they first appear.
func contracts(entries []EcosystemEntry) []string {
	var out []string
	for _, e := range entries {
		if !slices.Contains(out, e.Contract) {
			out = append(out, e.Contract)
		}
	}
	return out
}

// cell counts e's rows of rule by verdict, adding each row that differs to the list of
// differences.
func (eco *Ecosystem) cell(e EcosystemEntry, rule string) EcosystemCell {
	var c EcosystemCell
	for _, verdict := range ecosystemVerdicts {
		count := EcosystemCount{Verdict: verdict}
		var titles []string
		for _, r := range e.Rows {
			if r.Verdict != verdict || !slices.Contains(r.Rules, rule) {
				continue
			}
			count.N++
			switch verdict {
			case "differs":
				d := eco.difference(e, r)
				count.Link = cmp.Or(count.Link, d.ID)
				titles = append(titles, r.Label+": "+d.Message)
			case "skipped":
				if !slices.Contains(titles, r.Why) {
					titles = append(titles, r.Why)
				}
			}
		}
		if count.N > 0 {
			count.Title = strings.Join(titles, "\n")
			c.Counts = append(c.Counts, count)
			c.Verdict = cmp.Or(c.Verdict, verdict)
		}
	}
	return c
}

// difference is the row r of e in the list of differences, added the first time it is seen
// (a row of several rules is one difference).
func (eco *Ecosystem) difference(e EcosystemEntry, r EcosystemRow) EcosystemDifference {
	for _, d := range eco.Differences {
		if d.Implementation == e.Implementation && d.Row == r.Label {
			return d
		}
	}
	d := EcosystemDifference{
		ID: fmt.Sprintf("ecosystem-difference-%d", len(eco.Differences)+1), Implementation: e.Implementation, Contract: e.Contract,
		Row: r.Label, Where: r.Where, Why: r.Why, Step: r.Evidence.Step, Message: r.Evidence.Message,
		Observed: r.Evidence.Observed, Figures: r.Evidence.Figures,
	}
	if d.Message == "" {
		d.Message = strings.Join(d.Observed, "; ")
	}
	d.Observed = slices.DeleteFunc(slices.Clone(d.Observed), func(o string) bool { return strings.Contains(d.Message, o) })
	eco.Differences = append(eco.Differences, d)
	return d
}
