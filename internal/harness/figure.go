package harness

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"github.com/cucumber/godog"
)

// Figure is a measured number: the corpus reports speed and scale as figures, never as
// assertions on absolute times.
type Figure struct {
	// Rules are the rule IDs of the scenario that measured it (filled in by Record).
	Rules []string `json:"rules"`
	// Scenario is the scenario's name (filled in by Record).
	Scenario string  `json:"scenario"`
	Name     string  `json:"name"`
	Value    float64 `json:"value"`
	Unit     string  `json:"unit"`
	// Settings are the conditions it was measured under (sizes, implementation, ...).
	Settings map[string]string `json:"settings,omitempty"`
	Machine  Machine           `json:"machine"`
}

// Machine says where a figure was measured.
type Machine struct {
	Cores      int    `json:"cores"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GoVersion  string `json:"go_version"`
}

// figurePrefix starts the name of a figure's attachment, so that the terminal can tell figures
// from other attachments and print them under their scenario.
const figurePrefix = "figure: "

// Record attaches the figure to the step that measured it (so it lands in cucumber.json and the
// terminal prints it under its scenario), and keeps it for figures.json.
func Record(ctx context.Context, f Figure) error {
	s := current(ctx)
	if s == nil {
		return errNoScenario
	}
	f.Rules, f.Scenario = s.rules, s.name
	f.Machine = Machine{Cores: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}
	body, err := json.Marshal(f)
	if err != nil {
		return err
	}
	s.pending = append(s.pending, attachment(figurePrefix+fmt.Sprintf("%s = %.4g %s", f.Name, f.Value, f.Unit), body))
	s.run.locked(func() { s.run.figures = append(s.run.figures, f) })
	return nil
}

func attachment(name string, body []byte) godog.Attachment {
	return godog.Attachment{FileName: name + ".json", MediaType: "application/json", Body: body}
}

func writeFigures(dir string, figures []Figure) error {
	if dir == "" {
		return nil
	}
	if figures == nil {
		figures = []Figure{}
	}
	body, err := json.MarshalIndent(figures, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "figures.json"), append(body, '\n'), 0o644)
}
