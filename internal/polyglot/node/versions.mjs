// R26's probe of the version table's Node.js rows: "worker-threads" starts a worker from the
// worker_threads module, with no flag, and has it answer a message. Prints one JSON object with
// Node's version and whether the worker answered; a missing module fails the import.
import { Worker } from "node:worker_threads";

const milestone = process.argv[2];
if (milestone !== "worker-threads") {
  console.error(`unknown milestone ${JSON.stringify(milestone)}: worker-threads`);
  process.exit(2);
}
const worker = new Worker(
  `const { parentPort } = require("node:worker_threads");
   parentPort.once("message", (n) => parentPort.postMessage(n * 2));`,
  { eval: true },
);
const answer = await new Promise((resolve, reject) => {
  worker.once("message", resolve);
  worker.once("error", reject);
  worker.postMessage(21);
});
await worker.terminate();
console.log(JSON.stringify({ milestone, version: process.versions.node, works: answer === 42 }));
