// R21: a promise that rejects with nobody awaiting it or catching it. Since Node.js 15 the
// default (--unhandled-rejections=throw) treats it as an uncaught exception: the process ends
// with exit code 1 and the error on stderr, before a callback it had scheduled can run. The
// program runs two child Node.js processes, each bounded by CHILD_BOUND_MS (past it the child is
// killed and the program fails, saying so), and prints one JSON object: the exit code, whether
// the later callback ran, and the error line on stderr, for the child that forgets the
// rejection ("unhandled_…") and for the one that catches it ("handled_…").
import { spawnSync } from 'node:child_process'

const CHILD_BOUND_MS = 15000

// Each child calls an async function that throws, schedules a callback for later, and (for
// the handled one) catches the rejection.
const child = (handled) => `
async function save () { throw new Error('the save failed') }
const saving = save()
${handled ? "saving.catch((e) => console.log('caught: ' + e.message))" : ''}
setImmediate(() => console.log('the later callback ran'))
`

function run (handled) {
  // NODE_OPTIONS emptied: the child runs with the defaults, whatever the caller's environment sets.
  const env = { ...process.env, NODE_OPTIONS: '' }
  const r = spawnSync(process.execPath, ['-e', child(handled)], { encoding: 'utf8', timeout: CHILD_BOUND_MS, env })
  if (r.error) throw r.error
  const errorLine = r.stderr.split('\n').find((line) => line.startsWith('Error:')) ?? null
  return { exit_code: r.status, later_callback_ran: r.stdout.includes('the later callback ran'), error_line: errorLine, stdout: r.stdout, stderr: r.stderr }
}

const unhandled = run(false)
const handled = run(true)
const out = { node: process.version }
for (const [name, r] of Object.entries({ unhandled, handled })) {
  for (const [k, v] of Object.entries(r)) out[`${name}_${k}`] = v
}
console.log(JSON.stringify(out))
