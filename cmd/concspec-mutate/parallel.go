package main

// slots bounds how many corpus processes run at once: take one before starting a process, give
// it back when it has ended.
type slots chan struct{}

func (s slots) take() { s <- struct{}{} }
func (s slots) give() { <-s }

// inOrder runs the jobs side by side, each in a slot of s, starting them in the order start
// gives (indices into jobs), and calls emit with their results in the jobs' own order, each as
// soon as it and every job before it are done. It returns the results in the jobs' order.
func inOrder[T any](s slots, jobs []func() T, start []int, emit func(T)) []T {
	results := make([]T, len(jobs))
	done := make([]chan struct{}, len(jobs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	go func() {
		for _, i := range start {
			s.take()
			go func() {
				defer s.give()
				results[i] = jobs[i]()
				close(done[i])
			}()
		}
	}()
	for i := range jobs {
		<-done[i]
		emit(results[i])
	}
	return results
}
