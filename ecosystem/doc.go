// Package ecosystem holds common Go concurrency libraries to concspec's contracts: each library
// is plugged in through a thin adapter (one file per library and contract) that maps the
// library's names onto the contract and adds nothing of its own — no WaitGroup, no recover, no
// cancellation — and declares only the capabilities the library documents. A row that needs a
// capability the library lacks is skipped with the reason.
//
// `make ecosystem` runs every adapter through the contract it fits (a child process per
// contract, so that a library that differs is recorded, not fatal) and writes
// reports/ecosystem.json: per library, version and contract, every contract row's verdict —
// holds, differs or skipped — with its reason and evidence. Every "differs" must be explained in
// docs/ecosystem.md, which also carries the matrix; the run fails on a difference not listed
// there, on a listed one that no longer occurs, and on any error of concspec's own.
//
// It is a module of its own so that a team importing concspec does not inherit these libraries.
package ecosystem
