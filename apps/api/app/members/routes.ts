import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import {
  memberSignInByIp,
  registrationByAccount,
  registrationByIp,
  signInLinkByAccount,
  signInLinkByIp,
} from '#start/limiter'

const MembersController = () => import('#members/members_controller')
const IdentitySecretController = () => import('#tenancy/identity_secret_controller')

router
  .group(() => {
    router
      .post('/members', [MembersController, 'register'])
      .as('widget.members.register')
      .use([registrationByIp, registrationByAccount])
    router
      .post('/members/verify', [MembersController, 'verify'])
      .as('widget.members.verify')
      .use(memberSignInByIp)
    router
      .post('/sessions/link', [MembersController, 'requestLink'])
      .as('widget.sessions.link')
      .use([signInLinkByIp, signInLinkByAccount])
    router.post('/sessions', [MembersController, 'signIn']).as('widget.sessions.store').use(memberSignInByIp)
    router
      .post('/sessions/identity', [MembersController, 'identity'])
      .as('widget.sessions.identity')
      .use(memberSignInByIp)
    router
      .group(() => {
        router.get('/me', [MembersController, 'me']).as('widget.me')
        router.delete('/sessions/current', [MembersController, 'signOut']).as('widget.sessions.destroy')
      })
      .use(middleware.member())
  })
  .prefix('/v1/widget')
  .use(middleware.widget())

router
  .post('/v1/admin/identity-secret', [IdentitySecretController, 'store'])
  .as('admin.identity_secret.store')
  .use(middleware.admin({ permission: 'keys.manage' }))

const AdminMembersController = () => import('#members/admin_members_controller')

router
  .group(() => {
    router.get('/', [AdminMembersController, 'index']).as('admin.members.index')
    router.get('/:id', [AdminMembersController, 'show']).as('admin.members.show')
  })
  .prefix('/v1/admin/members')
  .use(middleware.admin({ permission: 'members.read' }))
