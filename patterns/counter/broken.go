package counter

// Unsynchronised is the NEGATIVE CONTROL: a plain int incremented with no synchronisation.
// Concurrent use is a data race and loses updates.
type Unsynchronised struct {
	n       int64
	between func()
}

// Increment is a racy read-modify-write: it reads the count, then writes it back plus one.
func (c *Unsynchronised) Increment() {
	v := c.n
	if c.between != nil {
		c.between()
	}
	c.n = v + 1
}

// Value reads the count without synchronisation.
func (c *Unsynchronised) Value() int64 { return c.n }

// Between makes every later Increment call between after reading the count and before writing
// it back: the corpus forces, through it, the interleaving that loses updates, so that the loss
// is certain rather than likely. Call it before any goroutine increments the counter.
func (c *Unsynchronised) Between(between func()) { c.between = between }
