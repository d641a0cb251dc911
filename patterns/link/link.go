// Package link is the channel that joins two stages of a pipeline (rule R25): a producer sends
// on In, and closes it when it has no more; a consumer receives from Out until it closes. The
// shape is that of a queue with an input and an output channel, such as
// github.com/smallnest/chanx's unbounded channel; a plain channel is both at once.
//
// Contract of [Channel]:
//   - Backpressure: the link holds at most its capacity; with the consumer paused, the
//     producer's next send blocks until the consumer takes an item.
//   - Order: items come out in the order they went in, each once.
//   - Close: once the producer closes In, Out closes after the last item.
//
// The NEGATIVE CONTROL in broken.go is a queue that takes every item it is sent, holding them
// in a slice: the producer never waits, whatever the consumer does.
package link

// Channel is a link made of one buffered channel: In and Out are the same channel.
type Channel chan int

// NewChannel returns a link that holds at most capacity items.
func NewChannel(capacity int) Channel {
	return make(Channel, capacity)
}

// In is where the producer sends.
func (c Channel) In() chan<- int { return c }

// Out is where the consumer receives.
func (c Channel) Out() <-chan int { return c }
