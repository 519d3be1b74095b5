import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminLifecycleController = () => import('#lifecycle/admin_lifecycle_controller')

router
  .get('/v1/admin/members/:id/usage-records', [AdminLifecycleController, 'usageRecords'])
  .as('admin.members.usage_records')
  .use(middleware.admin({ permission: 'usage.read' }))
router
  .get('/v1/admin/statistics', [AdminLifecycleController, 'statisticsIndex'])
  .as('admin.statistics.index')
  .use(middleware.admin({ permission: 'statistics.read' }))
router
  .get('/v1/admin/records-of-processing', [AdminLifecycleController, 'recordsOfProcessing'])
  .as('admin.records_of_processing')
  .use(middleware.admin({ permission: 'tenant.read' }))
