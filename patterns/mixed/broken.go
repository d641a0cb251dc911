package mixed

import "context"

// Inline is a NEGATIVE CONTROL: an I/O layer that runs each request's CPU work itself before it
// accepts the next request.
type Inline struct{}

// Run accepts and computes one request at a time.
func (Inline) Run(ctx context.Context, in <-chan Request, accepted Accepted) {
	for {
		select {
		case r, ok := <-in:
			if !ok {
				return
			}
			accepted(r.ID, true)
			r.Work()
		case <-ctx.Done():
			return
		}
	}
}
