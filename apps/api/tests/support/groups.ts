import type { Group } from '@japa/runner/core'
import testUtils from '@adonisjs/core/services/test_utils'
import clock from '#shared/clock'
import { startWorkers } from '#queue/worker'
import { QUEUE_NAMES, queue, type QueueName } from '#queue/queues'
import { inbox } from '#tests/support/smtp'

/** Real BullMQ workers on the test Redis for the queues a group needs, closed after the group. */
export function withWorkers(group: Group, queues: QueueName[]) {
  group.setup(async () => {
    const workers = await startWorkers(queues)
    return async () => {
      await Promise.all(workers.map((w) => w.close()))
    }
  })
}

/**
 * Per test: an empty SMTP inbox, the clock frozen at `at` (reset after), and one database
 * transaction rolled back at the end.
 */
export function isolateEachTest(group: Group, at?: Date) {
  group.each.setup(() => {
    inbox.clear()
    if (at) clock.freeze(at)
    return () => clock.reset()
  })
  group.each.setup(() => testUtils.db().withGlobalTransaction())
}

/**
 * Empties every queue after the group: a group that sends many requests without running workers
 * (sweeps, fuzzing) must not leave jobs — e-mails above all — for a later group's workers to send.
 */
export function emptyQueuesAfter(group: Group) {
  group.teardown(async () => {
    await Promise.all(QUEUE_NAMES.map((name) => queue(name).obliterate({ force: true })))
  })
}
