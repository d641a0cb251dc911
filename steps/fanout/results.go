package fanout

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/internal/loopback"
	fetch "github.com/concspec/concspec/patterns/fanout"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// outcome says how a request ended, in the words of the steps: "status 500", or
// `cut off with "context deadline exceeded"`, or the error.
func outcome(r fetch.Result) string {
	switch {
	case errors.Is(r.Err, context.DeadlineExceeded):
		return fmt.Sprintf("cut off with %q", context.DeadlineExceeded.Error())
	case r.Err != nil:
		return "failed with " + r.Err.Error()
	}
	return "status " + strconv.Itoa(r.Status)
}

// oneResultCheck is the one-result detector: every URL asked for has exactly one result, no
// result is for a URL nobody asked for, and every answer carries the whole body the server sent
// for its URL. With want, the results must also end as it says: so
// many of each outcome.
func (s *state) oneResultCheck(ctx context.Context, want map[string]int) error {
	return harness.Detect(ctx, oneResult, func() error {
		seen, got := map[string]int{}, map[string]int{}
		var garbled []string
		for _, r := range s.results {
			seen[r.URL]++
			got[outcome(r)]++
			if sent := loopback.Body(r.URL); r.Err == nil && r.Body != sent {
				garbled = append(garbled, fmt.Sprintf("%q where the server sent %q", r.Body, sent))
			}
		}
		var none, many int
		for _, url := range s.urls {
			switch {
			case seen[url] == 0:
				none++
			case seen[url] > 1:
				many++
			}
		}
		switch {
		case none > 0:
			return fmt.Errorf("%d of the %d URLs have none", none, len(s.urls))
		case many > 0:
			return fmt.Errorf("%d of the %d URLs have more than one", many, len(s.urls))
		case len(s.results) != len(s.urls):
			return fmt.Errorf("%d results came back for %d URLs", len(s.results), len(s.urls))
		case len(garbled) > 0:
			return fmt.Errorf("%d of the %d answers carry another body than the server sent: %s", len(garbled), len(s.results), strings.Join(garbled, "; "))
		}
		maps.DeleteFunc(want, func(_ string, n int) bool { return n == 0 })
		if want != nil && !maps.Equal(got, want) {
			return fmt.Errorf("the results are %s, want %s", tally(got), tally(want))
		}
		return nil
	})
}

// tally lists outcomes and their counts: "40 with status 200, 10 with status 500".
func tally(counts map[string]int) string {
	var parts []string
	for _, o := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%d with %s", counts[o], o))
	}
	return strings.Join(parts, ", ")
}

// expect reads the counts of a step: count[i] results with outcomes[i].
func expect(counts []string, outcomes []string) (map[string]int, error) {
	want := map[string]int{}
	for i, c := range counts {
		n, err := stepkit.Number("the number of results", c, 0, 10_000)
		if err != nil {
			return nil, err
		}
		want[outcomes[i]] += n
	}
	return want, nil
}

func (s *state) statuses(ctx context.Context, ok, failed string) error {
	want, err := expect([]string{ok, failed}, []string{"status 200", "status 500"})
	if err != nil {
		return err
	}
	return s.oneResultCheck(ctx, want)
}

func (s *state) cutOff(ctx context.Context, ok, cut, why string) error {
	want, err := expect([]string{ok, cut}, []string{"status 200", fmt.Sprintf("cut off with %q", why)})
	if err != nil {
		return err
	}
	return s.oneResultCheck(ctx, want)
}

func (s *state) oneResultFails(ctx context.Context, want string) error {
	return shared.Fired(s.oneResultCheck(ctx, nil), "one-result", "the broken fan-out", want)
}

// concurrencyCheck is the concurrency detector: all n requests were waiting at the server at
// once, their answers held.
func (s *state) concurrencyCheck(ctx context.Context, n string) error {
	k, err := stepkit.Count("the number of requests", n, 10_000)
	if err != nil {
		return err
	}
	return harness.Detect(ctx, concurrent, func() error {
		if s.atOnce < k {
			return fmt.Errorf("only %d of the %d were waiting at once", s.atOnce, k)
		}
		return nil
	})
}

func (s *state) allAtOnce(ctx context.Context, n string) error {
	if err := s.concurrencyCheck(ctx, n); err != nil {
		return fmt.Errorf("the fan-out should have sent all %s requests at once, but %w: it waited for an answer before it sent the next request", n, err)
	}
	return nil
}

func (s *state) allAtOnceFails(ctx context.Context, n, want string) error {
	return shared.Fired(s.concurrencyCheck(ctx, n), "concurrency", "the broken fan-out", want)
}

// fired is a negative control's verdict on a detector's check: it must have fired, with the
