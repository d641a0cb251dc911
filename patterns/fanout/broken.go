package fanout

import (
	"context"
	"net/http"
	"sync"
)

// FetchAllCloseBeforeWait is a NEGATIVE CONTROL: it closes the results channel before waiting,
// so the first goroutine to finish sends on a closed channel and the process panics.
func FetchAllCloseBeforeWait(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make(chan Result, len(urls))
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() { results <- Fetch(ctx, client, url) })
	}
	close(results)
	wg.Wait()
	var out []Result
	for r := range results {
		out = append(out, r)
	}
	return out
}

// FetchAllWithoutWait is a NEGATIVE CONTROL: it forgets to wait and returns only the results
// that have already arrived; the rest are silently lost.
func FetchAllWithoutWait(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make(chan Result, len(urls))
	for _, url := range urls {
		go func() { results <- Fetch(ctx, client, url) }()
	}
	var out []Result
	for {
		select {
		case r := <-results:
			out = append(out, r)
		default:
			return out
		}
	}
}

// FetchFirstUnbuffered is a NEGATIVE CONTROL: it takes the first result from an unbuffered
// channel and returns; every other goroutine blocks on its send for ever.
func FetchFirstUnbuffered(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make(chan Result)
	for _, url := range urls {
		go func() { results <- Fetch(ctx, client, url) }()
	}
	return []Result{<-results}
}

// FetchAllOneByOne is a NEGATIVE CONTROL: it fetches the URLs one after another, each request
// waiting for the answer to the one before. Every URL gets its result, but never more than one
// request is in flight: the fan-out takes as long as all the requests together.
func FetchAllOneByOne(ctx context.Context, client *http.Client, urls []string) []Result {
	out := make([]Result, 0, len(urls))
	for _, url := range urls {
		out = append(out, Fetch(ctx, client, url))
	}
	return out
}
