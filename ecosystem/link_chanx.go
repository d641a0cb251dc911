package ecosystem

import (
	"context"

	"github.com/concspec/concspec"
	"github.com/smallnest/chanx"
)

// chanx.UnboundedChan "is an unbounded chan. In is used to write without blocking": unbounded.
// NewUnboundedChan(ctx, initCapacity) makes its In and Out channels, and its ring buffer, of the
// initial capacity, and a goroutine that moves the items across, growing the buffer as it needs
// to; the goroutine ends once In is closed and the buffer drained, or when ctx is done. Its In
// and Out fields are the contract's In and Out.
func init() {
	register(channelLink("chanx.UnboundedChan", (*chanx.UnboundedChan[int])(nil), openChanx, concspec.Unbounded))
}

type chanxLink struct{ c *chanx.UnboundedChan[int] }

func openChanx(ctx context.Context, capacity int) concspec.Link {
	return chanxLink{chanx.NewUnboundedChan[int](ctx, capacity)}
}

func (l chanxLink) In() chan<- int  { return l.c.In }
func (l chanxLink) Out() <-chan int { return l.c.Out }
