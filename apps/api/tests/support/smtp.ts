import { SMTPServer } from 'smtp-server'
import { simpleParser, type ParsedMail } from 'mailparser'

export type ReceivedMail = { envelopeTo: string[]; raw: string; parsed: ParsedMail }

/** Everything the loopback SMTP server received during the run. */
export const inbox = {
  messages: [] as ReceivedMail[],
  /** Refuse the next N deliveries with a temporary (4xx) error, to exercise retries. */
  failNext: 0,
  /** Drop the connection (no reply) after the data of the next N deliveries. */
  dropNext: 0,
  clear() {
    this.messages.length = 0
    this.failNext = 0
    this.dropNext = 0
  },
  /** Resolves with the first message matching `predicate`, waiting up to `timeoutMs`. */
  async waitFor(predicate: (m: ReceivedMail) => boolean, timeoutMs = 10_000): Promise<ReceivedMail> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = this.messages.find(predicate)
      if (found) return found
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`No matching mail within ${timeoutMs} ms (received ${this.messages.length})`)
  },
}

export type TestSmtpServer = { close(): Promise<void> }

/** A real SMTP server (no TLS, no auth) on 127.0.0.1, as the tests' mail transport talks to. */
export async function startSmtpServer(port: number): Promise<TestSmtpServer> {
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', async () => {
        if (inbox.dropNext > 0) {
          inbox.dropNext--
          const connections = (
            server as unknown as { connections: Set<{ id: string; _socket: { destroy(): void } }> }
          ).connections
          for (const c of connections) if (c.id === session.id) c._socket.destroy()
          return
        }
        if (inbox.failNext > 0) {
          inbox.failNext--
          const error = new Error('Try again later') as Error & { responseCode: number }
          error.responseCode = 451
          return callback(error)
        }
        const raw = Buffer.concat(chunks).toString('utf8')
        inbox.messages.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          raw,
          parsed: await simpleParser(raw),
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  return { close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}
