// P03: CPU work on the event loop holds up every other callback; the same work in a worker
// thread leaves the loop free. Prints one JSON object: how late a callback due at once ran
// while 300 ms of work ran inline, and while it ran in a worker.
import { Worker } from 'node:worker_threads'

const WORK_MS = 300
const spin = `const end = Date.now() + ${WORK_MS}; let x = 0; while (Date.now() < end) { x++ }`

function lateness(start) {
  return new Promise((resolve) => {
    const due = performance.now()
    setTimeout(() => resolve(performance.now() - due), 0)
    start()
  })
}

const inline = await lateness(() => new Function(spin)())

const worker = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.postMessage('started'); ${spin}; parentPort.postMessage('done')`, { eval: true })
const messages = (want) => new Promise((resolve) => worker.on('message', (m) => m === want && resolve()))
const started = messages('started')
const done = messages('done')
await started
const offloaded = await lateness(() => {})
await done
await worker.terminate()

console.log(JSON.stringify({ work_ms: WORK_MS, inline_lateness_ms: inline, worker_lateness_ms: offloaded, node: process.version }))
