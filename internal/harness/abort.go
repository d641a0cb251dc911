package harness

import (
	"fmt"
	"sort"
	"time"

	"github.com/cucumber/godog/formatters"
	messages "github.com/cucumber/messages/go/v34"
)

// abort writes every report when the hang bound stops the run, from what godog has stored so
// far: each scenario that ended, as it ended; the hung one failed at the step it is stuck in,
// with why; the scenarios that were running beside it as interrupted; and testRunFinished with
// success false. godog holds a running scenario's formatter calls until it ends, so the ones
// still running are rebuilt from its storage, which it fills as each step ends.
func (m *messagesFmt) abort(hung *messages.Pickle, cause error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.finished {
		return
	}
	results := m.Storage.MustGetPickleResults()
	sort.Slice(results, func(i, j int) bool { return results[i].StartedAt.Before(results[j].StartedAt) })
	for _, pr := range results {
		if m.written[pr.PickleID] {
			continue
		}
		why := fmt.Errorf("interrupted: the run was stopped by the hang of the scenario %q", hung.Name)
		if pr.PickleID == hung.Id {
			why = cause
		}
		c := m.rebuilt(m.Storage.MustGetPickle(pr.PickleID), pr.StartedAt, pr.PickleID == hung.Id, why)
		m.ended(c)
		m.flush(c, nil)
	}
	m.failed = true
	m.finishRun()
}

// rebuilt is a scenario that had not ended, as godog's storage holds it: its ended steps as
// they ended, the step it was in failed (hung) or unknown (interrupted) with why, the rest
// skipped.
func (m *messagesFmt) rebuilt(p *messages.Pickle, started time.Time, hung bool, why error) *caseRecord {
	c := &caseRecord{pickle: p, started: started, last: started, startID: m.id()}
	ended := map[string]int{}
	stored := m.Storage.MustGetPickleStepResultsByPickleID(p.Id)
	for i, r := range stored {
		ended[r.PickleStepID] = i
	}
	stuck := false
	for _, st := range p.Steps {
		i, done := ended[st.Id]
		r := m.stepRecord(st, m.matched(st), c.last)
		switch {
		case done:
			res := stored[i]
			r.finished, r.status, r.err = res.FinishedAt, stepStatus(res.Status.String()), res.Err
			for _, a := range res.Attachments {
				r.attachments = append(r.attachments, attachmentMessage(a.Name, a.MimeType, a.Data, c.startID, r.id, r.finished))
			}
		case !stuck:
			stuck = true
			r.finished, r.err = time.Now(), why
			r.status = messages.TestStepResultStatus_UNKNOWN
			if hung {
				r.status = messages.TestStepResultStatus_FAILED
			}
		default:
			r.finished, r.status = r.started, messages.TestStepResultStatus_SKIPPED
		}
		c.last = r.finished
		c.steps = append(c.steps, r)
	}
	return c
}

// matched is the step definition godog matched to st, or nil if it matched none (or the
// step was never reached).
func (m *messagesFmt) matched(st *messages.PickleStep) (def *formatters.StepDefinition) {
	defer func() {
		if recover() != nil { // godog's storage panics on a step it never matched
			def = nil
		}
	}()
	return m.Storage.MustGetStepDefintionMatch(st.AstNodeIds[0]).GetInternalStepDefinition()
}

// stepStatus is godog's word for a step's end as a Cucumber Messages status.
func stepStatus(godogStatus string) messages.TestStepResultStatus {
	switch godogStatus {
	case "passed":
		return messages.TestStepResultStatus_PASSED
	case "failed":
		return messages.TestStepResultStatus_FAILED
	case "skipped":
		return messages.TestStepResultStatus_SKIPPED
	case "undefined":
		return messages.TestStepResultStatus_UNDEFINED
	case "pending":
		return messages.TestStepResultStatus_PENDING
	case "ambiguous":
		return messages.TestStepResultStatus_AMBIGUOUS
	}
	return messages.TestStepResultStatus_UNKNOWN
}
