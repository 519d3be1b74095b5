import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MemberUploadsController = () => import('#uploads/member_uploads_controller')
const ResumableUploadsController = () => import('#uploads/resumable_uploads_controller')
const AdminUploadsController = () => import('#uploads/admin_uploads_controller')

router
  .get('/v1/admin/uploads/:id/content', [AdminUploadsController, 'content'])
  .as('admin.uploads.content')
  .use(middleware.admin({ permission: 'uploads.view' }))

// Resumable uploads (tus protocol): create, then HEAD/PATCH to resume, DELETE to abandon.
router
  .group(() => {
    router.post('/', [ResumableUploadsController, 'handle']).as('widget.tus.create')
    router
      .route('/:id', ['HEAD', 'PATCH', 'DELETE'], [ResumableUploadsController, 'handle'])
      .as('widget.tus.upload')
  })
  .prefix('/v1/widget/me/tus')
  .use([middleware.widget(), middleware.member()])

router
  .group(() => {
    router.post('/', [MemberUploadsController, 'store']).as('widget.uploads.store')
    router.get('/', [MemberUploadsController, 'index']).as('widget.uploads.index')
    router.get('/:id/content', [MemberUploadsController, 'content']).as('widget.uploads.content')
    router.delete('/:id', [MemberUploadsController, 'destroy']).as('widget.uploads.destroy')
  })
  .prefix('/v1/widget/me/uploads')
  .use([middleware.widget(), middleware.member()])
