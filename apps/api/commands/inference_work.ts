import { BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import env from '#start/env'

/**
 * Runs the inference worker: analyses from the `inference` queue with onnxruntime-node, until
 * SIGINT/SIGTERM. A process of its own, as model runs keep the CPU (and the event loop) busy.
 */
export default class InferenceWork extends BaseCommand {
  static commandName = 'inference:work'
  static description = 'Run image analyses (ONNX models) from the inference queue'
  static options: CommandOptions = { startApp: true, staysAlive: true }

  @flags.number({ description: 'Analyses at once (default INFERENCE_CONCURRENCY, else 1)' })
  declare concurrency?: number

  async run() {
    const { startWorkers } = await import('#queue/worker')
    const { closeSessions } = await import('#inference/analysis_service')
    const concurrency = this.concurrency ?? env.get('INFERENCE_CONCURRENCY') ?? 1
    const lockDuration = env.get('INFERENCE_LOCK_MS') ?? 30_000
    const workers = await startWorkers(['inference'], { concurrency, lockDuration })
    const provider = env.get('INFERENCE_EXECUTION_PROVIDER') ?? 'cpu'
    this.logger.info(`Inference worker: concurrency ${concurrency}, execution provider ${provider}`)
    const stop = async () => {
      await Promise.all(workers.map((w) => w.close()))
      await closeSessions()
      await this.terminate()
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  }
}
