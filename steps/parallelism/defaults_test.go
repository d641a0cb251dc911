package parallelism

import "testing"

// The default-GOMAXPROCS check holds a program to the runtime's default, a processor per CPU it
// may use, and fires on a program whose environment decided otherwise.
func TestTheDefaultCheckFiresOnASetting(t *testing.T) {
	for _, c := range []struct {
		st   Started
		fire bool
	}{
		{Started{GOMAXPROCS: 8, Default: 8, CPUs: 8}, false},
		{Started{GOMAXPROCS: 3, Default: 3, CPUs: 8}, false}, // a cgroup limit of 2.5 CPUs
		{Started{GOMAXPROCS: 1, Default: 8, CPUs: 8, Env: "1"}, true},
		{Started{GOMAXPROCS: 9, Default: 9, CPUs: 8}, true},
	} {
		if err := c.st.notDefault(); (err != nil) != c.fire {
			t.Errorf("%+v: the check says %v", c.st, err)
		}
	}
}
