// Renders Cucumber Messages (NDJSON) into one standalone HTML page with the official
// @cucumber/html-formatter: node render.mjs reports/messages.ndjson reports/index.html
import { createReadStream, createWriteStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CucumberHtmlStream } from '@cucumber/html-formatter'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: node render.mjs <messages.ndjson> <index.html>')
  process.exit(2)
}

async function* envelopes() {
  const lines = createInterface({ input: createReadStream(input), crlfDelay: Infinity })
  for await (const line of lines) {
    if (line.trim() !== '') yield JSON.parse(line)
  }
}

await pipeline(Readable.from(envelopes()), new CucumberHtmlStream(), createWriteStream(output))
