import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const TestMailController = () => import('#mail/test_mail_controller')

router
  .post('/v1/admin/mail/test', [TestMailController, 'store'])
  .as('admin.mail.test')
  .use(middleware.admin({ permission: 'mail.test' }))
