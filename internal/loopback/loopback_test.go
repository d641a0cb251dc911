package loopback

import (
	"io"
	"testing"
)

func TestBodyIsWhatTheServerAnswers(t *testing.T) {
	s := Start(8)
	defer s.Close()
	s.Release()
	urls := append(append(s.URLs("ok", 0, 2, "latency=1ms"), s.URLs("fail", 2, 1, "")...), s.URLs("held", 3, 1, "")...)
	for _, url := range urls {
		resp, err := s.Client.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if want := Body(url); string(body) != want || want == "" {
			t.Errorf("%s answered %q, Body says %q", url, body, want)
		}
	}
	if got := Body("/hang/1"); got != "" {
		t.Errorf("Body of a URL that never answers is %q, want none", got)
	}
}
