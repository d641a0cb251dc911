// P03: what crosses to a worker thread, and how. Prints one JSON object for the mode given:
//
// - "transfer": an ArrayBuffer posted with itself in the transfer list is detached in the
//   sender, its byteLength 0, while the worker receives every byte; the same buffer posted
//   without a transfer list is copied and the sender keeps it.
// - "shared": a SharedArrayBuffer is the same memory on both sides: the worker and the main
//   thread each add ADDS to one counter in it with Atomics.add (the two may overlap), and the
//   main thread sees every addition. The worker says it is done with Atomics.store and
//   Atomics.notify; the main thread waits with Atomics.wait, bounded by WAIT_BOUND_MS. For
//   contrast, an ordinary ArrayBuffer posted without a transfer list is a copy: the worker's
//   ADDS additions to it are not seen by the sender.
// - "clone": an ordinary object arrives as a structured clone: the worker's change to it is not
//   seen by the sender, its class is lost (a plain Object arrives), an object it refers to
//   twice arrives as one object referred to twice, and what the worker posts back is a new
//   object, not the one sent.
// - "function": posting a function throws a DataCloneError in the sender, and nothing reaches
//   the worker.
import { Worker } from 'node:worker_threads'

const ADDS = 100000
const WAIT_BOUND_MS = 20000

// The worker answers each message as its mode says, counting the messages it received.
const workerSource = `
const { parentPort } = require('node:worker_threads')
let received = 0
parentPort.on('message', ({ mode, payload }) => {
  received++
  if (mode === 'transfer') {
    parentPort.postMessage({ bytes: payload.byteLength, last: new Uint8Array(payload)[payload.byteLength - 1] })
  } else if (mode === 'shared') {
    const counter = new Int32Array(payload)
    for (let i = 0; i < ${ADDS}; i++) Atomics.add(counter, 0, 1)
    Atomics.store(counter, 1, 1)
    Atomics.notify(counter, 1)
  } else if (mode === 'copied') {
    const counter = new Int32Array(payload)
    for (let i = 0; i < ${ADDS}; i++) Atomics.add(counter, 0, 1)
    parentPort.postMessage({ count: Atomics.load(counter, 0) })
  } else if (mode === 'clone') {
    const seen = { x: payload.x, constructor: payload.constructor.name, sameInner: payload.a === payload.b }
    payload.x = 99
    parentPort.postMessage({ seen, changed: payload })
  } else if (mode === 'ping') {
    parentPort.postMessage({ received })
  }
})
`

const worker = new Worker(workerSource, { eval: true })
const reply = () => new Promise((resolve) => worker.once('message', resolve))

class Point {
  constructor (x) {
    this.x = x
    const inner = { y: 2 }
    this.a = inner
    this.b = inner
  }
}

async function transfer () {
  const buffer = new ArrayBuffer(1024)
  new Uint8Array(buffer)[1023] = 7
  let answer = reply()
  worker.postMessage({ mode: 'transfer', payload: buffer }, [buffer])
  const afterTransfer = buffer.byteLength
  const received = await answer
  const copied = new ArrayBuffer(1024)
  answer = reply()
  worker.postMessage({ mode: 'transfer', payload: copied })
  const afterCopy = copied.byteLength
  await answer
  return {
    sent_bytes: 1024,
    sender_bytes_after_transfer: afterTransfer,
    worker_bytes: received.bytes,
    worker_last_byte: received.last,
    sender_bytes_after_copy: afterCopy,
  }
}

async function shared () {
  const memory = new SharedArrayBuffer(8)
  const counter = new Int32Array(memory)
  worker.postMessage({ mode: 'shared', payload: memory })
  for (let i = 0; i < ADDS; i++) Atomics.add(counter, 0, 1)
  const waited = Atomics.wait(counter, 1, 0, WAIT_BOUND_MS) // 'ok', or 'not-equal' if already done
  if (waited === 'timed-out') {
    throw new Error(`the worker did not say it was done within ${WAIT_BOUND_MS} ms`)
  }
  const count = Atomics.load(counter, 0)
  const copy = new ArrayBuffer(8)
  const answer = reply()
  worker.postMessage({ mode: 'copied', payload: copy })
  const inWorker = (await answer).count
  return {
    adds_each: ADDS,
    expected: 2 * ADDS,
    count,
    copied_buffer_count_in_worker: inWorker,
    copied_buffer_count_in_sender: new Int32Array(copy)[0],
  }
}

async function clone () {
  const sent = new Point(1)
  const answer = reply()
  worker.postMessage({ mode: 'clone', payload: sent })
  const { seen, changed } = await answer
  return {
    worker_saw_x: seen.x,
    worker_constructor: seen.constructor,
    sender_constructor: sent.constructor.name,
    worker_same_inner: seen.sameInner,
    worker_set_x: changed.x,
    sender_x_after_worker_change: sent.x,
    returned_is_sent: changed === sent,
  }
}

async function fn () {
  let error = {}
  try {
    worker.postMessage({ mode: 'function', payload: () => 1 })
  } catch (e) {
    error = e
  }
  const answer = reply()
  worker.postMessage({ mode: 'ping' })
  const { received } = await answer
  return { error_name: error.name, error: error.message, worker_received_before_ping: received - 1 }
}

const modes = { transfer, shared, clone, function: fn }
const mode = process.argv[2]
if (!(mode in modes)) {
  console.error(`unknown mode ${mode}: ${Object.keys(modes).join(', ')}`)
  process.exit(2)
}
try {
  console.log(JSON.stringify({ mode, ...(await modes[mode]()) }))
} finally {
  await worker.terminate()
}
