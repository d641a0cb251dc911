package fanout

import (
	"context"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/concspec/concspec/internal/loopback"
)

// deadline is the context the deadline scenario fetches with. Its deadline is the step's clock:
// Done closes, and Err says context.DeadlineExceeded, once the deadline has passed — that is,
// once its time is up AND the client has read every answer that comes in time AND every request
// that never answers is waiting at the server. On a busy machine a wall-clock deadline can pass
// before the client has read answers the server sent in time; that is the machine's doing, not
// the fan-out's, and it would fail a correct fan-out. The deadline reports no time through
// Deadline, so that nothing below (the dialer) cuts a request short by the wall clock instead.
type deadline struct {
	context.Context // the parent: its values, and its end, which ends this one too
	done            chan struct{}
	mu              sync.Mutex
	err             error
}

func (d *deadline) Deadline() (time.Time, bool) { return time.Time{}, false }
func (d *deadline) Done() <-chan struct{}       { return d.done }

func (d *deadline) Err() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.err
}

// end closes Done with err, once.
func (d *deadline) end(err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err == nil {
		d.err = err
		close(d.done)
	}
}

// progress is what the deadline waits for, counted as it comes, for the diagnosis of a fan-out
// that does not return.
type progress struct {
	read, hanging atomic.Int64
}

// withDeadline starts the clock of a deadline after wait, on the client's reads (a value on read
// for every answer it has read to the end) and the server's hanging requests (srv.Hanging). It
// returns the context and a stop that ends the clock and waits for it.
func withDeadline(parent context.Context, wait time.Duration, answers, hangs int, read <-chan struct{}, srv *loopback.Server, seen *progress) (context.Context, func()) {
	d := &deadline{Context: parent, done: make(chan struct{})}
	quit := make(chan struct{})
	var clock sync.WaitGroup
	clock.Go(func() {
		timer := time.NewTimer(wait)
		defer timer.Stop()
		for timeUp := timer.C; ; {
			if timeUp == nil && seen.read.Load() == int64(answers) && seen.hanging.Load() == int64(hangs) {
				d.end(context.DeadlineExceeded)
				return
			}
			select {
			case <-parent.Done():
				d.end(context.Cause(parent))
				return
			case <-quit:
				return
			case <-timeUp:
				timeUp = nil
			case <-read:
				seen.read.Add(1)
			case <-srv.Hanging:
				seen.hanging.Add(1)
			}
		}
	})
	return d, func() { close(quit); clock.Wait() }
}

// readingClient is a client of srv that puts a value on read whenever the code under test has
// read an answer's body to its end or closed it.
func readingClient(srv *loopback.Server, read chan<- struct{}) *http.Client {
	return &http.Client{Transport: readingTransport{srv.Client.Transport, read}}
}

type readingTransport struct {
	http.RoundTripper
	read chan<- struct{}
}

func (t readingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.RoundTripper.RoundTrip(req)
	if err == nil {
		resp.Body = &readBody{ReadCloser: resp.Body, read: t.read}
	}
	return resp, err
}

// readBody announces, once, that it was read to its end or closed.
type readBody struct {
	io.ReadCloser
	read chan<- struct{}
	once sync.Once
}

func (b *readBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil {
		b.announce()
	}
	return n, err
}

func (b *readBody) Close() error {
	defer b.announce()
	return b.ReadCloser.Close()
}

// announce never blocks: a fan-out that fetches a URL more than once reads more answers than read
// has room for, and the clock needs to count only the first of them.
func (b *readBody) announce() {
	b.once.Do(func() {
		select {
		case b.read <- struct{}{}:
		default:
		}
	})
}
