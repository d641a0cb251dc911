package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// mergedRunID is the id of the merged run's testRunStarted.
const mergedRunID = "merged-run"

// Envelope kinds the merge treats apart; every other kind is copied in its shard's order, its
// ids made the shard's own.
const (
	kindMeta           = "meta"
	kindSource         = "source"
	kindDocument       = "gherkinDocument"
	kindPickle         = "pickle"
	kindRunStarted     = "testRunStarted"
	kindRunFinished    = "testRunFinished"
	kindStepDefinition = "stepDefinition"
)

// definitionKinds are the glossary of a run: every shard writes the same ones under ids of its
// own, and the merge keeps each once.
var definitionKinds = []string{kindStepDefinition, "hook", "parameterType"}

// shardMessages is one shard's messages, decoded.
type shardMessages struct {
	prefix    string
	envelopes []envelope
	// alias maps an id of the shard to the id it has in the merge, where it is not the prefixed
	// id: the run's id, definitions kept from another shard, and Gherkin nodes.
	alias map[string]string
	// nodes maps the shard's Gherkin node ids to the merged documents' ids.
	nodes map[string]string
}

// envelope is one message: its kind and its body.
type envelope struct {
	kind string
	body map[string]any
}

// mergeMessages joins the shards' Cucumber Messages into one run's:
//
//   - one meta, one testRunStarted (the earliest) and one testRunFinished (the latest, a
//     success only when every shard's was);
//   - each feature's source once, as it is before sharding (a shard comments out the scenarios
//     of other shards, see [harness.ShardMarker]), and its Gherkin document parsed again from
//     it, so that the merge's document has every scenario; the shards' references to Gherkin
//     nodes are mapped to it by line and column;
//   - every pickle and test case of every shard, a scenario that ran in two shards being an
//     error;
//   - step definitions, hooks and parameter types once each;
//   - every other id made unique by a prefix naming its shard, whatever the kind of message,
//     so that kinds this merge does not know are carried over whole.
func mergeMessages(inputs [][]byte) ([]byte, error) {
	shards := make([]*shardMessages, len(inputs))
	for i, data := range inputs {
		s, err := decodeShard(data, fmt.Sprintf("shard%d:", i+1))
		if err != nil {
			return nil, fmt.Errorf("shard %d: %w", i+1, err)
		}
		shards[i] = s
	}
	var out []envelope
	// meta
	for _, s := range shards {
		if e := s.first(kindMeta); e != nil {
			out = append(out, *e)
			break
		}
	}
	// sources, documents and pickles, feature by feature
	docs, err := mergeDocuments(shards)
	if err != nil {
		return nil, err
	}
	ran := map[string]string{} // a pickle's Gherkin nodes → the shard it ran in
	for _, d := range docs {
		out = append(out, envelope{kindSource, d.source}, envelope{kindDocument, d.document})
		for _, s := range shards {
			for _, e := range s.envelopes {
				if e.kind != kindPickle || e.body["uri"] != d.uri {
					continue
				}
				body, err := s.rewrite(e.body)
				if err != nil {
					return nil, err
				}
				where := fmt.Sprint(body["uri"], body["astNodeIds"])
				if other, twice := ran[where]; twice {
					return nil, fmt.Errorf("the scenario %q of %s ran in %s and in %s: the directories are not shards of one run", body["name"], d.uri, strings.TrimSuffix(other, ":"), strings.TrimSuffix(s.prefix, ":"))
				}
				ran[where] = s.prefix
				out = append(out, envelope{kindPickle, body})
			}
		}
	}
	for _, s := range shards {
		for _, e := range s.envelopes {
			if _, known := index(docs, e.body["uri"]); e.kind == kindPickle && !known {
				return nil, fmt.Errorf("%s has a pickle of %v, whose source it does not have", strings.TrimSuffix(s.prefix, ":"), e.body["uri"])
			}
		}
	}
	// the glossary, each definition once
	kept := map[string]string{} // definition's content → its id in the merge
	for _, s := range shards {
		for _, e := range s.envelopes {
			if !slices.Contains(definitionKinds, e.kind) {
				continue
			}
			content := definitionContent(e)
			id := fmt.Sprint(e.body["id"])
			if first, seen := kept[content]; seen {
				s.alias[id] = first
				continue
			}
			body, err := s.rewrite(e.body)
			if err != nil {
				return nil, err
			}
			kept[content] = fmt.Sprint(body["id"])
			out = append(out, envelope{e.kind, body})
		}
	}
	started, finished, err := runBounds(shards)
	if err != nil {
		return nil, err
	}
	out = append(out, envelope{kindRunStarted, started})
	for _, s := range shards {
		for _, e := range s.envelopes {
			switch {
			case e.kind == kindMeta, e.kind == kindSource, e.kind == kindDocument, e.kind == kindPickle,
				e.kind == kindRunStarted, e.kind == kindRunFinished, slices.Contains(definitionKinds, e.kind):
				continue
			}
			body, err := s.rewrite(e.body)
			if err != nil {
				return nil, err
			}
			out = append(out, envelope{e.kind, body})
		}
	}
	out = append(out, envelope{kindRunFinished, finished})
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range out {
		if err := enc.Encode(map[string]any{e.kind: e.body}); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

func decodeShard(data []byte, prefix string) (*shardMessages, error) {
	s := &shardMessages{prefix: prefix, alias: map[string]string{}, nodes: map[string]string{}}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var m map[string]map[string]any
		if err := dec.Decode(&m); err != nil || len(m) != 1 {
			return nil, fmt.Errorf("line %d is not one message envelope: %v", n, err)
		}
		for kind, body := range m {
			s.envelopes = append(s.envelopes, envelope{kind, body})
		}
	}
	return s, sc.Err()
}

func (s *shardMessages) first(kind string) *envelope {
	for i := range s.envelopes {
		if s.envelopes[i].kind == kind {
			return &s.envelopes[i]
		}
	}
	return nil
}

// isIDKey says whether a field of a message holds ids: "id", and the references, which the
// Cucumber Messages schema names …Id and …Ids.
func isIDKey(key string) bool {
	return key == "id" || strings.HasSuffix(key, "Id") || strings.HasSuffix(key, "Ids")
}

// rewrite returns a copy of a message body with each id the one it has in the merge.
func (s *shardMessages) rewrite(body map[string]any) (map[string]any, error) {
	out, err := s.rewriteValue("", body)
	if err != nil {
		return nil, err
	}
	return out.(map[string]any), nil
}

func (s *shardMessages) rewriteValue(key string, v any) (any, error) {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, child := range v {
			c, err := s.rewriteValue(k, child)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, child := range v {
			c, err := s.rewriteValue(key, child)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	case string:
		if !isIDKey(key) {
			return v, nil
		}
		if key == "astNodeId" || key == "astNodeIds" {
			merged, ok := s.nodes[v]
			if !ok {
				return nil, fmt.Errorf("%s names the Gherkin node %q, which no document of its shard has", strings.TrimSuffix(s.prefix, ":"), v)
			}
			return merged, nil
		}
		if a, ok := s.alias[v]; ok {
			return a, nil
		}
		return s.prefix + v, nil
	}
	return v, nil
}

// definitionContent is what a step definition, hook or parameter type says, its id aside.
func definitionContent(e envelope) string {
	body := map[string]any{}
	for k, v := range e.body {
		if k != "id" {
			body[k] = v
		}
	}
	data, _ := json.Marshal(map[string]any{e.kind: body})
	return string(data)
}

// runBounds is the merged run's start and end: the earliest start, the latest end, and a
// success only when every shard's run succeeded.
func runBounds(shards []*shardMessages) (started, finished map[string]any, err error) {
	success := true
	for i, s := range shards {
		st, fin := s.first(kindRunStarted), s.first(kindRunFinished)
		if st == nil || fin == nil {
			return nil, nil, fmt.Errorf("shard %d has no testRunStarted or no testRunFinished", i+1)
		}
		s.alias[fmt.Sprint(st.body["id"])] = mergedRunID
		if started == nil || earlier(st.body["timestamp"], started["timestamp"]) {
			started = st.body
		}
		if finished == nil || earlier(finished["timestamp"], fin.body["timestamp"]) {
			finished = fin.body
		}
		if ok, _ := fin.body["success"].(bool); !ok {
			success = false
		}
	}
	started = clone(started)
	started["id"] = mergedRunID
	finished = clone(finished)
	finished["testRunStartedId"] = mergedRunID
	finished["success"] = success
	return started, finished, nil
}

func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// earlier compares two message timestamps ({seconds, nanos}).
func earlier(a, b any) bool {
	sa, na := timestamp(a)
	sb, nb := timestamp(b)
	return sa < sb || (sa == sb && na < nb)
}

func timestamp(v any) (seconds, nanos int64) {
	m, _ := v.(map[string]any)
	s, _ := m["seconds"].(json.Number)
	n, _ := m["nanos"].(json.Number)
	seconds, _ = s.Int64()
	nanos, _ = n.Int64()
	return seconds, nanos
}

// index finds the feature with the uri among the merged documents.
func index(docs []mergedDocument, uri any) (int, bool) {
	i := slices.IndexFunc(docs, func(d mergedDocument) bool { return d.uri == uri })
	return i, i >= 0
}

// mergedDocument is one feature in the merge: its source as it was before sharding, and its
// Gherkin document parsed from it.
type mergedDocument struct {
	uri              string
	source, document map[string]any
}

// mergeDocuments restores each feature's source, checks that the shards agree on it, parses it
// once more, and maps every shard's Gherkin node ids to the new document's (by line and
// column).
func mergeDocuments(shards []*shardMessages) ([]mergedDocument, error) {
	var docs []mergedDocument
	index := map[string]int{}
	for _, s := range shards {
		documents := map[string]map[string]any{}
		for _, e := range s.envelopes {
			if e.kind == kindDocument {
				documents[fmt.Sprint(e.body["uri"])] = e.body
			}
		}
		for _, e := range s.envelopes {
			if e.kind != kindSource {
				continue
			}
			uri := fmt.Sprint(e.body["uri"])
			data := harness.UnshardSource(fmt.Sprint(e.body["data"]))
			i, seen := index[uri]
			if !seen {
				d, err := parsedDocument(uri, e.body, data)
				if err != nil {
					return nil, err
				}
				index[uri], i = len(docs), len(docs)
				docs = append(docs, d)
			} else if docs[i].source["data"] != data {
				return nil, fmt.Errorf("%s differs between the shards: they ran different versions of the corpus", uri)
			}
			shardDoc, ok := documents[uri]
			if !ok {
				return nil, fmt.Errorf("%s has the source of %s but not its gherkinDocument", strings.TrimSuffix(s.prefix, ":"), uri)
			}
			merged := nodeIDs(docs[i].document)
			for where, id := range nodeIDs(shardDoc) {
				m, ok := merged[where]
				if !ok {
					return nil, fmt.Errorf("%s: %s's node at %s is not in the unsharded document", strings.TrimSuffix(s.prefix, ":"), uri, where)
				}
				if have, clash := s.nodes[id]; clash && have != m {
					return nil, fmt.Errorf("%s: the Gherkin id %q names two nodes", strings.TrimSuffix(s.prefix, ":"), id)
				}
				s.nodes[id] = m
			}
		}
	}
	return docs, nil
}

// parsedDocument parses a feature's restored source into the merge's document, its node ids
// scoped by the uri (as each shard's are).
func parsedDocument(uri string, source map[string]any, data string) (mergedDocument, error) {
	ids := &messages.Incrementing{}
	doc, err := gherkin.ParseGherkinDocument(strings.NewReader(data), ids.NewId)
	if err != nil {
		return mergedDocument{}, fmt.Errorf("%s does not parse once unsharded: %w", uri, err)
	}
	doc.Uri = uri
	raw, err := json.Marshal(doc)
	if err != nil {
		return mergedDocument{}, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var body map[string]any
	if err := dec.Decode(&body); err != nil {
		return mergedDocument{}, err
	}
	scopeNodeIDs(body, "merged:"+uri+"#")
	src := clone(source)
	src["data"] = data
	return mergedDocument{uri: uri, source: src, document: body}, nil
}

// scopeNodeIDs prefixes every node id of a decoded Gherkin document.
func scopeNodeIDs(v any, prefix string) {
	switch v := v.(type) {
	case map[string]any:
		for k, child := range v {
			if id, ok := child.(string); ok && k == "id" {
				v[k] = prefix + id
				continue
			}
			scopeNodeIDs(child, prefix)
		}
	case []any:
		for _, child := range v {
			scopeNodeIDs(child, prefix)
		}
	}
}

// nodeIDs maps the place ("line:column") of every node of a decoded Gherkin document that has
// an id to that id.
func nodeIDs(doc map[string]any) map[string]string {
	out := map[string]string{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			id, hasID := v["id"].(string)
			loc, hasLoc := v["location"].(map[string]any)
			if hasID && hasLoc {
				out[fmt.Sprintf("%v:%v", loc["line"], loc["column"])] = id
			}
			for _, child := range v {
				walk(child)
			}
		case []any:
			for _, child := range v {
				walk(child)
			}
		}
	}
	walk(doc)
	return out
}
