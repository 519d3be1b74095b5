import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { adminSignInByAccount, adminSignInByIp } from '#start/limiter'

const AdminSessionsController = () => import('#tenancy/admin_sessions_controller')
const TenantSettingsController = () => import('#tenancy/tenant_settings_controller')
const ApiKeysController = () => import('#tenancy/api_keys_controller')
const AdminsController = () => import('#tenancy/admins_controller')
const BrandingController = () => import('#tenancy/branding_controller')

router
  .post('/v1/admin/sessions', [AdminSessionsController, 'store'])
  .as('admin.sessions.store')
  .use([adminSignInByIp, adminSignInByAccount])

router
  .group(() => {
    router
      .get('/session', [AdminSessionsController, 'show'])
      .as('admin.session.show')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .delete('/sessions/current', [AdminSessionsController, 'destroy'])
      .as('admin.sessions.destroy')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .get('/tenant', [TenantSettingsController, 'show'])
      .as('admin.tenant.show')
      .use(middleware.admin({ permission: 'tenant.read' }))
    router
      .patch('/tenant', [TenantSettingsController, 'update'])
      .as('admin.tenant.update')
      .use(middleware.admin({ permission: 'tenant.update' }))
    router
      .put('/tenant/logo', [BrandingController, 'updateLogo'])
      .as('admin.branding.logo')
      .use(middleware.admin({ permission: 'tenant.update' }))
    router
      .get('/keys', [ApiKeysController, 'index'])
      .as('admin.keys.index')
      .use(middleware.admin({ permission: 'keys.manage' }))
    router
      .post('/keys', [ApiKeysController, 'store'])
      .as('admin.keys.store')
      .use(middleware.admin({ permission: 'keys.manage' }))
    router
      .delete('/keys/:id', [ApiKeysController, 'destroy'])
      .as('admin.keys.destroy')
      .use(middleware.admin({ permission: 'keys.manage' }))
    router
      .get('/admins', [AdminsController, 'index'])
      .as('admin.admins.index')
      .use(middleware.admin({ permission: 'admins.read' }))
    router
      .post('/admins', [AdminsController, 'store'])
      .as('admin.admins.store')
      .use(middleware.admin({ permission: 'admins.manage' }))
  })
  .prefix('/v1/admin')

router.get('/v1/branding/:tenant/logo', [BrandingController, 'showLogo']).as('branding.logo')
