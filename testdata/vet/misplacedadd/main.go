// Command misplacedadd calls WaitGroup.Add inside the goroutine it is meant to count: Wait may
// run before Add and return at once. Go 1.25's vet "waitgroup" analyzer reports it; the corpus
// runs vet on this package to show the check can fail. It is not part of the corpus build.
package main

import "sync"

func main() {
	var wg sync.WaitGroup
	go func() {
		wg.Add(1)
		defer wg.Done()
	}()
	wg.Wait()
}
