package counter

// Unsynchronised is the NEGATIVE CONTROL: a plain int incremented with no synchronisation.
// Concurrent use is a data race and loses updates.
type Unsynchronised struct {
	n int64
}

// Increment is a racy read-modify-write.
func (c *Unsynchronised) Increment() { c.n++ }

// Value reads the count without synchronisation.
func (c *Unsynchronised) Value() int64 { return c.n }
