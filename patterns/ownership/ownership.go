// Package ownership shows the Go side of the guide's rule that workers share nothing but what
// is explicitly handed over: share memory by communicating. A value sent on a channel changes
// owner; the sender does not touch it again, so the receiver may use it without a lock.
//
// Contract of [Handoff]: it fills n buffers and sends each on out, closing out at the end; a
// buffer is never read or written by the sender after it was sent. Every buffer arrives with
// Seq and Data exactly as they were when sent.
//
// [HandoffThenKeepWriting] is the NEGATIVE CONTROL: it keeps writing to a buffer after sending
// it, a data race with the receiver that the race detector reports.
package ownership

// Buffer is what changes owner.
type Buffer struct {
	Seq  int
	Data []int
}

// Fill gives the buffer its sequence number and contents.
func (b *Buffer) Fill(seq, size int) {
	b.Seq, b.Data = seq, make([]int, size)
	for i := range b.Data {
		b.Data[i] = seq
	}
}

// Intact reports whether the buffer still holds what Fill put there.
func (b *Buffer) Intact() bool {
	for _, v := range b.Data {
		if v != b.Seq {
			return false
		}
	}
	return true
}

// Handoff sends n filled buffers on out and closes it.
func Handoff(out chan<- *Buffer, n, size int) {
	defer close(out)
	for seq := range n {
		b := &Buffer{}
		b.Fill(seq, size)
		out <- b // from here on, b belongs to the receiver
	}
}
