package harness

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"

	messages "github.com/cucumber/messages/go/v34"
)

// The Cucumber JSON report, in the shape godog's own formatter writes it.
type (
	cukeFeature struct {
		URI         string        `json:"uri"`
		ID          string        `json:"id"`
		Keyword     string        `json:"keyword"`
		Name        string        `json:"name"`
		Description string        `json:"description"`
		Line        int64         `json:"line"`
		Tags        []cukeTag     `json:"tags,omitempty"`
		Elements    []cukeElement `json:"elements"`
	}
	cukeElement struct {
		ID          string     `json:"id"`
		Keyword     string     `json:"keyword"`
		Name        string     `json:"name"`
		Description string     `json:"description"`
		Line        int64      `json:"line"`
		Type        string     `json:"type"`
		Tags        []cukeTag  `json:"tags,omitempty"`
		Before      []cukeHook `json:"before,omitempty"`
		Steps       []cukeStep `json:"steps"`
		After       []cukeHook `json:"after,omitempty"`
	}
	// cukeHook is a hook's run, as Cucumber's JSON reports show it before or after the steps.
	cukeHook struct {
		Match      cukeMatch       `json:"match"`
		Result     cukeResult      `json:"result"`
		Embeddings []cukeEmbedding `json:"embeddings,omitempty"`
	}
	cukeTag struct {
		Name string `json:"name"`
		Line int64  `json:"line"`
	}
	cukeStep struct {
		Keyword    string          `json:"keyword"`
		Name       string          `json:"name"`
		Line       int64           `json:"line"`
		Match      cukeMatch       `json:"match"`
		Result     cukeResult      `json:"result"`
		Embeddings []cukeEmbedding `json:"embeddings,omitempty"`
	}
	cukeMatch struct {
		Location string `json:"location,omitempty"`
	}
	cukeResult struct {
		Status   string `json:"status"`
		Error    string `json:"error_message,omitempty"`
		Duration int64  `json:"duration"`
	}
	cukeEmbedding struct {
		Name     string `json:"name,omitempty"`
		MimeType string `json:"mime_type"`
		Data     string `json:"data"`
	}
)

// writeCucumberJSON writes the scenarios that ended, by feature, in the order features ran.
func writeCucumberJSON(path string, docs map[string]*messages.GherkinDocument, cases []*caseRecord) error {
	features := []cukeFeature{}
	for _, uri := range featureOrder(cases) {
		doc, index := docs[uri], gherkinIndex(docs[uri])
		f := cukeFeature{URI: uri, ID: slug(featureName(doc, uri)), Keyword: "Feature", Name: featureName(doc, uri), Elements: []cukeElement{}}
		if doc != nil && doc.Feature != nil {
			f.Keyword, f.Description, f.Line = doc.Feature.Keyword, doc.Feature.Description, doc.Feature.Location.Line
			for _, t := range doc.Feature.Tags {
				f.Tags = append(f.Tags, cukeTag{Name: t.Name, Line: t.Location.Line})
			}
		}
		for _, c := range casesOf(uri, cases) {
			f.Elements = append(f.Elements, cukeScenario(f.ID, index, c))
		}
		features = append(features, f)
	}
	data, err := json.MarshalIndent(features, "", "    ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

func cukeScenario(featureID string, index map[string]astNode, c *caseRecord) cukeElement {
	at := where(index, c.pickle)
	e := cukeElement{
		ID: featureID + ";" + slug(c.pickle.Name), Keyword: strings.TrimSpace(at.keyword), Name: c.pickle.Name,
		Line: at.line, Type: "scenario", Steps: []cukeStep{},
	}
	for _, t := range c.pickle.Tags {
		e.Tags = append(e.Tags, cukeTag{Name: t.Name, Line: index[t.AstNodeId].line})
	}
	for _, r := range c.steps {
		node := index[r.step.AstNodeIds[0]]
		result, embeddings := cukeOutcome(r)
		st := cukeStep{Keyword: node.keyword, Name: r.step.Text, Line: node.line, Result: result, Embeddings: embeddings}
		if r.defSource != nil {
			st.Match.Location = fmt.Sprintf("%s:%d", r.defSource.Uri, r.defSource.Location.Line)
		}
		e.Steps = append(e.Steps, st)
	}
	e.Before, e.After = cukeHooks(c.before), cukeHooks(c.after)
	// Readers that show no hooks show why the scenario was skipped on its first step.
	if status, _ := c.verdict(); status == messages.TestStepResultStatus_SKIPPED && len(e.Steps) > 0 && e.Steps[0].Result.Error == "" {
		e.Steps[0].Result.Error = c.skipReason()
	}
	return e
}

// cukeHooks are the runs of a scenario's hooks; a skip's reason is the error message of the
// hook that skipped the scenario, and its attachment.
func cukeHooks(runs []*stepRecord) []cukeHook {
	var out []cukeHook
	for _, r := range runs {
		result, embeddings := cukeOutcome(r)
		out = append(out, cukeHook{Match: cukeMatch{Location: fmt.Sprintf("%s:%d", relative(r.hook.file), r.hook.line)}, Result: result, Embeddings: embeddings})
	}
	return out
}

func cukeOutcome(r *stepRecord) (cukeResult, []cukeEmbedding) {
	result := cukeResult{Status: strings.ToLower(r.status.String()), Duration: max(0, r.finished.Sub(r.started).Nanoseconds())}
	if message, _ := exception(r.err); message != "" {
		result.Error = message
	}
	var embeddings []cukeEmbedding
	for _, a := range r.attachments {
		data := a.Body
		if a.ContentEncoding == messages.AttachmentContentEncoding_IDENTITY {
			data = base64.StdEncoding.EncodeToString([]byte(a.Body))
		}
		embeddings = append(embeddings, cukeEmbedding{Name: a.FileName, MimeType: a.MediaType, Data: data})
	}
	return result, embeddings
}

var notSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug is the id Cucumber gives a name: lower case, words joined by "-".
func slug(name string) string {
	return strings.Trim(notSlug.ReplaceAllString(strings.ToLower(name), "-"), "-")
}
