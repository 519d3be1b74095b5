import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AuditEventsController = () => import('#audit/audit_events_controller')

router
  .get('/v1/admin/audit-events', [AuditEventsController, 'index'])
  .as('admin.audit.index')
  .use(middleware.admin({ permission: 'audit.read' }))
