import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const MemberAnalysesController = () => import('#inference/member_analyses_controller')
const AdminModelsController = () => import('#inference/admin_models_controller')

router
  .group(() => {
    router.post('/uploads/:id/analyses', [MemberAnalysesController, 'store']).as('widget.analyses.store')
    router.get('/analyses/:id', [MemberAnalysesController, 'show']).as('widget.analyses.show')
    router.get('/analyses/:id/events', [MemberAnalysesController, 'events']).as('widget.analyses.events')
    router.get('/analyses/:id/mask', [MemberAnalysesController, 'mask']).as('widget.analyses.mask')
  })
  .prefix('/v1/widget/me')
  .use([middleware.widget(), middleware.member()])

router
  .group(() => {
    router
      .get('/', [AdminModelsController, 'index'])
      .as('admin.models.index')
      .use(middleware.admin({ permission: 'models.read' }))
    router
      .post('/', [AdminModelsController, 'store'])
      .as('admin.models.store')
      .use(middleware.admin({ permission: 'models.manage' }))
    router
      .post('/:id/activate', [AdminModelsController, 'activate'])
      .as('admin.models.activate')
      .use(middleware.admin({ permission: 'models.manage' }))
    router
      .post('/:id/deactivate', [AdminModelsController, 'deactivate'])
      .as('admin.models.deactivate')
      .use(middleware.admin({ permission: 'models.manage' }))
  })
  .prefix('/v1/admin/models')
