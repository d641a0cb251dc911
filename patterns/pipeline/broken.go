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
