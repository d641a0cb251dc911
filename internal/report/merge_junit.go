package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
)

// The shapes of junit.xml the merge reads: every attribute and every test case's content are
// kept as they are; the counts and times are worked out again.
type (
	junitSuitesIn struct {
		Attrs  []xml.Attr     `xml:",any,attr"`
		Suites []junitSuiteIn `xml:"testsuite"`
	}
	junitSuiteIn struct {
		Attrs []xml.Attr    `xml:",any,attr"`
		Cases []junitCaseIn `xml:"testcase"`
	}
	junitCaseIn struct {
		Attrs   []xml.Attr `xml:",any,attr"`
		Inner   string     `xml:",innerxml"`
		Failure *struct{}  `xml:"failure"`
		Error   *struct{}  `xml:"error"`
		Skipped *struct{}  `xml:"skipped"`
	}
	junitSuitesOut struct {
		XMLName xml.Name        `xml:"testsuites"`
		Attrs   []xml.Attr      `xml:",any,attr"`
		Suites  []junitSuiteOut `xml:"testsuite"`
	}
	junitSuiteOut struct {
		Attrs []xml.Attr     `xml:",any,attr"`
		Cases []junitCaseOut `xml:"testcase"`
	}
	junitCaseOut struct {
		Attrs []xml.Attr `xml:",any,attr"`
		Inner string     `xml:",innerxml"`
	}
)

// junitCounts are a suite's totals, as junit.xml states them.
type junitCounts struct {
	tests, failures, errors, skipped int
	time                             float64
}

func (c *junitCounts) add(o junitCounts) {
	c.tests, c.failures, c.errors, c.skipped, c.time = c.tests+o.tests, c.failures+o.failures, c.errors+o.errors, c.skipped+o.skipped, c.time+o.time
}

// set writes the counts into a suite's attributes, replacing those there and adding those
// missing.
func (c junitCounts) set(attrs []xml.Attr) []xml.Attr {
	return setAttr(c.setTotals(attrs), "skipped", strconv.Itoa(c.skipped))
}

// setTotals writes the counts into the attributes of <testsuites>, which Jenkins' junit-10.xsd
// gives no skipped attribute (the suites carry it).
func (c junitCounts) setTotals(attrs []xml.Attr) []xml.Attr {
	for _, a := range []xml.Attr{
		{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(c.tests)},
		{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(c.failures)},
		{Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(c.errors)},
		{Name: xml.Name{Local: "time"}, Value: fmt.Sprintf("%.3f", c.time)},
	} {
		attrs = setAttr(attrs, a.Name.Local, a.Value)
	}
	return attrs
}

func setAttr(attrs []xml.Attr, name, value string) []xml.Attr {
	for i := range attrs {
		if attrs[i].Name.Local == name {
			attrs[i].Value = value
			return attrs
		}
	}
	return append(attrs, xml.Attr{Name: xml.Name{Local: name}, Value: value})
}

func attr(attrs []xml.Attr, name string) string {
	for _, a := range attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// mergeJUnit joins the shards' junit.xml: one suite per feature (the suites of one name
// become one, with every shard's cases), the counts and times added up again from the cases,
// a suite's timestamp the earliest of its shards'.
func mergeJUnit(inputs [][]byte) ([]byte, error) {
	var out junitSuitesOut
	byName := map[string]int{}
	var total junitCounts
	for i, data := range inputs {
		var in junitSuitesIn
		if err := xml.Unmarshal(data, &in); err != nil {
			return nil, fmt.Errorf("shard %d: %w", i+1, err)
		}
		if out.Attrs == nil {
			out.Attrs = in.Attrs
		}
		for _, s := range in.Suites {
			name := attr(s.Attrs, "name")
			at, seen := byName[name]
			if !seen {
				byName[name], at = len(out.Suites), len(out.Suites)
				out.Suites = append(out.Suites, junitSuiteOut{Attrs: s.Attrs})
			} else if stamp := attr(s.Attrs, "timestamp"); stamp != "" && stamp < attr(out.Suites[at].Attrs, "timestamp") {
				out.Suites[at].Attrs = setAttr(out.Suites[at].Attrs, "timestamp", stamp)
			}
			for _, c := range s.Cases {
				out.Suites[at].Cases = append(out.Suites[at].Cases, junitCaseOut{Attrs: c.Attrs, Inner: c.Inner})
			}
		}
	}
	for i := range out.Suites {
		counts, err := caseCounts(out.Suites[i].Cases)
		if err != nil {
			return nil, err
		}
		out.Suites[i].Attrs = counts.set(out.Suites[i].Attrs)
		total.add(counts)
	}
	out.Attrs = total.setTotals(out.Attrs)
	data, err := xml.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(data, '\n')...), nil
}

// caseCounts counts the cases by outcome and adds up their times.
func caseCounts(cases []junitCaseOut) (junitCounts, error) {
	var c junitCounts
	for _, jc := range cases {
		var in junitCaseIn
		raw := fmt.Sprintf("<testcase>%s</testcase>", jc.Inner)
		if err := xml.NewDecoder(bytes.NewReader([]byte(raw))).Decode(&in); err != nil {
			return c, err
		}
		c.tests++
		switch {
		case in.Failure != nil:
			c.failures++
		case in.Error != nil:
			c.errors++
		case in.Skipped != nil:
			c.skipped++
		}
		t, _ := strconv.ParseFloat(attr(jc.Attrs, "time"), 64)
		c.time += t
	}
	return c, nil
}
