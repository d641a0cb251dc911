package catalog

import (
	"context"
	"net/http"

	"github.com/concspec/concspec/patterns/fanout"
)

// FanOut requests every URL concurrently and returns what it collected.
type FanOut func(ctx context.Context, client *http.Client, urls []string) []fanout.Result

// FanOuts are the ways of fetching many URLs at once, by name.
var FanOuts = map[string]Entry[FanOut]{
	"wait then close":     {New: func() FanOut { return fanout.FetchAll }},
	"close before wait":   {New: func() FanOut { return fanout.FetchAllCloseBeforeWait }, NegativeControl: true},
	"without wait":        {New: func() FanOut { return fanout.FetchAllWithoutWait }, NegativeControl: true},
	"first of unbuffered": {New: func() FanOut { return fanout.FetchFirstUnbuffered }, NegativeControl: true},
}
