import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MemberUploadsController = () => import('#uploads/member_uploads_controller')

router
  .group(() => {
    router.post('/', [MemberUploadsController, 'store']).as('widget.uploads.store')
    router.get('/', [MemberUploadsController, 'index']).as('widget.uploads.index')
    router.get('/:id/content', [MemberUploadsController, 'content']).as('widget.uploads.content')
    router.delete('/:id', [MemberUploadsController, 'destroy']).as('widget.uploads.destroy')
  })
  .prefix('/v1/widget/me/uploads')
  .use([middleware.widget(), middleware.member()])
