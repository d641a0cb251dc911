package ownership

import (
	"context"
	"flag"
	"fmt"

	"github.com/concspec/concspec/internal/catalog"
	"github.com/concspec/concspec/patterns/ownership"
)

// Result is what the handoff control prints.
type Result struct {
	Received int `json:"received"`
	Intact   int `json:"intact"`
}

// control passes buffers from one goroutine to another with a catalogued handoff; the receiver
// reads every buffer it gets. Built with -race, the handoff that keeps writing after the send
// is reported; the one that lets go is not.
func control(cat *catalog.Catalog, args []string) (any, error) {
	flags := flag.NewFlagSet("handoff", flag.ContinueOnError)
	name := flags.String("impl", "send and keep writing", "handoff, by catalog name")
	n := flags.Int("buffers", 100, "buffers to hand over")
	size := flags.Int("size", 64, "ints per buffer")
	if err := flags.Parse(args); err != nil {
		return nil, err
	}
	if *n < 1 || *size < 1 {
		return nil, fmt.Errorf("-buffers and -size must be at least 1")
	}
	h, err := catalog.Lookup(cat, kind, *name)
	if err != nil {
		return nil, err
	}
	return receive(context.Background(), h, *n, *size), nil
}

// receive runs the handoff h in a goroutine of its own and reads every buffer as it arrives,
// until the handoff closes its channel or ctx is done. A buffer counts as intact when it was
// intact on arrival and still is once the channel is closed: the close comes after every write
// of the sender, so a sender that wrote to a buffer after sending it is caught every time, not
// only when the receiver happens to read after the write.
func receive(ctx context.Context, h handoff, n, size int) Result {
	out := make(chan *ownership.Buffer)
	go h(out, n, size)
	var arrivedIntact []*ownership.Buffer
	var res Result
	for {
		select {
		case b, ok := <-out:
			if !ok {
				for _, b := range arrivedIntact {
					if b.Intact() {
						res.Intact++
					}
				}
				return res
			}
			res.Received++
			if b.Intact() {
				arrivedIntact = append(arrivedIntact, b)
			}
		case <-ctx.Done():
			return res
		}
	}
}
