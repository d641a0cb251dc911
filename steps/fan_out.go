package steps

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/concspec/concspec/catalog"
	"github.com/concspec/concspec/harness"
	"github.com/concspec/concspec/internal/controls"
	"github.com/concspec/concspec/internal/loopback"
	"github.com/concspec/concspec/patterns/fanout"
	"github.com/cucumber/godog"
)

// fanOutState is the loopback server a scenario fetches from and what came back.
type fanOutState struct {
	server  *loopback.Server
	urls    []string
	results []fanout.Result
	served  int
	child   controls.FanOutResult
}

func (w *world) registerFanOut(sc *godog.ScenarioContext) {
	sc.Given(re(`^a loopback HTTP server$`), w.loopbackServer)
	sc.When(re(`^(-?\d+) URLs that each answer after (\d+)ms are fetched concurrently, every (\d+)(?:st|nd|rd|th) of them failing with status 500$`), w.fetchMixed)
	sc.When(re(`^(-?\d+) URLs? that answers? after (\d+)ms and (-?\d+) URLs? that never answers? are fetched with a deadline (\d+)ms away$`), w.fetchWithDeadline)
	sc.When(re(`^the "([^"]+)" fan-out fetches (-?\d+) URLs whose answers are held until it waits for them$`), w.fetchHeld)
	sc.When(re(`^the "([^"]+)" fan-out fetches (-?\d+) URLs in a child process$`), w.fetchInChild)
	sc.Then(re(`^every URL has exactly one result: (\d+) with status 200 and (\d+) with status 500$`), w.oneResultPerURL)
	sc.Then(re(`^the (\d+) URLs that answer do so with status 200$`), w.fastAnswered)
	sc.Then(re(`^the URLs that never answer fail with "([^"]+)"$`), w.slowCutOff)
	sc.Then(re(`^(\d+) of the (\d+) answers are reported lost$`), w.answersLost)
	sc.Then(re(`^once the server is closed, no goroutine is left running$`), w.serverClosedNoLeaks)
	sc.Then(re(`^the child's leak check reports (\d+) goroutines blocked sending in "([^"]+)"$`), w.childLeakReport)
}

func (w *world) loopbackServer(ctx context.Context) error {
	s := loopback.Start(maxGoroutines)
	w.fanOut.server = s
	return harness.Cleanup(ctx, s.Close)
}

func (w *world) needServer() (*loopback.Server, error) {
	if w.fanOut.server == nil {
		return nil, fmt.Errorf("no server: start with `Given a loopback HTTP server`")
	}
	return w.fanOut.server, nil
}

// requests are n requests to the scenario's loopback server that answer 200 after a latency.
type requests struct {
	server *loopback.Server
	n      int
	query  string
}

// urls returns the first k of those requests' URLs.
func (r requests) urls(k int) []string { return r.server.URLs("ok", 0, k, r.query) }

// requestsTo parses a step's count (what it counts, at most max) and latency in milliseconds.
func (w *world) requestsTo(what, n string, max int, millis string) (requests, error) {
	s, err := w.needServer()
	if err != nil {
		return requests{}, err
	}
	k, err := count(what, n, max)
	if err != nil {
		return requests{}, err
	}
	query, err := latency(millis)
	return requests{server: s, n: k, query: query}, err
}

// latency is the query that makes the loopback server answer after millis milliseconds.
func latency(millis string) (string, error) {
	ms, err := number("the latency in milliseconds", millis, 0, 60_000)
	return fmt.Sprintf("latency=%dms", ms), err
}

func (w *world) fetchMixed(ctx context.Context, n, millis, every string) error {
	s, err := w.needServer()
	if err != nil {
		return err
	}
	k, err := count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	query, err := latency(millis)
	if err != nil {
		return err
	}
	m, err := count("the failure period", every, k)
	if err != nil {
		return err
	}
	for i := range k {
		path := "ok"
		if (i+1)%m == 0 {
			path = "fail"
		}
		w.fanOut.urls = append(w.fanOut.urls, s.URLs(path, i, 1, query)...)
	}
	w.fanOut.results = implementation(catalog.FanOuts, "wait then close")(ctx, s.Client, w.fanOut.urls)
	return nil
}

func (w *world) oneResultPerURL(ok, failed string) error {
	seen := map[string]int{}
	statuses := map[int]int{}
	for _, r := range w.fanOut.results {
		seen[r.URL]++
		statuses[r.Status]++
		if r.Err != nil {
			return fmt.Errorf("%s failed: %v", r.URL, r.Err)
		}
	}
	for _, url := range w.fanOut.urls {
		if seen[url] != 1 {
			return fmt.Errorf("%s has %d results, want exactly one", url, seen[url])
		}
	}
	if len(w.fanOut.results) != len(w.fanOut.urls) {
		return fmt.Errorf("%d results for %d URLs", len(w.fanOut.results), len(w.fanOut.urls))
	}
	if strconv.Itoa(statuses[200]) != ok || strconv.Itoa(statuses[500]) != failed {
		return fmt.Errorf("statuses %v, want %s × 200 and %s × 500", statuses, ok, failed)
	}
	return nil
}

func (w *world) fetchWithDeadline(ctx context.Context, fast, fastMillis, slow, millis string) error {
	s, err := w.needServer()
	if err != nil {
		return err
	}
	query, err := latency(fastMillis)
	if err != nil {
		return err
	}
	f, err := count("the number of fast URLs", fast, 10_000)
	if err != nil {
		return err
	}
	h, err := count("the number of URLs that never answer", slow, 10_000)
	if err != nil {
		return err
	}
	ms, err := count("the deadline in milliseconds", millis, 60_000)
	if err != nil {
		return err
	}
	w.fanOut.urls = append(s.URLs("ok", 0, f, query), s.URLs("hang", f, h, "")...)
	ctx, cancel := context.WithTimeout(ctx, time.Duration(ms)*time.Millisecond)
	defer cancel()
	w.fanOut.results = implementation(catalog.FanOuts, "wait then close")(ctx, s.Client, w.fanOut.urls)
	return nil
}

func (w *world) fastAnswered(n string) error {
	answered := 0
	for _, r := range w.fanOut.results {
		if strings.Contains(r.URL, "/ok/") {
			if r.Err != nil || r.Status != 200 {
				return fmt.Errorf("%s: status %d, error %v", r.URL, r.Status, r.Err)
			}
			answered++
		}
	}
	if strconv.Itoa(answered) != n {
		return fmt.Errorf("%d fast URLs answered, want %s", answered, n)
	}
	return nil
}

func (w *world) slowCutOff(want string) error {
	for _, r := range w.fanOut.results {
		if strings.Contains(r.URL, "/hang/") {
			if !errors.Is(r.Err, context.DeadlineExceeded) || !strings.HasSuffix(r.Err.Error(), want) {
				return fmt.Errorf("%s: error %v, want %q", r.URL, r.Err, want)
			}
		}
	}
	return nil
}

// fetchHeld runs a fan-out against answers that are held until the fan-out is blocked (or has
// returned, which is the bug), so a fan-out that does not wait cannot get lucky.
func (w *world) fetchHeld(ctx context.Context, name, n string) error {
	s, err := w.needServer()
	if err != nil {
		return err
	}
	k, err := count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	entry, err := catalog.Lookup("fan-out", catalog.FanOuts, name)
	if err != nil {
		return err
	}
	done := make(chan struct{})
	id := make(chan int64, 1)
	go func() {
		defer close(done)
		id <- harness.GoroutineID()
		w.fanOut.results = entry.New()(ctx, s.Client, s.URLs("held", 0, k, ""))
	}()
	if _, err := harness.AwaitParked(ctx, <-id, "the "+name+" fan-out"); err != nil {
		return err
	}
	s.Release()
	if err := harness.Await(ctx, done, "the "+name+" fan-out to return"); err != nil {
		return err
	}
	for range k {
		if err := harness.Await(ctx, s.Served, "the server to answer every request"); err != nil {
			return err
		}
	}
	w.fanOut.served = k
	return nil
}

func (w *world) answersLost(lost, total string) error {
	got := w.fanOut.served - len(w.fanOut.results)
	if strconv.Itoa(got) != lost || strconv.Itoa(w.fanOut.served) != total {
		return fmt.Errorf("%d of %d answers were lost, want %s of %s", got, w.fanOut.served, lost, total)
	}
	return nil
}

func (w *world) fetchInChild(ctx context.Context, name, n string) error {
	k, err := count("the number of URLs", n, 10_000)
	if err != nil {
		return err
	}
	return w.runChild(ctx, false, &w.fanOut.child, "fanout", "-impl", name, "-urls", strconv.Itoa(k))
}

func (w *world) childLeakReport(n, function string) error {
	if err := w.childExitedNormally(); err != nil {
		return err
	}
	sending := regexp.MustCompile(`in state chan send, with \S*` + regexp.QuoteMeta(function))
	blocked := len(sending.FindAllString(w.fanOut.child.LeakReport, -1))
	if strconv.Itoa(blocked) != n {
		return fmt.Errorf("the child's leak check found %d goroutines blocked sending in %q, want %s:\n%s", blocked, function, n, w.fanOut.child.LeakReport)
	}
	return nil
}

func (w *world) serverClosedNoLeaks(ctx context.Context) error {
	s, err := w.needServer()
	if err != nil {
		return err
	}
	s.Close()
	return harness.NoLeaks(ctx)
}
