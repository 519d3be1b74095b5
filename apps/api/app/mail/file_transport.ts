import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import nodemailer from 'nodemailer'
import { MailResponse } from '@adonisjs/mail'
import type { MailTransportContract, NodeMailerMessage } from '@adonisjs/mail/types'

/**
 * Writes every message as an RFC 5322 .eml file: the embedded default, so `npm start` needs no
 * SMTP server and a developer can open what would have been sent.
 */
export class FileTransport implements MailTransportContract {
  #transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })

  constructor(private options: { directory: string }) {}

  async send(message: NodeMailerMessage): Promise<MailResponse<{ path: string }>> {
    const info = await this.#transporter.sendMail(message)
    await mkdir(this.options.directory, { recursive: true })
    const path = join(this.options.directory, `${Date.now()}-${randomUUID()}.eml`)
    await writeFile(path, info.message as Buffer)
    return new MailResponse(info.messageId, info.envelope, { path })
  }
}
