// Package fanout is the guide's fan-out-and-collect over HTTP: one goroutine per URL, a
// sync.WaitGroup, and a results channel with room for every result, closed after Wait.
//
// Contract of [FetchAll]: it requests every URL at once with ctx, and returns once every
// request has finished, with exactly one [Result] per URL (in completion order): the status
// and body, or the error (a deadline on ctx cuts a slow server off). No goroutine outlives it.
//
// The NEGATIVE CONTROLS in broken.go close the channel before Wait, forget Wait, use an
// unbuffered channel that nobody drains, or fetch one URL after another.
package fanout

import (
	"context"
	"io"
	"net/http"
	"sync"
)

// Result is the outcome of one request.
type Result struct {
	URL    string
	Status int
	Body   string
	Err    error
}

// Fetch requests url with ctx.
func Fetch(ctx context.Context, client *http.Client, url string) Result {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Result{URL: url, Err: err}
	}
	resp, err := client.Do(req)
	if err != nil {
		return Result{URL: url, Err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return Result{URL: url, Status: resp.StatusCode, Body: string(body), Err: err}
}

// FetchAll requests every URL concurrently and returns one result per URL.
func FetchAll(ctx context.Context, client *http.Client, urls []string) []Result {
	results := make(chan Result, len(urls))
	var wg sync.WaitGroup
	for _, url := range urls {
		wg.Go(func() { results <- Fetch(ctx, client, url) })
	}
	wg.Wait()
	close(results)
	out := make([]Result, 0, len(urls))
	for r := range results {
		out = append(out, r)
	}
	return out
}
