// P03: CPU work on the event loop holds up every other callback; the same work in a worker
// thread leaves the loop free. Prints one JSON object: how late a callback due at once ran while
// 300 ms of work ran inline, and while it ran in a worker; and how many times a callback that
// keeps rescheduling itself ran while the work was in progress, inline and in a worker. The
// count does not depend on how busy the machine is: inline it is 0, because the loop runs
// nothing until the work returns; beside a worker it is at least 1.
import { Worker } from 'node:worker_threads'

const WORK_MS = 300
const spin = `const end = Date.now() + ${WORK_MS}; let x = 0; while (Date.now() < end) { x++ }`

// observe starts the work with start (which returns a promise of its end), and returns how late
// a callback due at once ran, and how many times a self-rescheduling callback ran until the
// work ended.
async function observe(start) {
  const due = performance.now()
  const late = new Promise((resolve) => setTimeout(() => resolve(performance.now() - due), 0))
  let ticks = 0
  let working = true
  const tick = () => {
    if (working) {
      ticks++
      setTimeout(tick, 0)
    }
  }
  setTimeout(tick, 0)
  await start()
  working = false
  const during = ticks
  return { lateness: await late, callbacks: during }
}

const inline = await observe(async () => new Function(spin)())

const worker = new Worker(`const { parentPort } = require('node:worker_threads'); parentPort.once('message', () => { ${spin}; parentPort.postMessage('done') })`, { eval: true })
await new Promise((resolve) => worker.once('online', resolve))
const offloaded = await observe(() => new Promise((resolve) => {
  worker.once('message', resolve)
  worker.postMessage('start')
}))
await worker.terminate()

console.log(JSON.stringify({
  work_ms: WORK_MS,
  inline_lateness_ms: inline.lateness,
  worker_lateness_ms: offloaded.lateness,
  inline_callbacks_during_work: inline.callbacks,
  worker_callbacks_during_work: offloaded.callbacks,
  node: process.version,
}))
