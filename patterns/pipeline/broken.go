package pipeline

import "context"

// MapIgnoringCancel is a NEGATIVE CONTROL: a stage that sends without watching ctx. When the
// consumer stops reading, it blocks on its send for ever.
func MapIgnoringCancel(f func(int) (int, error)) Stage {
	return func(_ context.Context, in <-chan int, out chan<- int) error {
		for v := range in {
			r, err := f(v)
			if err != nil {
				return err
			}
			out <- r
		}
		return nil
	}
}

// MapForwardingAfterCancel is a NEGATIVE CONTROL: a stage that looks at ctx only when its send
// would block. It never stays blocked, but while there is room downstream it goes on forwarding
// items after the pipeline was cancelled: work the consumer gave up on still flows through.
func MapForwardingAfterCancel(f func(int) (int, error)) Stage {
	return func(ctx context.Context, in <-chan int, out chan<- int) error {
		for v := range in {
			r, err := f(v)
			if err != nil {
				return err
			}
			select {
			case out <- r:
				continue
			default:
			}
			if err := Send(ctx, out, r); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
}

// MapUnbounded is a NEGATIVE CONTROL: a stage that accepts every item as soon as it arrives and
// queues it in memory, so no backpressure reaches the stages before it.
func MapUnbounded(f func(int) (int, error)) Stage {
	return func(ctx context.Context, in <-chan int, out chan<- int) error {
		var queue []int
		for in != nil || len(queue) > 0 {
			var send chan<- int
			var next int
			if len(queue) > 0 {
				send, next = out, queue[0]
			}
			select {
			case v, ok := <-in:
				if !ok {
					in = nil
					continue
				}
				r, err := f(v)
				if err != nil {
					return err
				}
				queue = append(queue, r)
			case send <- next:
				queue = queue[1:]
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}
}

// stackBatch is how many items MapFromStack gathers before it sends them.
const stackBatch = 4

// MapFromStack is a NEGATIVE CONTROL: a stage that gathers items in batches of four and
// sends each batch from a stack, last in first out, so items leave out of order. Blocked on a
// send, it holds the rest of its batch: more than the one item a stage may hold.
func MapFromStack(f func(int) (int, error)) Stage {
	return func(ctx context.Context, in <-chan int, out chan<- int) error {
		var stack []int
		flush := func() error {
			for ; len(stack) > 0; stack = stack[:len(stack)-1] {
				if err := Send(ctx, out, stack[len(stack)-1]); err != nil {
					return err
				}
			}
			return nil
		}
		for v := range in {
			r, err := f(v)
			if err != nil {
				return err
			}
			if stack = append(stack, r); len(stack) == stackBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		return ctx.Err()
	}
}

// MapSkippingFailures is a NEGATIVE CONTROL: a stage that drops an item its work fails on and
// goes on with the next. The error reaches nobody, and the pipeline ends as if every item had
// passed.
func MapSkippingFailures(f func(int) (int, error)) Stage {
	return func(ctx context.Context, in <-chan int, out chan<- int) error {
		for v := range in {
			r, err := f(v)
			if err != nil {
				continue
			}
			if err := Send(ctx, out, r); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
}
