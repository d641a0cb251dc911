package harness

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
)

// normaliseNDJSON decodes a stream of messages and sets aside what is the implementation's own:
//   - meta (the implementation, runtime, OS and CPU; and the protocol version, 33 in the kit
//     and 34 here);
//   - ids, renamed in order of appearance; uris; timestamps and durations; source references
//     of definitions and hooks; an exception's type and stack trace; a suggestion's snippets
//     (code in the implementation's language);
//   - how an attachment's body is encoded (its bytes are compared);
//   - a definition's pattern when it is plain text: a Cucumber Expression without parameters
//     and the regular expression of that text, anchored, match the same steps;
//   - fields at their default (empty, zero, false), which protobuf's JSON may leave out.
func normaliseNDJSON(t *testing.T, data []byte) []map[string]any {
	t.Helper()
	ids := map[string]string{}
	var out []map[string]any
	scanner := bufio.NewScanner(bytes.NewReader(data))
	scanner.Buffer(make([]byte, 1<<20), 64<<20)
	for scanner.Scan() {
		if len(bytes.TrimSpace(scanner.Bytes())) == 0 {
			continue
		}
		var envelope map[string]any
		if err := json.Unmarshal(scanner.Bytes(), &envelope); err != nil {
			t.Fatalf("a message is not JSON: %v\n%s", err, scanner.Text())
		}
		if _, ok := envelope["meta"]; ok {
			envelope["meta"] = map[string]any{}
		}
		normaliseValue(envelope, ids)
		out = append(out, envelope)
	}
	if err := scanner.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func normaliseValue(v any, ids map[string]string) any {
	switch v := v.(type) {
	case map[string]any:
		normaliseFields(v, ids)
		for _, k := range slices.Sorted(maps.Keys(v)) { // ids are renamed in the order they appear
			v[k] = normaliseValue(v[k], ids)
			if isDefault(v[k]) {
				delete(v, k)
			}
		}
	case []any:
		for i, child := range v {
			v[i] = normaliseValue(child, ids)
		}
	}
	return v
}

func normaliseFields(v map[string]any, ids map[string]string) {
	for _, k := range []string{"uri", "timestamp", "duration", "sourceReference"} {
		delete(v, k)
	}
	for _, k := range slices.Sorted(maps.Keys(v)) {
		child := v[k]
		switch {
		case k == "id" || strings.HasSuffix(k, "Id"):
			if s, ok := child.(string); ok {
				v[k] = canonicalID(ids, s)
			}
		case strings.HasSuffix(k, "Ids"):
			list, _ := child.([]any)
			for i, id := range list {
				list[i] = canonicalID(ids, fmt.Sprint(id))
			}
		}
	}
	if ex, ok := v["exception"].(map[string]any); ok {
		delete(ex, "type")
		delete(ex, "stackTrace")
	}
	if s, ok := v["snippets"].([]any); ok && len(s) > 0 {
		v["snippets"] = "…"
	}
	if body, ok := v["body"].(string); ok {
		if v["contentEncoding"] == "BASE64" {
			decoded, err := base64.StdEncoding.DecodeString(body)
			if err == nil {
				body = string(decoded)
			}
		}
		v["body"] = base64.StdEncoding.EncodeToString([]byte(body))
		delete(v, "contentEncoding")
	}
	if pattern, ok := v["pattern"].(map[string]any); ok {
		if text, ok := plainText(pattern); ok {
			v["pattern"] = map[string]any{"text": text}
		}
	}
}

func canonicalID(ids map[string]string, id string) string {
	if c, ok := ids[id]; ok {
		return c
	}
	c := fmt.Sprintf("id%d", len(ids)+1)
	ids[id] = c
	return c
}

var cucumberExpressionSyntax = regexp.MustCompile(`[{}()/\\]`)

// plainText is the text a definition's pattern matches when it matches only that text.
func plainText(pattern map[string]any) (string, bool) {
	source, _ := pattern["source"].(string)
	switch pattern["type"] {
	case "CUCUMBER_EXPRESSION":
		return source, !cucumberExpressionSyntax.MatchString(source)
	case "REGULAR_EXPRESSION":
		re, err := syntax.Parse(source, syntax.Perl)
		if err != nil || re.Op != syntax.OpConcat || len(re.Sub) != 3 || re.Sub[0].Op != syntax.OpBeginText || re.Sub[2].Op != syntax.OpEndText || re.Sub[1].Op != syntax.OpLiteral {
			return "", false
		}
		return string(re.Sub[1].Rune), true
	}
	return "", false
}

func isDefault(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case bool:
		return !v
	case float64:
		return v == 0
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}
