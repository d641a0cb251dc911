// Package rules is concspec's rule catalogue — every rule of the source guide, with a stable ID
// and a one-line statement in the project's words — and the check that a corpus of feature
// files covers it: every rule has a scenario, every rule has a negative control, and no scenario
// names a rule the catalogue does not have. It also holds the claim catalogue, the guide's
// errata: every distinct claim of the guide with the corpus's verdict on it and the scenarios
// that show it, and the check that every piece of that evidence exists.
package rules

// Rule is one rule of the guide.
type Rule struct {
	// ID is stable: R01–R26 for the guide's own rules, P01–P07 for those it states for another
	// runtime. Feature files tag the scenarios that encode the rule with it ("@R11").
	ID string
	// Section is the part of the guide the rule comes from.
	Section string
	// Statement says the rule in one line.
	Statement string
}

// Sections of the guide, in its order.
const (
	ChoosingAModel = "Choosing a model"
	MeasuringFirst = "Measuring first"
	Structured     = "Structured concurrency and errors"
	Patterns       = "Patterns from the examples"
	WhenToUseIt    = "When (not) to use it"
	OtherRuntimes  = "Other runtimes"
)

// Catalogue is every rule, in ID order.
func Catalogue() []Rule {
	return []Rule{
		{"R01", ChoosingAModel, "Work that waits wants concurrency; work that computes wants parallelism."},
		{"R02", ChoosingAModel, "Threads behind one interpreter lock take turns on computing work; separate processors are what run it at once."},
		{"R03", ChoosingAModel, "Pass ownership of data through a channel instead of sharing it; whoever sent it stops touching it."},
		{"R04", ChoosingAModel, "At GOMAXPROCS 1 goroutines are concurrent, never parallel; with more processors they can be both."},
		{"R05", ChoosingAModel, "Go's primitives — goroutines, channels, mutexes, atomics, errgroup — each keep a documented guarantee."},
		{"R06", ChoosingAModel, "Mixed work: a responsive I/O layer in front, the computing behind it in a bounded pool."},
		{"R07", MeasuringFirst, "Measure before choosing: find out whether the time goes to waiting or to computing."},
		{"R08", MeasuringFirst, "A hundred tasks that wait on I/O take about as long as one when they wait together."},
		{"R09", Structured, "Tasks started together end together: a group's Wait returns only once every task has."},
		{"R10", Structured, "Every task has an owner who hears its error and can cancel it; nothing is fired and forgotten."},
		{"R11", Structured, "In a fail-fast group the first error cancels the other tasks through their context."},
		{"R12", Structured, "A task blocked for ever leaks; giving it a context to select on lets it go."},
		{"R13", Structured, "Collect-all joining lets siblings run on after an error; fail-fast joining cancels them."},
		{"R14", Structured, "A panic in a task: each group's answer is stated and shown, none hidden."},
		{"R15", Patterns, "Fan out over many requests and collect every result: close the results only after Wait."},
		{"R16", Patterns, "A parallel map over computing work returns its results in input order."},
		{"R17", Patterns, "Move heavy computing off the path that answers cheap requests, and they stay fast."},
		{"R18", Patterns, "Unsynchronised increments of a shared counter race and lose updates; a lock or an atomic does not."},
		{"R19", Patterns, "Goroutines are cheap: start one per task and bound the resources, not the goroutines."},
		{"R20", Patterns, "A tight computing loop cannot starve the other goroutines: the runtime preempts it."},
		{"R21", Patterns, "A result nobody waits for is lost without a word."},
		{"R22", WhenToUseIt, "Concurrency pays for many I/O calls and buys nothing for one."},
		{"R23", WhenToUseIt, "Parallelism pays for independent chunks, not for workers contending on shared state."},
		{"R24", WhenToUseIt, "When starting a goroutine costs more than its work, batch the work or run it in sequence."},
		{"R25", WhenToUseIt, "Work that must happen in order flows through a pipeline of stages with bounded buffers."},
		{"R26", WhenToUseIt, "The newer idioms need the Go that introduced them; the module says which Go it needs."},
		{"P01", OtherRuntimes, "Python: asyncio for waiting, processes for computing; threads computing under the GIL gain nothing."},
		{"P02", OtherRuntimes, "Python: a TaskGroup cancels the other tasks on the first failure; gather lets them run on."},
		{"P03", OtherRuntimes, "Node.js: computing on the event loop holds up every other callback; a worker thread keeps it free."},
		{"P04", OtherRuntimes, "Node.js: Promise.all rejects on the first rejection and stops none of the others."},
		{"P05", OtherRuntimes, "Java: a virtual thread per task is cheap; synchronized pinned its carrier before JDK 24."},
		{"P06", OtherRuntimes, "Rust: rayon for data parallelism, tokio for asynchronous I/O."},
		{"P07", OtherRuntimes, "C#: async/await for I/O, Parallel.ForEach for computing."},
	}
}

// Lookup returns the rule with the given ID ("R11", without the @).
func Lookup(id string) (Rule, bool) {
	for _, r := range Catalogue() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
