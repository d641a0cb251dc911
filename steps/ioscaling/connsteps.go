package ioscaling

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"syscall"
	"time"

	"github.com/concspec/concspec/internal/harness"
	"github.com/concspec/concspec/steps/internal/stepkit"
	"github.com/concspec/concspec/steps/shared"
)

// serveBothWays serves n concurrent connections by a goroutine each and by a pool of handlers,
// in the program built without the race detector, and records the pool's wall time over the
// goroutines' as connections_<n>_pool_over_goroutines, beside what was counted.
func (s *state) serveBothWays(ctx context.Context, n, millis, handlers string) error {
	if err := harness.RequireExclusive(ctx, "measures how long concurrent connections take to serve"); err != nil {
		return err
	}
	k, err := stepkit.Count("the number of connections", n, 5000)
	if err != nil {
		return err
	}
	ms, err := stepkit.Number("the latency in milliseconds", millis, 1, 1000)
	if err != nil {
		return err
	}
	h, err := stepkit.Count("the number of handlers", handlers, 1000)
	if err != nil {
		return err
	}
	if err := enoughFiles(ctx, k); err != nil {
		return err
	}
	ways := []Connections{{Handled: GoroutineEach, N: k}, {Handled: Pool, N: k, Handlers: h}}
	list, err := json.Marshal(ways)
	if err != nil {
		return err
	}
	var out []Served
	if err := shared.MeasureInChild(ctx, &out, connectionsControl, "-latency", (time.Duration(ms) * time.Millisecond).String(), "-connections", string(list)); err != nil {
		return err
	}
	if len(out) != len(ways) {
		return fmt.Errorf("the measuring child served connections %d ways, not %d", len(out), len(ways))
	}
	s.served = map[string]Served{}
	for _, m := range out {
		s.served[m.Connections.Handled] = m
	}
	return s.recordConnections(ctx, k, millis+"ms")
}

// enoughFiles skips the scenario when this process may not open a file descriptor for each end
// of n loopback connections (the measuring child inherits the limit).
func enoughFiles(ctx context.Context, n int) error {
	var limit syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &limit); err != nil {
		return err
	}
	if need := uint64(2*n + 100); limit.Cur < need {
		return harness.Skip(ctx, fmt.Sprintf("this process may open %d files, and %d loopback connections take %d (one for each end, and a few more): raise `ulimit -n`", limit.Cur, n, need))
	}
	return nil
}

func (s *state) recordConnections(ctx context.Context, n int, latency string) error {
	each, pool := s.served[GoroutineEach], s.served[Pool]
	settings := map[string]string{
		"connections": strconv.Itoa(n), "handlers in the pool": strconv.Itoa(pool.Connections.Handlers), "latency": latency,
		"protocol": "a line each way over TCP on loopback", "GOMAXPROCS": strconv.Itoa(each.GOMAXPROCS),
		"race detector":          "off (the program built without it)",
		"wall, a goroutine each": each.Sample.Wall.String(), "wall, the pool": pool.Sample.Wall.String(),
		"measured": "the pool's wall time over the goroutines', the median of each over its runs",
	}
	figures := []harness.Figure{{
		Name: fmt.Sprintf("connections_%d_pool_over_goroutines", n), Value: pool.Sample.Wall.Seconds() / each.Sample.Wall.Seconds(), Unit: "×", Settings: settings,
	}}
	for _, m := range []Served{each, pool} {
		with := map[string]string{"connections": strconv.Itoa(n), "handled by": m.Connections.Handled, "latency": latency}
		if m.Connections.Handled == Pool {
			with["handlers in the pool"] = strconv.Itoa(m.Connections.Handlers)
		}
		with["in service at once, by run"], with["served one after another, by run"] = fmt.Sprint(m.AtOnce), fmt.Sprint(m.InTurn)
		figures = append(figures,
			harness.Figure{Name: "connections in service at one moment, in the least disturbed run", Value: float64(atOnce(m)), Unit: "connections", Settings: with},
			harness.Figure{Name: "connections one handler served one after another, in the least disturbed run", Value: float64(inTurn(m)), Unit: "connections", Settings: with})
		if m.Sample.Pressure >= 0 {
			figures = append(figures, harness.Figure{Name: "machine CPU pressure (share of the wall time some task waited for a CPU)", Value: m.Sample.Pressure, Unit: "share", Settings: with})
		}
	}
	for _, f := range figures {
		if err := harness.Record(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// way is what was measured of the connections handled the way a step names.
func (s *state) way(handled string) (Served, error) {
	if handled == "the pool" {
		handled = Pool
	}
	m, ok := s.served[handled]
	if !ok {
		return m, fmt.Errorf("no connections were served %s: start with `When n concurrent connections to a loopback server ... are handled by a goroutine each and by a pool of h handlers`", handled)
	}
	return m, nil
}

// A busy machine can only take concurrency away from a server: a handler goroutine it keeps
// from running lets the others' waits end before that one's begins, which lowers the count of
// connections in service at once, and lets a pool's free handler take one more connection. What
// a way of handling connections allows is therefore read in the run the machine disturbed least,
// separately for each count: the most connections in service at once, and the fewest one handler
// served one after another. Neither can be raised above, or brought below, what the way allows:
// a pool of 100 never has 101 in service, and of 2000 connections one of its handlers serves at
// least 20.
func atOnce(m Served) int { return slices.Max(m.AtOnce) }

func inTurn(m Served) int { return slices.Min(m.InTurn) }

// allAtOnce is the scaling check on connections: all n were in service at one moment, in the run
// the machine disturbed least. It is counted, not timed.
func (s *state) allAtOnce(ctx context.Context, handled, n string) error {
	m, err := s.way(handled)
	if err != nil {
		return err
	}
	if strconv.Itoa(m.Connections.N) != n {
		return fmt.Errorf("%d connections were served, not %s", m.Connections.N, n)
	}
	return harness.Detect(ctx, Scaling, func() error {
		if most := atOnce(m); most < m.Connections.N {
			return fmt.Errorf("%d concurrent connections handled by %s were at most %d in service at one moment (in the run with the most; by run %v): the others waited for a handler",
				m.Connections.N, m.Connections.Handled, most, m.AtOnce)
		}
		return nil
	})
}

// allAtOnceFails is the negative control: the check fires on a way that cannot serve them all
// at once.
func (s *state) allAtOnceFails(ctx context.Context, handled, n string) error {
	if err := s.allAtOnce(ctx, handled, n); err == nil {
		m, _ := s.way(handled)
		return fmt.Errorf("the check that all %s connections were in service at once did not fire for %s: at one moment %v were (by run)", n, m.Connections.Handled, m.AtOnce)
	}
	return nil
}

// busiestHandler checks how many connections the pool's busiest handler served one after
// another, in the run the machine disturbed least: each one waited the latency, so the pool took
// at least that many latencies.
func (s *state) busiestHandler(bound, count string) error {
	m, err := s.way(Pool)
	if err != nil {
		return err
	}
	want, err := strconv.Atoi(count)
	if err != nil {
		return err
	}
	got := inTurn(m)
	if bound == "at least" && got < want || bound == "at most" && got > want {
		return fmt.Errorf("the busiest of the pool's %d handlers served %d of the %d connections one after another (in the run with the fewest; by run %v), not %s %d",
			m.Connections.Handlers, got, m.Connections.N, m.InTurn, bound, want)
	}
	return nil
}
