package ioscaling

import (
	"bufio"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/internal/measure"
)

// connectionsControl is the child-program control that serves concurrent connections.
const connectionsControl = "connections"

// The ways a server hands its connections to handlers.
const (
	// GoroutineEach starts a goroutine for every connection it accepts, as net/http does.
	GoroutineEach = "a goroutine each"
	// Pool hands the connections to a fixed number of handler goroutines, which take them in
	// turn: a thread-per-request server with a pool of threads.
	Pool = "a pool"
)

// Connections is N clients connected at once to a server that hands them out one way.
type Connections struct {
	Handled  string `json:"handled"`
	N        int    `json:"n"`
	Handlers int    `json:"handlers,omitempty"`
}

// Served is what the control measured of one Connections over its runs: the run with the median
// wall time, and by run the most connections in service at one moment and the most that one
// handler goroutine served one after another.
type Served struct {
	Connections Connections    `json:"connections"`
	Sample      measure.Sample `json:"sample"`
	AtOnce      []int          `json:"atOnce"`
	InTurn      []int          `json:"inTurn"`
	GOMAXPROCS  int            `json:"gomaxprocs"`
}

// exchangeBound bounds every wait of a run: the clients' connecting, the server's accepting and
// each connection's exchange. A run that needs longer is stuck, and fails saying where.
const exchangeBound = 60 * time.Second

// serveConnections is the control: it serves each of the Connections it is given -runs times, the ways
// alternating within a run, on a loopback TCP server whose handler answers each request after
// -latency, as if it waited on a database.
func serveConnections(_ *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet(connectionsControl, flag.ContinueOnError)
	latency := flags.Duration("latency", 100*time.Millisecond, "how long a handler takes to answer")
	runs := flags.Int("runs", 3, "runs of each way; the median wall time is kept")
	list := flags.String("connections", "[]", "the Connections, as a JSON list")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	var ways []Connections
	if err := json.Unmarshal([]byte(*list), &ways); err != nil {
		return nil, fmt.Errorf("-connections: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	defer ln.Close()
	srv := &connServer{ln: ln.(*net.TCPListener), latency: *latency}
	samples := make([][]measure.Sample, len(ways))
	out := make([]Served, len(ways))
	for range max(1, *runs) {
		for i, way := range ways {
			var atOnce, inTurn int
			sample := measure.Run(func() { atOnce, inTurn, err = srv.run(way) })
			if err != nil {
				return nil, fmt.Errorf("%d connections served by %s: %w", way.N, way.Handled, err)
			}
			samples[i] = append(samples[i], sample)
			out[i].AtOnce, out[i].InTurn = append(out[i].AtOnce, atOnce), append(out[i].InTurn, inTurn)
		}
	}
	for i, way := range ways {
		slices.SortFunc(samples[i], func(a, b measure.Sample) int { return cmp.Compare(a.Wall, b.Wall) })
		out[i].Connections, out[i].Sample, out[i].GOMAXPROCS = way, samples[i][len(samples[i])/2], runtime.GOMAXPROCS(0)
	}
	return out, nil
}

// connServer is a loopback TCP server whose handlers take latency to answer a request, and count
// the connections in service: from the moment a handler goroutine has one (a goroutine started
// for it, or a pool's handler that received it) to its answer.
type connServer struct {
	ln              *net.TCPListener
	latency         time.Duration
	inService, most atomic.Int64
}

// run connects way.N clients at once, each sending one request and reading its answer. The
// server accepts every connection before it hands any to a handler, so that all N are open
// together, as N concurrent clients are; then it hands them out way.Handled. It returns the most
// connections in service at one moment and the most one handler served one after another.
func (s *connServer) run(way Connections) (atOnce, inTurn int, err error) {
	s.most.Store(0)
	clientErrs := make([]error, way.N)
	var clients sync.WaitGroup
	for i := range way.N {
		clients.Go(func() { clientErrs[i] = s.ask(i) })
	}
	conns, err := s.acceptAll(way.N)
	if err == nil {
		inTurn, err = s.hand(way, conns)
	} else {
		for _, c := range conns {
			c.Close()
		}
	}
	clients.Wait() // bounded: every client's exchange has a deadline
	return int(s.most.Load()), inTurn, cmp.Or(err, cmp.Or(clientErrs...))
}

// acceptAll accepts n connections, or fails once exchangeBound has passed.
func (s *connServer) acceptAll(n int) ([]net.Conn, error) {
	if err := s.ln.SetDeadline(time.Now().Add(exchangeBound)); err != nil {
		return nil, err
	}
	conns := make([]net.Conn, 0, n)
	for len(conns) < n {
		c, err := s.ln.Accept()
		if err != nil {
			return conns, fmt.Errorf("the server accepted %d of the %d connections, then: %w", len(conns), n, err)
		}
		conns = append(conns, c)
	}
	return conns, nil
}

// hand hands the connections to handlers the way way says, and returns once every one is
// answered, with the most connections one handler served.
func (s *connServer) hand(way Connections, conns []net.Conn) (inTurn int, err error) {
	errs := make([]error, max(len(conns), way.Handlers))
	served := []int{1} // connections served by each handler, one after another
	var wg sync.WaitGroup
	switch way.Handled {
	case GoroutineEach:
		for i, c := range conns {
			s.take()
			wg.Go(func() { errs[i] = s.serve(c) })
		}
	case Pool:
		// The handlers are running, each waiting for a connection, before the first is handed
		// out, as a server's pool is; a connection is handed, unbuffered, to a free handler.
		queue := make(chan net.Conn)
		served = make([]int, max(1, way.Handlers))
		var ready sync.WaitGroup
		ready.Add(len(served))
		for h := range served {
			wg.Go(func() {
				ready.Done()
				for c := range queue {
					errs[h] = cmp.Or(errs[h], s.serve(c))
					served[h]++
				}
			})
		}
		ready.Wait() // unbounded on purpose: each handler reaches Done at once, blocking on nothing
		for _, c := range conns {
			queue <- c // bounded: a handler frees itself within its connection's deadline
			s.take()
		}
		close(queue)
	default:
		for _, c := range conns {
			c.Close()
		}
		return 0, fmt.Errorf("no way of handling connections called %q", way.Handled)
	}
	wg.Wait() // bounded: every connection has a deadline
	return slices.Max(served), cmp.Or(errs...)
}

// take counts a connection into service once a handler goroutine has it: a goroutine started
// for it, or a pool's handler that received it. The dispatcher counts, so that how soon a busy
// machine runs the handler cannot take a connection out of the count.
func (s *connServer) take() {
	now := s.inService.Add(1)
	for {
		most := s.most.Load()
		if now <= most || s.most.CompareAndSwap(most, now) {
			return
		}
	}
}

// serve is a connection in service, once take has counted it: it reads one request line, waits
// the latency and answers "ok" and the request.
func (s *connServer) serve(c net.Conn) error {
	defer c.Close()
	defer s.inService.Add(-1)
	if err := c.SetDeadline(time.Now().Add(exchangeBound)); err != nil {
		return err
	}
	request, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return fmt.Errorf("reading a request: %w", err)
	}
	timer := time.NewTimer(s.latency)
	<-timer.C // the handler's stand-in for waiting on a database
	_, err = fmt.Fprintf(c, "ok %s", request)
	return err
}

// ask is client i: it connects, sends its number and checks the answer. It resets its connection
// as it closes it, so that no connection lingers in TIME_WAIT holding a port for the next runs.
func (s *connServer) ask(i int) error {
	d := net.Dialer{Timeout: exchangeBound}
	c, err := d.Dial("tcp", s.ln.Addr().String())
	if err != nil {
		return fmt.Errorf("client %d connecting: %w", i, err)
	}
	defer func() {
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	}()
	if err := c.SetDeadline(time.Now().Add(exchangeBound)); err != nil {
		return err
	}
	if _, err := fmt.Fprintf(c, "%d\n", i); err != nil {
		return fmt.Errorf("client %d sending: %w", i, err)
	}
	answer, err := bufio.NewReader(c).ReadString('\n')
	if want := "ok " + strconv.Itoa(i); err != nil || strings.TrimSpace(answer) != want {
		return fmt.Errorf("client %d was answered %q (%v), not %q", i, answer, err, want)
	}
	return nil
}
