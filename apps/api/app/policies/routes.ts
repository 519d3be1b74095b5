import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminPoliciesController = () => import('#policies/admin_policies_controller')
const WidgetPolicyController = () => import('#policies/widget_policy_controller')
const HostedPagesController = () => import('#policies/hosted_pages_controller')

router
  .group(() => {
    router
      .get('/versions', [AdminPoliciesController, 'index'])
      .as('admin.policies.index')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .post('/versions', [AdminPoliciesController, 'store'])
      .as('admin.policies.store')
      .use(middleware.admin({ permission: 'policy.edit' }))
    router
      .get('/versions/:id', [AdminPoliciesController, 'show'])
      .as('admin.policies.show')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .patch('/versions/:id', [AdminPoliciesController, 'update'])
      .as('admin.policies.update')
      .use(middleware.admin({ permission: 'policy.edit' }))
    router
      .get('/versions/:id/preview', [AdminPoliciesController, 'preview'])
      .as('admin.policies.preview')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .get('/versions/:id/diff', [AdminPoliciesController, 'diff'])
      .as('admin.policies.diff')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .get('/versions/:id/publication', [AdminPoliciesController, 'publication'])
      .as('admin.policies.publication')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .post('/versions/:id/publish', [AdminPoliciesController, 'publish'])
      .as('admin.policies.publish')
      .use(middleware.admin({ permission: 'policy.publish' }))
  })
  .prefix('/v1/admin/policy')

router
  .group(() => {
    router.get('/', [WidgetPolicyController, 'show']).as('widget.policy.show')
    router.get('/versions', [WidgetPolicyController, 'index']).as('widget.policy.index')
    router.get('/versions/:id', [WidgetPolicyController, 'version']).as('widget.policy.version')
    router.get('/diff', [WidgetPolicyController, 'diff']).as('widget.policy.diff')
  })
  .prefix('/v1/widget/policy')
  .use(middleware.widget())

router.get('/policy/:tenant', [HostedPagesController, 'current']).as('policy.page.current')
router.get('/policy/:tenant/upcoming', [HostedPagesController, 'upcoming']).as('policy.page.upcoming')
router.get('/policy/:tenant/versions/:id', [HostedPagesController, 'version']).as('policy.page.version')
