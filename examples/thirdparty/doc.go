// Package thirdparty is a worked example of the conformance kit: a team's own task group and
// shared counter, written without concspec, checked against concspec's contract scenarios and
// one scenario of the team's own (features/), and a task group with a bug that the corpus
// catches (broken.go).
package thirdparty
