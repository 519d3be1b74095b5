import { mkdirSync } from 'node:fs'
import { dirname, isAbsolute } from 'node:path'
import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'

/*
 * One set of migrations for both connections: mysql (MySQL 8 / MariaDB, used by tests and in
 * production) and sqlite (the embedded default of `npm start`).
 */
const sqliteFile = (() => {
  const file = env.get('SQLITE_FILE') ?? 'tmp/tessera.sqlite3'
  const path = isAbsolute(file) ? file : app.makePath(file)
  mkdirSync(dirname(path), { recursive: true })
  return path
})()

const dbConfig = defineConfig({
  connection: env.get('DB_CONNECTION'),
  prettyPrintDebugQueries: false,
  connections: {
    mysql: {
      client: 'mysql2',
      connection: {
        host: env.get('DB_HOST', '127.0.0.1'),
        port: env.get('DB_PORT', 3306),
        user: env.get('DB_USER', 'tessera'),
        password: env.get('DB_PASSWORD')?.release(),
        database: env.get('DB_DATABASE', 'tessera'),
        charset: 'utf8mb4',
        timezone: 'Z',
        dateStrings: false,
      },
      pool: { min: 0, max: 10 },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
    },
    sqlite: {
      client: 'better-sqlite3',
      connection: { filename: sqliteFile },
      useNullAsDefault: true,
      // WAL lets reads run beside an open transaction on another connection (one connection, the
      // default, makes any query outside a transaction wait for it forever); writers wait their turn.
      pool: {
        min: 1,
        max: 4,
        afterCreate: (connection: { pragma(sql: string): unknown }, done: (error: Error | null) => void) => {
          connection.pragma('journal_mode = WAL')
          connection.pragma('busy_timeout = 10000')
          done(null)
        },
      },
      migrations: { naturalSort: true, paths: ['database/migrations'] },
    },
  },
})

export default dbConfig
