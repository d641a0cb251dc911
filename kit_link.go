package concspec

import (
	"context"

	"github.com/concspec/concspec/steps/links"
)

// Link is the channel-link contract: a producer sends on In and closes it when it has no more; a
// consumer receives from Out until it closes. A queue with an input and an output channel
// (github.com/smallnest/chanx's unbounded channel) fits it by naming its fields; so does a
// plain channel, which is both.
type Link = links.Link

// Unbounded is the capability of a link that takes every item it is sent, whatever the consumer
// does. It is a legal choice that removes backpressure: the link's row then reports how many
// items it took while the consumer was paused, as a difference, instead of failing it.
const Unbounded = links.Unbounded

// ChannelLink declares a channel link: open returns a link of the given capacity, whose own
// goroutines (if any) end once ctx is done.
func ChannelLink(name string, open func(ctx context.Context, capacity int) Link, capabilities ...string) Implementation {
	return Implementation{name: name, column: "link", capabilities: capabilities, entry: links.Entry(name, open, capabilities)}
}
