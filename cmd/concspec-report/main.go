// Command concspec-report turns a run's reports into two pages: reports/index.html, the
// official Cucumber HTML report rendered from reports/messages.ndjson (checked against the
// Cucumber Messages schema first), and reports/summary.html, concspec's own page of rules,
// conformance, the ecosystem matrix, mutants and figures.
//
// Usage (from the module root, after `make tools` and `make verify`; `make report` does all):
//
//	go run ./cmd/concspec-report [-reports reports]
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/report"
)

func main() {
	dir := flag.String("reports", "reports", "the reports directory a run of the corpus wrote")
	flag.Parse()
	if err := report.Generate(".", *dir, concspec.Features()); err != nil {
		fmt.Fprintln(os.Stderr, "concspec-report:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s/index.html and %s/summary.html\n", *dir, *dir)
}
