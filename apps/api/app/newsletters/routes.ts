import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const AdminCampaignsController = () => import('#newsletters/admin_campaigns_controller')
const LinksController = () => import('#newsletters/links_controller')
const MemberNewsletterController = () => import('#newsletters/member_newsletter_controller')

router
  .group(() => {
    const read = middleware.admin({ permission: 'newsletters.read' })
    const manage = middleware.admin({ permission: 'newsletters.manage' })
    router.get('/audience', [AdminCampaignsController, 'audience']).as('admin.newsletters.audience').use(read)
    router.get('/campaigns', [AdminCampaignsController, 'index']).as('admin.newsletters.index').use(read)
    router.post('/campaigns', [AdminCampaignsController, 'store']).as('admin.newsletters.store').use(manage)
    router.get('/campaigns/:id', [AdminCampaignsController, 'show']).as('admin.newsletters.show').use(read)
    router
      .patch('/campaigns/:id', [AdminCampaignsController, 'update'])
      .as('admin.newsletters.update')
      .use(manage)
    router
      .get('/campaigns/:id/preview', [AdminCampaignsController, 'preview'])
      .as('admin.newsletters.preview')
      .use(read)
    router
      .post('/campaigns/:id/test', [AdminCampaignsController, 'test'])
      .as('admin.newsletters.test')
      .use(manage)
    router
      .post('/campaigns/:id/schedule', [AdminCampaignsController, 'schedule'])
      .as('admin.newsletters.schedule')
      .use(manage)
    router
      .post('/campaigns/:id/send', [AdminCampaignsController, 'send'])
      .as('admin.newsletters.send')
      .use(manage)
    router
      .post('/campaigns/:id/cancel', [AdminCampaignsController, 'cancel'])
      .as('admin.newsletters.cancel')
      .use(manage)
    router
      .get('/campaigns/:id/stats', [AdminCampaignsController, 'stats'])
      .as('admin.newsletters.stats')
      .use(read)
    router
      .get('/campaigns/:id/recipients', [AdminCampaignsController, 'recipients'])
      .as('admin.newsletters.recipients')
      .use(middleware.admin({ permission: 'newsletters.recipients' }))
  })
  .prefix('/v1/admin/newsletters')

router
  .group(() => {
    router.get('/me/newsletter', [MemberNewsletterController, 'show']).as('widget.newsletter.show')
    router.patch('/me/newsletter', [MemberNewsletterController, 'update']).as('widget.newsletter.update')
  })
  .prefix('/v1/widget')
  .use([middleware.widget(), middleware.member()])

// Links in newsletter mails: public, no cookies, the token is the credential.
router
  .get('/newsletter/:tenant/confirm/:token', [LinksController, 'confirmPage'])
  .as('newsletter.confirm.page')
router.post('/newsletter/:tenant/confirm/:token', [LinksController, 'confirm']).as('newsletter.confirm')
router
  .get('/newsletter/:tenant/unsubscribe/:token', [LinksController, 'unsubscribePage'])
  .as('newsletter.unsubscribe.page')
router
  .post('/newsletter/:tenant/unsubscribe/:token', [LinksController, 'unsubscribe'])
  .as('newsletter.unsubscribe')
