// P04: Promise.all rejects at the first rejection and stops none of the others; an
// AbortController handed to every task stops them. Prints one JSON object for the mode given
// (promise-all or promise-all-with-abort): how many of the 4 siblings were still running when
// the rejection arrived, and then how many ran to the end and how many the failure stopped.
const SIBLINGS = 4

async function run(withAbort) {
  const controller = new AbortController()
  let release
  const released = new Promise((resolve) => { release = resolve })
  let running = 0; let completed = 0; let stopped = 0
  const sibling = async () => {
    running++
    const aborted = new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }))
    const outcome = await Promise.race([released.then(() => 'released'), aborted.then(() => 'aborted')])
    running--
    if (outcome === 'aborted') stopped++
    else completed++
  }
  const failing = async () => {
    await Promise.resolve()
    throw new Error('boom')
  }
  const siblings = Array.from({ length: SIBLINGS }, sibling)
  let error
  try {
    await Promise.all([...siblings, failing().catch((e) => { if (withAbort) controller.abort(e); throw e })])
  } catch (e) {
    error = e.message
  }
  const runningAfterRejection = running
  release() // let whatever still runs finish
  await Promise.allSettled(siblings)
  return { join: withAbort ? 'promise-all-with-abort' : 'promise-all', error, running_after_rejection: runningAfterRejection, completed, stopped }
}

const mode = process.argv[2]
if (mode !== 'promise-all' && mode !== 'promise-all-with-abort') {
  console.error(`unknown mode ${mode}: promise-all or promise-all-with-abort`)
  process.exit(2)
}
console.log(JSON.stringify(await run(mode === 'promise-all-with-abort')))
