import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MemberConsentsController = () => import('#consent/member_consents_controller')
const AdminConsentController = () => import('#consent/admin_consent_controller')

router
  .group(() => {
    router.get('/me/consents', [MemberConsentsController, 'index']).as('widget.consents.index')
    router.post('/me/consents', [MemberConsentsController, 'store']).as('widget.consents.store')
  })
  .prefix('/v1/widget')
  .use([middleware.widget(), middleware.member()])

router.get('/v1/admin/consent/verify', [AdminConsentController, 'verify']).as('admin.consent.verify').use(middleware.admin({ permission: 'consent.read' }))
router.get('/v1/admin/consent/export', [AdminConsentController, 'export']).as('admin.consent.export').use(middleware.admin({ permission: 'consent.export' }))
router
  .get('/v1/admin/members/:id/consent-proof', [AdminConsentController, 'memberProof'])
  .as('admin.members.consent_proof')
  .use(middleware.admin({ permission: 'consent.export' }))
router.get('/v1/schemas/consent-proof.json', [AdminConsentController, 'schema']).as('schemas.consent_proof')
