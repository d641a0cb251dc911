package lifetime

import "context"

// FireAndForget is a NEGATIVE CONTROL (rule R10): it starts task in a goroutine that nobody
// joins. Nobody hears the task's error, nobody can wait for it, and if it blocks it leaks.
func FireAndForget(task func() error) {
	go task()
}

// CollectWithoutWait is a NEGATIVE CONTROL (rule R21): it starts the tasks but forgets to wait
// for them, and returns only the results that happen to have arrived already. The rest are
// silently lost.
func CollectWithoutWait[T any](tasks []func() T) []T {
	results := make(chan T, len(tasks))
	for _, task := range tasks {
		go func() { results <- task() }()
	}
	var out []T
	for {
		select {
		case r := <-results:
			out = append(out, r)
		default:
			return out
		}
	}
}

// ReceiveForever is a NEGATIVE CONTROL (rule R12): it waits for a value with no way to be
// stopped. If nobody ever sends, the calling goroutine leaks.
func ReceiveForever[T any](ch <-chan T) T {
	return <-ch
}

// WaitForWorkIgnoringContext is a NEGATIVE CONTROL (rule R11): a task that takes a context but
// never looks at it, so cancelling the group does not stop it.
func WaitForWorkIgnoringContext(_ context.Context, work <-chan struct{}) error {
	<-work
	return nil
}
