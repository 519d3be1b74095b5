import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { privacyRequestByIp, privacyRequestByMember } from '#start/limiter'

const MemberRequestsController = () => import('#privacy_requests/member_requests_controller')
const AdminRequestsController = () => import('#privacy_requests/admin_requests_controller')

router
  .group(() => {
    router.get('/me/requests', [MemberRequestsController, 'index']).as('widget.requests.index')
    router
      .post('/me/requests', [MemberRequestsController, 'store'])
      .as('widget.requests.store')
      .use([privacyRequestByIp, privacyRequestByMember])
    router.get('/me/data', [MemberRequestsController, 'data']).as('widget.me.data')
    router.get('/me/export', [MemberRequestsController, 'export']).as('widget.me.export')
  })
  .prefix('/v1/widget')
  .use([middleware.widget(), middleware.member()])

router
  .group(() => {
    router.get('/', [AdminRequestsController, 'index']).as('admin.requests.index')
    router.post('/', [AdminRequestsController, 'store']).as('admin.requests.store')
    router.get('/:id', [AdminRequestsController, 'show']).as('admin.requests.show')
    router
      .post('/:id/verify-identity', [AdminRequestsController, 'verifyIdentity'])
      .as('admin.requests.verify')
    router.post('/:id/acknowledge', [AdminRequestsController, 'acknowledge']).as('admin.requests.acknowledge')
    router.post('/:id/extend', [AdminRequestsController, 'extend']).as('admin.requests.extend')
    router.post('/:id/complete', [AdminRequestsController, 'complete']).as('admin.requests.complete')
    router.post('/:id/reject', [AdminRequestsController, 'reject']).as('admin.requests.reject')
  })
  .prefix('/v1/admin/requests')
  .use(middleware.admin({ permission: 'requests.handle' }))

router.get('/v1/schemas/member-export.json', [MemberRequestsController, 'schema']).as('schemas.member_export')
