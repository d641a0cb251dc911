package ownership

// HandoffThenKeepWriting is a NEGATIVE CONTROL: it sends each buffer and then writes to it
// again, while the receiver may be reading it.
func HandoffThenKeepWriting(out chan<- *Buffer, n, size int) {
	defer close(out)
	for seq := range n {
		b := &Buffer{}
		b.Fill(seq, size)
		out <- b
		b.Data[0] = -1 // the bug: b is no longer ours
	}
}
