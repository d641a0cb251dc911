// Command concspec-report turns a run's reports into two pages: reports/index.html, the
// official Cucumber HTML report rendered from reports/messages.ndjson (checked against the
// Cucumber Messages schema first), and reports/summary.html, concspec's own page of rules, the
// guide's errata, conformance, the ecosystem matrix, mutants and figures.
//
// With -merge it first joins the reports of a run split across CI machines (`make verify
// SHARD=i/n`, one reports directory per shard) into the -reports directory, as one run would
// have written them, and then draws the pages from the merge.
//
// Usage (from the module root, after `make tools` and `make verify`; `make report` does all):
//
//	go run ./cmd/concspec-report [-reports reports]
//	go run ./cmd/concspec-report -merge shard-1,shard-2,shard-3 -reports reports
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/concspec/concspec"
	"github.com/concspec/concspec/internal/report"
)

func main() {
	dir := flag.String("reports", "reports", "the reports directory a run of the corpus wrote (with -merge: where the merged reports go)")
	merge := flag.String("merge", "", "comma-separated reports directories of the shards of one run, to merge into -reports first")
	flag.Parse()
	if *merge != "" {
		var dirs []string
		for _, d := range strings.Split(*merge, ",") {
			if d = strings.TrimSpace(d); d != "" {
				dirs = append(dirs, d)
			}
		}
		if err := report.Merge(*dir, dirs); err != nil {
			fmt.Fprintln(os.Stderr, "concspec-report: merging the shards:", err)
			os.Exit(1)
		}
		fmt.Printf("merged the reports of %d shards into %s\n", len(dirs), *dir)
	}
	if err := report.Generate(".", *dir, concspec.Features()); err != nil {
		fmt.Fprintln(os.Stderr, "concspec-report:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %s/index.html and %s/summary.html\n", *dir, *dir)
}
