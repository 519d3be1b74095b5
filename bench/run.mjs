// `npm run bench`: every benchmark in bench/, one after the other. Each prints a table of figures
// against a raw baseline measured in the same run and writes bench/results/<name>.json.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('./', import.meta.url))
let failed = 0
for (const file of readdirSync(dir)
  .filter((f) => /\.bench\.(mjs|ts)$/.test(f))
  .sort()) {
  // ts-exec for every file: some benchmarks import workspace packages that ship TypeScript sources.
  const args = ['--import=@poppinss/ts-exec', file]
  const result = spawnSync(process.execPath, args, { cwd: dir, stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
