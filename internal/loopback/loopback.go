// Package loopback is the HTTP server the fan-out scenarios talk to, on 127.0.0.1 only. Its
// paths say how to answer:
//
//	/ok/{id}    200 with the body "ok {id}"
//	/fail/{id}  500
//
// and, on those two, "?latency=50ms" delays the answer (a request the client gives up on stops
// waiting at once)
//
//	/held/{id}  200, but only once Release is called
//	/hang/{id}  never answers; returns when the client gives up
//
// Every answered request is announced on Served, and every request that reached /hang on
// Hanging. [Body] says what the server answers on a URL.
package loopback

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	pathpkg "path"
	"strings"
	"sync"
	"time"
)

// Server is a loopback HTTP server and a client for it.
type Server struct {
	*httptest.Server
	// Client talks to the server; Close closes its idle connections.
	Client *http.Client
	// Served receives a value for every request answered.
	Served chan struct{}
	// Hanging receives a value for every request to /hang that has reached the server.
	Hanging chan struct{}
	release chan struct{}
	once    sync.Once
}

// Start starts an HTTP/1.1 server; served is how many answers Served can hold. Every request
// in flight at once takes a connection, and so two file descriptors in this process.
func Start(served int) *Server {
	return start(served, false)
}

// StartHTTP2 starts a server that speaks unencrypted HTTP/2, with a client that does too:
// requests share a few connections, so ten thousand can be in flight without ten thousand
// connections.
func StartHTTP2(served int) *Server {
	return start(served, true)
}

func start(served int, http2 bool) *Server {
	s := &Server{Served: make(chan struct{}, served), Hanging: make(chan struct{}, served), release: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok/{id}", func(w http.ResponseWriter, r *http.Request) {
		if delay(r) {
			s.answer(w, http.StatusOK, Body(r.URL.Path))
		}
	})
	mux.HandleFunc("/fail/{id}", func(w http.ResponseWriter, r *http.Request) {
		if delay(r) {
			s.answer(w, http.StatusInternalServerError, Body(r.URL.Path))
		}
	})
	mux.HandleFunc("/held/{id}", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-s.release:
			s.answer(w, http.StatusOK, Body(r.URL.Path))
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/hang/{id}", func(_ http.ResponseWriter, r *http.Request) {
		announce(s.Hanging)
		<-r.Context().Done()
	})
	s.Server = httptest.NewUnstartedServer(mux)
	transport := &http.Transport{}
	if http2 {
		var protocols http.Protocols
		protocols.SetUnencryptedHTTP2(true)
		s.Server.Config.Protocols = &protocols
		transport.Protocols = &protocols
		// Every request shares one connection: with the default limit of 250 streams the client
		// dials more connections under load and may close one that a request was about to use.
		s.Server.Config.HTTP2 = &http.HTTP2Config{MaxConcurrentStreams: 1 << 20}
	}
	s.Server.Start()
	s.Client = &http.Client{Transport: transport}
	return s
}

// delay waits for the request's latency parameter, and reports false if the client gave up
// first.
func delay(r *http.Request) bool {
	latency, err := time.ParseDuration(r.URL.Query().Get("latency"))
	if err != nil || latency <= 0 {
		return true
	}
	timer := time.NewTimer(latency)
	defer timer.Stop()
	select {
	case <-timer.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func (s *Server) answer(w http.ResponseWriter, status int, body string) {
	w.WriteHeader(status)
	fmt.Fprint(w, body)
	announce(s.Served)
}

// announce puts a value on ch if it has room.
func announce(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

// URLs returns n URLs on the given path ("ok", "fail", "held", "hang"), numbered from first;
// query, if not empty, is added to each (for example "latency=50ms").
func (s *Server) URLs(path string, first, n int, query string) []string {
	urls := make([]string, n)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/%s/%d", s.URL, path, first+i)
		if query != "" {
			urls[i] += "?" + query
		}
	}
	return urls
}

// Body is the body the server answers on path (a URL's path, or the whole URL): "ok 7" on
// /ok/7 and /held/7, "failed 7" on /fail/7, and "" on /hang, which never answers.
func Body(path string) string {
	path, _, _ = strings.Cut(path, "?")
	dir, id := pathpkg.Split(path)
	switch pathpkg.Base(dir) {
	case "ok", "held":
		return "ok " + id
	case "fail":
		return "failed " + id
	}
	return ""
}

// Release lets every held request be answered, now and from now on.
func (s *Server) Release() { s.once.Do(func() { close(s.release) }) }

// Close releases held requests, closes the client's idle connections and stops the server.
func (s *Server) Close() {
	s.Release()
	s.Client.CloseIdleConnections()
	s.Server.Close()
}
