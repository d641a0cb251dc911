// Package cucumberschema checks Cucumber Messages (NDJSON, one envelope per line) against the
// JSON schema that the @cucumber/messages npm package ships, so that what concspec writes is
// what every Cucumber tool reads.
package cucumberschema

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaPath is where `npm ci` in tools/report puts the schema, from the module's root.
const SchemaPath = "tools/report/node_modules/@cucumber/messages/messages.schema.json"

// Schema is the compiled envelope schema.
type Schema struct{ s *jsonschema.Schema }

// Load compiles the schema file.
func Load(path string) (*Schema, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(abs, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(abs)
	if err != nil {
		return nil, fmt.Errorf("compiling %s: %w", path, err)
	}
	return &Schema{s}, nil
}

// Validate checks every line of r and returns how many envelopes there were, by kind, and an
// error naming each line that is not a valid envelope.
func (s *Schema) Validate(r io.Reader) (map[string]int, error) {
	kinds := map[string]int{}
	var problems []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(sc.Bytes()))
		if err != nil {
			problems = append(problems, fmt.Errorf("line %d: not JSON: %w", line, err))
			continue
		}
		if err := s.s.Validate(v); err != nil {
			problems = append(problems, fmt.Errorf("line %d: %w", line, err))
			continue
		}
		var envelope map[string]json.RawMessage
		if err := json.Unmarshal(sc.Bytes(), &envelope); err != nil || len(envelope) != 1 {
			problems = append(problems, fmt.Errorf("line %d: an envelope holds exactly one message, this one %d", line, len(envelope)))
		}
		for kind := range envelope {
			kinds[kind]++
		}
	}
	if err := sc.Err(); err != nil {
		problems = append(problems, err)
	}
	return kinds, errors.Join(problems...)
}
