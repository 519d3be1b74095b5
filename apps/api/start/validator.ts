/*
 * Validation messages follow the caller's language (app/shared/validation_messages.ts).
 */
import vine from '@vinejs/vine'
import { LocalizedMessagesProvider } from '#shared/validation_messages'

vine.messagesProvider = new LocalizedMessagesProvider()
