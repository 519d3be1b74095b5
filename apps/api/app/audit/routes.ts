import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AuditEventsController = () => import('#audit/audit_events_controller')

router
  .group(() => {
    router.get('/', [AuditEventsController, 'index']).as('admin.audit.index')
    router.get('/verify', [AuditEventsController, 'verify']).as('admin.audit.verify')
    router.get('/monthly', [AuditEventsController, 'monthly']).as('admin.audit.monthly')
    router.get('/summary', [AuditEventsController, 'summary']).as('admin.audit.summary')
  })
  .prefix('/v1/admin/audit-events')
  .use(middleware.admin({ permission: 'audit.read' }))
