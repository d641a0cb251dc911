package harness

import (
	"encoding/xml"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	messages "github.com/cucumber/messages/go/v34"
)

// junitSuites is junit.xml in the shape CI tools read (Jenkins' junit-10.xsd, kept in
// testdata/junit and checked by a test): one suite per feature, one case per scenario,
// classname the feature and name the scenario. The schema counts skipped scenarios on each
// suite only: <testsuites> has no skipped attribute.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name      string      `xml:"name,attr"`
	Tests     int         `xml:"tests,attr"`
	Failures  int         `xml:"failures,attr"`
	Errors    int         `xml:"errors,attr"`
	Skipped   int         `xml:"skipped,attr"`
	Time      string      `xml:"time,attr"`
	Timestamp string      `xml:"timestamp,attr"`
	Cases     []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Skipped   *junitMessage `xml:"skipped"`
	Failure   *junitMessage `xml:"failure"`
	Error     *junitMessage `xml:"error"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",chardata"`
}

// writeJUnit writes the scenarios that ended, grouped by feature in the order features ran.
func writeJUnit(path string, docs map[string]*messages.GherkinDocument, cases []*caseRecord) error {
	all := junitSuites{Name: "concspec"}
	var total float64
	for _, uri := range featureOrder(cases) {
		doc, index := docs[uri], gherkinIndex(docs[uri])
		suite := junitSuite{Name: featureName(doc, uri)}
		var took float64
		var first time.Time
		feature := casesOf(uri, cases)
		names := caseNames(uri, index, feature)
		for _, c := range feature {
			jc := junitCase{Name: names[c], Classname: suite.Name, Time: seconds(c.duration())}
			if first.IsZero() || c.started.Before(first) {
				first = c.started
			}
			switch status, at := c.verdict(); status {
			case messages.TestStepResultStatus_PASSED:
			case messages.TestStepResultStatus_SKIPPED:
				jc.Skipped = &junitMessage{Message: c.skipReason()}
				if jc.Skipped.Message == "" { // skipped by godog.ErrSkip, not by the harness
					jc.Skipped.Message = stepMessage(uri, index, at, "skipped").Message
				}
				suite.Skipped++
			case messages.TestStepResultStatus_FAILED:
				jc.Failure = stepMessage(uri, index, at, "failed")
				suite.Failures++
			default: // undefined, pending, ambiguous, or interrupted by a hang
				jc.Error = stepMessage(uri, index, at, strings.ToLower(status.String()))
				suite.Errors++
			}
			if figs := c.figures(); len(figs) > 0 {
				jc.SystemOut = strings.Join(figs, "\n") + "\n"
			}
			suite.Cases = append(suite.Cases, jc)
			took += c.duration()
		}
		suite.Tests, suite.Time, suite.Timestamp = len(suite.Cases), seconds(took), first.UTC().Format("2006-01-02T15:04:05")
		all.Tests, all.Failures, all.Errors = all.Tests+suite.Tests, all.Failures+suite.Failures, all.Errors+suite.Errors
		total += took
		all.Suites = append(all.Suites, suite)
	}
	all.Time = seconds(total)
	data, err := xml.MarshalIndent(all, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(data, '\n')...), 0o644)
}

// stepMessage says which step ended the scenario and how: the message is the step and the
// first line of its error; the text is where the step is (a hook is named), then the whole
// error. r is nil when no step of the scenario ran.
func stepMessage(uri string, index map[string]astNode, r *stepRecord, kind string) *junitMessage {
	if r == nil {
		return &junitMessage{Message: "no step of the scenario ran: " + kind, Type: kind}
	}
	step, where := "Hook "+r.name(), uri
	if r.step != nil {
		node := index[r.step.AstNodeIds[0]]
		step, where = strings.TrimSpace(node.keyword)+" "+r.step.Text, fmt.Sprintf("%s:%d", uri, node.line)
	}
	m := &junitMessage{Message: step + ": " + kind, Type: kind, Text: fmt.Sprintf("%s: %s\n", where, step)}
	if r.err != nil {
		first, _, _ := strings.Cut(r.err.Error(), "\n")
		m.Message = step + ": " + first
		m.Text += r.err.Error() + "\n"
	}
	return m
}

// caseNames names each case by its scenario, and a row of an outline whose name has no
// placeholder by where it comes from as well ("name (counters.feature:16)"): such rows share
// their outline's name, and a dashboard must tell them apart. Every such row is named so, not
// only those whose names clash, so that a case has the same name in a shard's junit.xml as in
// a whole run's.
func caseNames(uri string, index map[string]astNode, cases []*caseRecord) map[*caseRecord]string {
	names := make(map[*caseRecord]string, len(cases))
	for _, c := range cases {
		ids := c.pickle.AstNodeIds
		names[c] = c.pickle.Name
		if len(ids) > 1 && c.pickle.Name == index[ids[0]].name { // an example row, its name as written
			names[c] = fmt.Sprintf("%s (%s:%d)", c.pickle.Name, uri, where(index, c.pickle).line)
		}
	}
	return names
}

// featureOrder lists the features of the cases in the order their first scenario started.
func featureOrder(cases []*caseRecord) []string {
	sorted := slices.SortedFunc(slices.Values(cases), func(a, b *caseRecord) int { return a.started.Compare(b.started) })
	var uris []string
	for _, c := range sorted {
		if !slices.Contains(uris, c.pickle.Uri) {
			uris = append(uris, c.pickle.Uri)
		}
	}
	return uris
}

// casesOf lists the cases of one feature in the order they started.
func casesOf(uri string, cases []*caseRecord) []*caseRecord {
	var out []*caseRecord
	for _, c := range cases {
		if c.pickle.Uri == uri {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, func(a, b *caseRecord) int { return a.started.Compare(b.started) })
	return out
}

func seconds(s float64) string { return fmt.Sprintf("%.3f", s) }
