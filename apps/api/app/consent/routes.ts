import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MemberConsentsController = () => import('#consent/member_consents_controller')
const AdminConsentController = () => import('#consent/admin_consent_controller')
const WidgetCookiesController = () => import('#consent/widget_cookies_controller')
const WidgetPurposesController = () => import('#consent/widget_purposes_controller')

router
  .get('/v1/widget/purposes', [WidgetPurposesController, 'index'])
  .as('widget.purposes')
  .use(middleware.widget())
const AdminCookiesController = () => import('#consent/admin_cookies_controller')

router
  .group(() => {
    router.get('/config', [WidgetCookiesController, 'config']).as('widget.cookies.config')
    router.post('/receipts', [WidgetCookiesController, 'receipt']).as('widget.cookies.receipts')
  })
  .prefix('/v1/widget/cookies')
  .use(middleware.widget())

router
  .get('/v1/admin/cookies/inventory', [AdminCookiesController, 'inventory'])
  .as('admin.cookies.inventory')
  .use(middleware.admin({ permission: 'tenant.read' }))
router
  .put('/v1/admin/cookies/inventory', [AdminCookiesController, 'replaceInventory'])
  .as('admin.cookies.inventory.replace')
  .use(middleware.admin({ permission: 'tenant.update' }))
router
  .get('/v1/admin/consent/stats', [AdminCookiesController, 'stats'])
  .as('admin.consent.stats')
  .use(middleware.admin({ permission: 'consent.read' }))

router
  .group(() => {
    router.get('/me/consents', [MemberConsentsController, 'index']).as('widget.consents.index')
    router.post('/me/consents', [MemberConsentsController, 'store']).as('widget.consents.store')
  })
  .prefix('/v1/widget')
  .use([middleware.widget(), middleware.member()])

router
  .get('/v1/admin/consent/verify', [AdminConsentController, 'verify'])
  .as('admin.consent.verify')
  .use(middleware.admin({ permission: 'consent.read' }))
router
  .get('/v1/admin/consent/export', [AdminConsentController, 'export'])
  .as('admin.consent.export')
  .use(middleware.admin({ permission: 'consent.export' }))
router
  .get('/v1/admin/members/:id/consent-proof', [AdminConsentController, 'memberProof'])
  .as('admin.members.consent_proof')
  .use(middleware.admin({ permission: 'consent.export' }))
router.get('/v1/schemas/consent-proof.json', [AdminConsentController, 'schema']).as('schemas.consent_proof')
