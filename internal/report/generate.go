package report

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/concspec/concspec/internal/cucumberschema"
)

// Generate writes both pages into the reports directory dir: index.html, rendered from
// messages.ndjson by the official Cucumber HTML formatter (tools/report, after `npm ci`), once
// every message has passed the @cucumber/messages schema; and summary.html. root is the module's
// root, where tools/report is.
func Generate(root, dir string, features fs.FS) error {
	messages := filepath.Join(dir, "messages.ndjson")
	if err := validate(filepath.Join(root, cucumberschema.SchemaPath), messages); err != nil {
		return err
	}
	if err := complete(messages); err != nil {
		return err
	}
	render := exec.Command("node", filepath.Join(root, "tools", "report", "render.mjs"), messages, filepath.Join(dir, "index.html"))
	if out, err := render.CombinedOutput(); err != nil {
		return fmt.Errorf("rendering index.html: %v\n%s", err, out)
	}
	in, err := Load(dir)
	if err != nil {
		return err
	}
	p, err := Build(features, in)
	if err != nil {
		return err
	}
	f, err := os.Create(filepath.Join(dir, "summary.html"))
	if err != nil {
		return err
	}
	if err := p.Render(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func validate(schemaPath, messages string) error {
	schema, err := cucumberschema.Load(schemaPath)
	if err != nil {
		return fmt.Errorf("%w (run `make tools`)", err)
	}
	f, err := os.Open(messages)
	if err != nil {
		return fmt.Errorf("%w (run `make verify` first)", err)
	}
	defer f.Close()
	if _, err := schema.Validate(f); err != nil {
		return fmt.Errorf("%s does not follow the Cucumber Messages schema:\n%w", messages, err)
	}
	return nil
}

// complete refuses a messages file whose run never ended: without testRunFinished, the process
// died before it could say how the run went (a crash, a kill), and a page drawn from it would
// show whatever had ended as if it were everything.
func complete(messages string) error {
	data, err := os.ReadFile(messages)
	if err != nil {
		return err
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if bytes.HasPrefix(line, []byte(`{"testRunFinished":`)) {
			return nil
		}
	}
	return fmt.Errorf("%s is INCOMPLETE: the run that wrote it never finished (it has no testRunFinished), so it cannot say how the run went; no page is drawn from it — run the corpus again", messages)
}
